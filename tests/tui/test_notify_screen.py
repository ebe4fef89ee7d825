"""The Alerts screen: open alerts with their numbers, acknowledged with `a` through the door
(in the audit trail under the person's name), and the notification log below."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Static

from foundation.wire import utcnow
from inventory.records import alerts
from inventory.store import audit
from inventory.store.layout import Layout
from tests.tui.conftest import MakeContext
from tests.tui.test_pilot import sync
from tui.app import SoumnetApp
from tui.screens.notify import NotifyScreen


async def _loaded(app: SoumnetApp, pilot: object, after: int = 0) -> NotifyScreen:
    while not isinstance(app.screen, NotifyScreen) or app.screen.loads <= after:
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    return app.screen


@sync
async def test_an_alert_is_acknowledged_with_the_keyboard(make_context: MakeContext) -> None:
    context = make_context(lang="mn")
    layout = Layout(context.config.hub_dir)
    with layout.write_lock():
        for minutes in (0, 11):  # down for longer than device_down_minutes: active, numbered
            alerts.evaluate(layout, context.config.alerts, utcnow() + timedelta(minutes=minutes))
    (alert,) = alerts.open_alerts(layout)
    assert alert.rule == "internet_down" and alert.no == 1
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("л")  # l on the Mongolian layout
        screen = await _loaded(app, pilot)
        table = screen.query_one("#notify-alerts", DataTable)
        assert [str(c) for c in table.get_row_at(0)][::2] == ["#1", "интернэт холболт тасарсан"]
        summary = str(screen.query_one("#notify-summary", Static).render())
        assert "[notify.channels]-д суваг алга" in summary
        loads = screen.loads
        await pilot.press("f6")
        await app.workers.wait_for_complete()
        screen = await _loaded(app, pilot, loads)
        assert str(table.get_row_at(0)[3]) == "officer"
    (entry,) = [e for e in audit.entries(layout) if e["action"] == "alert.ack"]
    assert entry["who"] == "officer" and entry["target"] == "#1"
