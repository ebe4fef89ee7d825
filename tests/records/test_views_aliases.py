"""One machine known by two keys, whose reports have different ages: every view agrees."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from inventory.intake.agents import Activity
from inventory.store.layout import Layout
from inventory.store.store import Store
from inventory.views.overview import silent_agents
from tui.widgets.devices.rows import build_rows


def _health(ts: str, cpu: float) -> dict[str, object]:
    return {"ts": ts, "data": {"cpu": {"percent": cpu}, "memory": {"percent": 10}, "disks": []}}


def test_overview_and_devices_take_the_newest_report_across_aliases(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    record = {"key": "serial:X1", "name": "pc", "aliases": ["host:old", "host:new"]}
    layout.devices.parent.mkdir(parents=True, exist_ok=True)
    layout.devices.write_text(json.dumps({"devices": {"1": record}}))
    latest = {
        "1": {"device": "host:old", "kinds": {"health": _health("2026-01-01T00:00:00Z", 12)}},
        "2": {"device": "host:new", "kinds": {"health": _health("2026-02-01T00:00:00Z", 95)}},
    }
    layout.latest.parent.mkdir(parents=True, exist_ok=True)
    layout.latest.write_text(json.dumps({"latest": latest}))
    store = Store(layout)
    (row,) = store.overview()
    assert row.cpu_percent == 95.0  # the newer report, as the Devices table reads it
    (device,) = build_rows(store.devices(), store.latest(), "en")
    assert device.health == "busy"
    assert device.seen == row.ts


def test_silent_follows_the_configured_hours() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    seen = (now - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    agents = {"a": Activity(last_seen=seen, devices=1, last_error=None)}
    assert silent_agents(agents, now, timedelta(hours=24)) == []
    assert silent_agents(agents, now, timedelta(hours=2)) == ["a"]
