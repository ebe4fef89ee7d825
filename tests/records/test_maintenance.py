"""The maintenance log: add, edit, close with validation; every change audited."""

from __future__ import annotations

import subprocess

import pytest

from inventory.records import devices, maintenance
from inventory.store import audit
from inventory.store.layout import Layout
from tests.conftest import venv_command
from tui.config import TuiConfig as Config


def test_add_edit_close(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    key = devices.add_device(layout, {"name": "Принтер"}, "bolor")
    entry = maintenance.add_entry(
        layout,
        {
            "device": key,
            "date": "2026-11-10",
            "kind": "repair",
            "description": "Бөмбөр солив",
            "parts": "drum unit",
            "cost": "85 000",
            "minutes": "45",
            "alerts": "toner_low:snmp:10.0.0.9#1",
        },
        "bolor",
    )
    assert entry["status"] == "open" and entry["done_by"] == "bolor" and entry["cost"] == 85000.0
    assert entry["alerts"] == ["toner_low:snmp:10.0.0.9#1"]
    maintenance.edit_entry(layout, entry["number"], {"minutes": "60"}, "dorj")
    closed = maintenance.close_entry(layout, entry["number"], "dorj")
    assert closed["status"] == "closed" and closed["minutes"] == 60.0 and "closed" in closed
    assert maintenance.list_entries(layout, status="open") == []
    assert [e["number"] for e in maintenance.list_entries(layout, device=key)] == [1]
    actions = [e["action"] for e in audit.entries(layout)]
    assert actions == ["device.add", "maintenance.add", "maintenance.edit", "maintenance.edit"]


def test_every_bad_field_is_named(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    with pytest.raises(maintenance.InvalidEntry) as caught:
        maintenance.add_entry(
            layout,
            {"device": "host:nowhere", "date": "yesterday", "kind": "magic", "cost": "free"},
            "bolor",
        )
    fields = sorted(p.field for p in caught.value.problems)
    assert fields == ["cost", "date", "description", "device", "kind"]
    assert "заавал" in caught.value.text("mn")
    assert maintenance.list_entries(layout) == [] and audit.entries(layout) == []
    with pytest.raises(maintenance.UnknownEntry):
        maintenance.close_entry(layout, 42, "bolor")


def test_the_commands_say_what_they_did(cli_env: dict[str, str]) -> None:
    """`maintenance add`, `edit` and `close` and an empty `alerts` each print one line that
    says what happened, in the user's language."""

    def hub(*args: str, lang: str = "en") -> str:
        done = subprocess.run(
            [venv_command("soumnet-hub"), *args],
            capture_output=True,
            text=True,
            env={**cli_env, "SOUMNET_LANG": lang},
        )
        assert done.returncode == 0 and done.stderr == "", done.stderr
        return done.stdout

    assert hub("devices", "list") == "no device on record\n"
    assert hub("maintenance", "list", lang="mn") == "засварын бичлэг алга\n"
    assert hub("archives", "list") == "no archive on the hub yet\n"
    key = hub("devices", "add", "name=pc1", "type=pc").strip().split()[-1]
    added = hub("maintenance", "add", f"device={key}", "date=2026-11-02", "kind=repair",
                "description=fan")  # fmt: skip
    assert added == "maintenance entry 1 added (pc1, 2026-11-02)\n"  # named, never by key
    assert hub("maintenance", "edit", "1", "minutes=90") == "maintenance entry 1 changed: minutes\n"
    assert hub("maintenance", "close", "1", lang="mn") == "засварын 1-р бичлэгийг хаалаа\n"
    listed = hub("maintenance", "list", lang="mn")
    assert "\tхаагдсан\tзасвар\t" in listed and "closed" not in listed
    assert hub("alerts") == "no active alerts\n"
    assert hub("alerts", "--all", lang="mn") == "бүртгэгдсэн сэрэмжлүүлэг алга\n"
