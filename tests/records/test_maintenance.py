"""The maintenance log: add, edit, close with validation; every change audited."""

from __future__ import annotations

import pytest

from agent.config import Config
from inventory import audit, devices, maintenance
from inventory.layout import Layout


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
