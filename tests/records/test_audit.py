"""Must show 5: editing or deleting any audit entry is detected by `soumnet-hub audit verify`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from inventory.records import devices, maintenance
from inventory.store import audit
from inventory.store.layout import Layout
from tests.conftest import venv_command
from tui.config import TuiConfig as Config


def verify_cli(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [venv_command("soumnet-hub"), "audit", "verify"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def _fill(layout: Layout) -> None:
    key = devices.add_device(layout, {"name": "ПК 1", "type": "pc"}, "bolor")
    devices.edit_device(layout, key, {"location": "2-р өрөө"}, "bolor")
    devices.add_device(layout, {"name": "Printer"}, "dorj")
    entry = maintenance.add_entry(
        layout,
        {"device": key, "date": "2026-11-02", "kind": "repair", "description": "PSU"},
        "dorj",
    )
    maintenance.close_entry(layout, entry["number"], "dorj")


def _shard(layout: Layout) -> Path:
    (path,) = [p for p in layout.audit.glob("*.json") if p.name != "head.json"]
    return path


def _rewrite(path: Path, change: Any) -> None:
    data = json.loads(path.read_text("utf-8"))
    change(data["entries"])
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def test_entries_say_who_when_what_before_after(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    _fill(layout)
    found = audit.entries(layout)
    assert [e["seq"] for e in found] == [1, 2, 3, 4, 5]
    edit = found[1]
    assert edit["who"] == "bolor" and edit["action"] == "device.edit"
    assert edit["before"]["location"] is None and edit["after"]["location"] == "2-р өрөө"
    assert found[4]["before"]["status"] == "open" and found[4]["after"]["status"] == "closed"
    assert audit.verify(layout) == []


def test_intact_trail_verifies(hub: Config, cli_env: dict[str, str]) -> None:
    _fill(Layout(hub.hub_dir))
    done = verify_cli(cli_env)
    assert done.returncode == 0, done.stderr
    assert "5 entries" in done.stdout


def _edit_middle(entries: dict[str, Any]) -> None:
    entries["2"]["after"]["location"] = "somewhere else"


def _edit_who(entries: dict[str, Any]) -> None:
    entries["1"]["who"] = "someone"


def _delete_middle(entries: dict[str, Any]) -> None:
    del entries["3"]


def _delete_first(entries: dict[str, Any]) -> None:
    del entries["1"]


def _delete_last(entries: dict[str, Any]) -> None:
    del entries["5"]


def _rehash_edit(entries: dict[str, Any]) -> None:
    # a forger who also recomputes the edited entry's own hash still breaks the next link
    entry = entries["2"]
    entry["who"] = "forger"
    body = {k: v for k, v in entry.items() if k != "hash"}
    entry["hash"] = audit._digest(entry["prev"], body)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_edit_middle, "entry 2 was changed"),
        (_edit_who, "entry 1 was changed"),
        (_delete_middle, "entry 3 is missing"),
        (_delete_first, "entry 1 is missing"),
        (_delete_last, "ends before entry 5"),
        (_rehash_edit, "entry 3 does not follow"),
    ],
)
def test_any_edit_or_deletion_is_detected(
    hub: Config, cli_env: dict[str, str], change: Any, expected: str
) -> None:
    layout = Layout(hub.hub_dir)
    _fill(layout)
    _rewrite(_shard(layout), change)
    assert audit.verify(layout)
    done = verify_cli(cli_env)
    assert done.returncode == 5
    assert expected in done.stderr
    assert "audit trail damaged" in done.stderr.strip().splitlines()[-1]


def test_deleting_the_whole_shard_is_detected(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    _fill(layout)
    _shard(layout).unlink()
    assert [f.problem for f in audit.verify(layout)] == ["audit.tail_missing"]


def test_failed_edit_writes_no_audit_entry(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    key = devices.add_device(layout, {"name": "ПК"}, "bolor")
    with pytest.raises(devices.InvalidDevice) as caught:
        devices.edit_device(layout, key, {"ip": "999.1.1.1", "status": "lost"}, "bolor")
    assert "ip" in str(caught.value) and "status" in str(caught.value)
    assert "IP хаяг биш" in caught.value.text("mn")
    assert len(audit.entries(layout)) == 1
