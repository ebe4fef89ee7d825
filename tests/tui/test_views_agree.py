"""One machine known by two keys, whose reports have different ages: the overview, the
Devices screen, the device page and `soumnet-hub devices list --json` say the same about it,
and the overview follows the `[alerts]` settings."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from foundation.wire import format_ts, utcnow
from inventory.cli import main as hub_main
from inventory.records import devices
from inventory.records.merge import merge_devices
from inventory.store.layout import Layout
from inventory.store.store import Store
from inventory.views.devices import devices_view
from tests.conftest import write_config
from tests.tui.devices_data import report, sync
from tests.tui.test_devices import open_devices, wait_loaded
from tui.app import SoumnetApp
from tui.config import TuiConfig as Config
from tui.config import load
from tui.context import Context
from tui.screens.device_page import DevicePage
from tui.screens.overview import OverviewScreen
from tui.widgets.overview_table import DeviceTable


def _config(folder: Path, alerts: str = "") -> Config:
    """A hub without `[users]` (anyone may read it from the command line)."""
    config = load(write_config(folder, f"[alerts]\n{alerts}\n" if alerts else ""))
    Layout(config.hub_dir).init()
    return config


def _health(cpu: float, memory: float, disks: list[dict[str, float]]) -> dict[str, object]:
    return {"cpu": {"percent": cpu}, "memory": {"percent": memory}, "disks": disks}


def _one_machine_two_keys(config: Config) -> datetime:
    """`host:old` (an old report) and `host:new` (a newer one) merged into one record kept
    under the old key: the newest report reaches it through its alias. Returns the newest
    report's time."""
    layout = Layout(config.hub_dir)
    newest = utcnow().replace(microsecond=0) - timedelta(hours=1)
    old = report("host:old", "health", newest - timedelta(days=3), _health(12, 10, []), "a-old")
    disks = [{"percent": 20.0}, {"percent": 70.0}]
    new = report("host:new", "health", newest, _health(95, 40, disks), "a-new")
    Store(layout).apply([old, new])
    merge_devices(layout, "host:old", "host:new", "officer")
    return newest


def _cli_rows(config: Config, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert hub_main(["--config", str(config.path), "devices", "list", "--json"]) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


@pytest.mark.parametrize(("busy", "health"), [("", "busy"), ("busy_percent = 99", "ok")])
@sync
async def test_every_view_says_the_same_of_a_machine_with_two_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], busy: str, health: str
) -> None:
    config = _config(tmp_path / "site", busy)
    newest = _one_machine_two_keys(config)

    (row,) = _cli_rows(config, capsys)
    assert row["key"] == "host:old" and row["health"] == health
    assert (row["cpu_percent"], row["memory_percent"], row["disk_percent"]) == (95.0, 40.0, 70.0)
    assert row["seen"] == row["figures_ts"] == format_ts(newest)

    context = Context(config=config, lang="en", user="officer", role="it")
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, OverviewScreen) or not app.screen.loads:
            await pilot.pause(0.05)
        await pilot.pause()
        table = app.screen.query_one(DeviceTable)
        assert table.row_count == 1
        cells = [str(c).strip() for c in table.get_row("host:old")]
        assert cells[1:4] == ["95.0", "40.0", "70.0"]
        devices_panel = str(app.screen.query_one("#overview-devices", Static).render())
        assert devices_panel.endswith("up 1, down 0")

        screen = await open_devices(app, pilot)
        (listed,) = screen.rows
        assert listed.key == "host:old" and listed.health == health
        assert listed.cells[3] == health
        assert listed.seen == newest
        assert listed.listing.to_json() == row

        await pilot.press("enter")
        await wait_loaded(app, pilot, DevicePage)
        page = app.screen
        assert isinstance(page, DevicePage)
        view = page.fetch()
        assert view.listing == listed.listing
        assert view.kinds["health"]["ts"] == format_ts(newest)


def _panel(app: SoumnetApp, name: str) -> str:
    return str(app.screen.query_one(f"#overview-{name}", Static).render())


async def _panels(config: Config) -> tuple[str, str]:
    app = SoumnetApp(Context(config=config, lang="en", user="officer", role="it"), ansi=True)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, OverviewScreen) or not app.screen.loads:
            await pilot.pause(0.05)
        await pilot.pause()
        return _panel(app, "agents"), _panel(app, "archives")


@sync
async def test_the_overview_follows_the_alert_settings(tmp_path: Path) -> None:
    """An agent heard from 3 hours ago, a yearly archive made 30 days ago: silent and overdue
    only by the configured hours and days."""
    now = utcnow()
    created = (now - timedelta(days=30)).replace(microsecond=0)
    created = created.replace(day=min(created.day, 28))  # on a day every year has
    schedule = f"yearly {created:%m-%d} 02:00 UTC"
    texts = {}
    for name, alerts in (
        ("default", ""),
        ("hours", "agent_silent_hours = 2"),
        ("days", "archive_overdue_days = 20"),
    ):
        config = _config(tmp_path / name, alerts)
        seen = report("host:pc", "health", now - timedelta(hours=3), _health(5, 5, []), "pc")
        made = {"created": created.isoformat(), "label": "staff-db", "schedule": schedule}
        archive = report("host:pc", "backup", created, made, "pc")
        Store(Layout(config.hub_dir)).apply([seen, archive])
        texts[name] = await _panels(config)
    ok = "Agents: all 1 reported within a day"
    on_time = (
        f"Archives: staff-db: last {created:%Y-%m-%d}, next {created.year + 1}-{created:%m-%d}"
    )
    overdue = f"Archives: staff-db: last {created:%Y-%m-%d}, next overdue"
    assert texts["default"] == (ok, on_time)
    assert texts["hours"] == ("Agents silent over 2 h: 1 (pc)", on_time)
    assert texts["days"] == (ok, overdue)


def test_a_device_without_health_reports_is_seen_when_it_last_reported(tmp_path: Path) -> None:
    """A switch sends SNMP reports only: the overview's "last report" is that report's time,
    as the Devices list's "last seen" is, not "never"."""
    config = _config(tmp_path / "site")
    layout = Layout(config.hub_dir)
    polled = utcnow().replace(microsecond=0) - timedelta(minutes=5)
    switch = report("snmp:10.0.0.2", "snmp", polled, {"up": True, "name": "Гол свич"}, "s-1")
    devices.apply_reports(layout, [switch])
    Store(layout).apply([switch])
    store = Store(layout)
    (row,) = store.overview()
    (listed,) = devices_view(store.devices(), store.latest()).rows
    assert row.ts == listed.seen == polled
    assert row.cpu_percent is None
