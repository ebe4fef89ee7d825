"""The overview's one-line panels: devices by state, alerts, silent agents, yearly archives."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from textual.widgets import Static

from foundation.wire import utcnow
from inventory.intake.agents import Activity
from inventory.views.overview import ArchiveState, archive_states, silent_agents
from tests.tui import devices_data
from tests.tui.conftest import MakeContext, fill_store
from tests.tui.devices_data import sync
from tui.app import SoumnetApp
from tui.screens.overview import OverviewScreen, archives_text
from tui.widgets.overview_table import DeviceTable

PANELS = ("devices", "alerts", "uplink", "agents", "archives")


def panel(app: SoumnetApp, name: str) -> str:
    return str(app.screen.query_one(f"#overview-{name}", Static).render())


async def overview(app: SoumnetApp, pilot: object) -> OverviewScreen:
    while not isinstance(app.screen, OverviewScreen) or not app.screen.loads:
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    return app.screen


def _created(now: datetime) -> datetime:
    """A month ago, on a day every year has (no 29 February)."""
    ago = now - timedelta(days=30)
    return ago.replace(day=min(ago.day, 28), microsecond=0)


@sync
async def test_panels_over_a_busy_office(make_context: MakeContext) -> None:
    context = make_context(devices=5)
    config = context.config
    devices_data.hand_entered(config)  # one in repair, one spare
    devices_data.snmp_switch(config, up=False)  # in use, down
    devices_data.evaluate_alerts(config)
    created = _created(utcnow())
    schedule = f"yearly {created:%m-%d} 02:00 UTC"
    devices_data.backup(config, "dev-0001", created, schedule, "staff-db")
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await overview(app, pilot)
        assert panel(app, "devices") == (
            "Devices: 6 in use, 1 spare, 1 in repair, 0 retired · up 5, down 1"
        )
        assert panel(app, "alerts") == (
            "Alerts: 2 open — internet connection down; core-switch is down"
        )
        assert panel(app, "agents") == "Agents: all 5 reported within a day"
        assert panel(app, "archives") == (
            f"Archives: staff-db: last {created:%Y-%m-%d}, next {created.year + 1}-{created:%m-%d}"
        )
        assert panel(app, "uplink").startswith("Internet: DOWN")


@sync
async def test_panels_say_plainly_when_there_is_no_data(make_context: MakeContext) -> None:
    app = SoumnetApp(make_context(lang="mn", devices=0), ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await overview(app, pilot)
        assert panel(app, "alerts") == "Сэрэмжлүүлэг: нээлттэй алга"
        assert panel(app, "agents") == "Агентууд: одоогоор тайлан ирүүлээгүй"
        assert panel(app, "archives") == "Жилийн архив: одоогоор ирээгүй"
        assert panel(app, "uplink").startswith("Интернэт ба дотоод сүлжээ: шалгалтын")
        assert panel(app, "devices").startswith("Төхөөрөмж: 0 ашиглалтад")


@sync
async def test_agents_silent_over_a_day_are_named(make_context: MakeContext) -> None:
    context = make_context(devices=0)
    fill_store(context.config, 2, age=timedelta(days=2))
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await overview(app, pilot)
        assert panel(app, "agents") == "Agents silent over a day: 2 (agent-0, agent-1)"


@sync
async def test_panels_fit_at_80x24_with_the_table_visible(make_context: MakeContext) -> None:
    """Each panel is one line (cut with … rather than wrapped); the table keeps 10+ rows."""
    context = make_context(lang="mn", devices=30)
    devices_data.snmp_switch(context.config, up=False)
    devices_data.evaluate_alerts(context.config)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await overview(app, pilot)
        for name in PANELS:
            widget = app.screen.query_one(f"#overview-{name}", Static)
            assert widget.region.height == 1, name
        assert app.screen.query_one(DeviceTable).region.height >= 12


def test_archive_next_run_manual_and_overdue() -> None:
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    latest = {
        "host:a": {
            "backup": {
                "ts": "2026-01-15T02:10:00Z",
                "data": {
                    "created": "2026-01-15T02:10:00+00:00",
                    "label": "staff-2026",
                    "schedule": "yearly 01-15 02:00 UTC",
                },
            }
        },
        "host:b": {
            "backup": {
                "ts": "2025-01-20T02:00:00Z",
                "data": {"label": "old", "schedule": "yearly 01-20 02:00 UTC"},
            }
        },
        "host:c": {"backup": {"ts": "2026-02-01T09:00:00Z", "data": {"schedule": "manual"}}},
        "host:d": {"health": {"ts": "2026-02-01T09:00:00Z", "data": {}}},
    }
    records = [{"key": "host:c", "name": "Нягтлан-PC"}]
    found = archive_states(records, latest, now)
    assert found == [
        ArchiveState(
            "host:a",
            "staff-2026",
            datetime(2026, 1, 15, 2, 10, tzinfo=UTC),
            datetime(2027, 1, 15, 2, 0, tzinfo=UTC),
        ),
        ArchiveState("host:b", "old", datetime(2025, 1, 20, 2, tzinfo=UTC), now),
        ArchiveState("Нягтлан-PC", "Нягтлан-PC", datetime(2026, 2, 1, 9, tzinfo=UTC), None),
    ]
    assert archives_text("en", found, now) == (
        "Archives: staff-2026: last 2026-01-15, next 2027-01-15 · "
        "old: last 2025-01-20, next overdue · Нягтлан-PC: last 2026-02-01, next not scheduled"
    )
    assert archives_text("mn", found[1:2], now) == (
        "Архив: old: сүүлд 2025-01-20, дараагийнх хугацаа хэтэрсэн"
    )


def test_silent_agents_by_their_newest_report() -> None:
    now = datetime(2026, 3, 2, tzinfo=UTC)
    agents = {
        "a": Activity("2026-03-01T12:00:00Z", 1, None),
        "b": Activity("2026-02-28T23:00:00Z", 1, None),
        "c": Activity(None, 0, None),
    }
    assert silent_agents(agents, now) == ["b", "c"]


def test_overview_texts_are_in_both_languages() -> None:
    from tui.messages import T
    from tui.texts.overview import TEXTS

    for key, (en, mn) in TEXTS.items():
        assert T.placeholders(key)[0] == T.placeholders(key)[1], key
        assert en != mn and re.search("[а-яөү]", mn), key
