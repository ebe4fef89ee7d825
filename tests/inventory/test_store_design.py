"""inventory/DESIGN.md is exactly true: `audit verify` re-implemented from its hash rule alone
agrees with `soumnet-hub audit verify`, and every path a short run creates is listed there
and named by `Layout`."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path
from typing import Any

from inventory.records import devices, maintenance
from inventory.store.layout import Layout
from tests.conftest import venv_command
from tui.config import TuiConfig as Config

DESIGN = Path(__file__).resolve().parents[2] / "inventory" / "DESIGN.md"
ZERO = "0" * 64


def _doc_verify(audit_dir: Path) -> bool:
    """The walk of DESIGN.md's "The audit chain", with hashing code of its own."""
    found: list[dict[str, Any]] = []
    for shard in audit_dir.iterdir():
        if re.fullmatch(r"\d{4}-\d{2}\.json", shard.name):
            found.extend(json.loads(shard.read_bytes())["entries"].values())
    found.sort(key=lambda e: e["seq"] if isinstance(e.get("seq"), int) else 0)
    ok, expected, prev = True, 1, ZERO
    for entry in found:
        if not isinstance(entry.get("seq"), int):
            ok = False
            continue
        body = {k: v for k, v in entry.items() if k != "hash"}
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        digest = hashlib.sha256(f"{entry['prev']}\n{canonical}".encode()).hexdigest()
        ok &= entry["seq"] == expected and entry["prev"] == prev and entry["hash"] == digest
        prev, expected = entry["hash"], entry["seq"] + 1
    head_file = audit_dir / "head.json"
    head = json.loads(head_file.read_bytes()) if head_file.exists() else {"seq": 0, "hash": ZERO}
    return ok and head["seq"] == expected - 1 and (head["seq"] == 0 or head["hash"] == prev)


def _cli_verify(env: dict[str, str]) -> bool:
    done = subprocess.run(
        [venv_command("soumnet-hub"), "audit", "verify"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    return done.returncode == 0


def _run(layout: Layout) -> None:
    key = devices.add_device(layout, {"name": "ПК 1", "type": "pc"}, "bolor")
    devices.edit_device(layout, key, {"location": "2-р өрөө"}, "bolor")
    maintenance.add_entry(
        layout,
        {"device": key, "date": "2026-11-02", "kind": "repair", "description": "PSU"},
        "dorj",
    )


def test_the_documented_hash_rule_agrees_with_audit_verify(
    hub: Config, cli_env: dict[str, str]
) -> None:
    assert "## The audit chain" in DESIGN.read_text("utf-8")
    layout = Layout(hub.hub_dir)
    _run(layout)
    assert _doc_verify(layout.audit) and _cli_verify(cli_env)
    (shard,) = [p for p in layout.audit.glob("*.json") if p.name != "head.json"]
    data = json.loads(shard.read_text("utf-8"))
    data["entries"]["2"]["who"] = "дорж"
    shard.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert not _doc_verify(layout.audit) and not _cli_verify(cli_env)


def _named_by_layout(layout: Layout) -> set[Path]:
    paths = {
        getattr(layout, name) for name in dir(Layout) if isinstance(getattr(Layout, name), property)
    }
    return {p for p in paths if isinstance(p, Path)}


def test_every_path_of_a_run_is_documented_and_named_by_layout(hub: Config) -> None:
    design = DESIGN.read_text("utf-8")
    layout = Layout(hub.hub_dir)
    _run(layout)
    with layout.write_lock():
        pass
    named = _named_by_layout(layout)
    for path in sorted(layout.root.rglob("*")):
        rel = path.relative_to(layout.root)
        top = layout.root / rel.parts[0]
        assert top in named, rel
        if path.is_file():
            pattern = re.sub(r"\d{4}-\d{2}", "YYYY-MM", rel.as_posix())
            assert pattern in design or rel.name in design, rel
        else:
            assert f"{rel.as_posix()}/" in design, rel
