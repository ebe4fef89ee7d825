"""Sparklines on a fixed scale: no loss is the lowest glyph, not a solid bar; any loss shows."""

from __future__ import annotations

import uuid
from datetime import timedelta

from textual.geometry import Region
from textual.widget import Widget

from foundation.devicekeys import UPLINK_KEY as UPLINK_DEVICE
from foundation.wire import Report, utcnow
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.tui.conftest import MakeContext
from tests.tui.test_pilot import sync
from tui.app import SoumnetApp
from tui.context import Context
from tui.screens.network import NetworkScreen
from tui.widgets.levels import bars


def test_bars_on_a_fixed_scale() -> None:
    assert bars([0.0], 6, 100) == "▁" * 6  # one hour without loss: the lowest glyph
    assert bars([0.0, 0.0, 0.0], 6, 100) == "▁" * 6
    assert bars([100.0], 4, 100) == "█" * 4
    assert bars([0.0, 1.0], 2, 100) == "▁▂"  # one per cent is not drawn as none
    assert bars([0.0, 50.0, 100.0], 3, 100) == "▁▅█"
    assert bars([10.0, 11.0], 2, 100) == "▂▂"  # not the whole height between 10 and 11
    assert bars([], 5, 100) == ""
    assert bars([3.0, 7.0], 2, None) == "▄█"  # no fixed top: the highest value is the top


def uplink(context: Context, losses: list[float | None]) -> None:
    """One uplink result per hour, the newest last, as `serve` files the agent's probes."""
    now = utcnow()
    reports = [
        Report(
            id=str(uuid.uuid4()),
            agent="agent-0",
            kind="outage",
            device=UPLINK_DEVICE,
            ts=now - timedelta(hours=len(losses) - i, minutes=-5),
            data={"state": "ok", "loss_percent": loss, "latency_ms": 20.0},
        )
        for i, loss in enumerate(losses)
    ]
    Store(Layout(context.config.hub_dir)).apply(reports)


def drawn(widget: Widget) -> str:
    """What the widget puts on the screen, as text."""
    region = Region(0, 0, widget.size.width, widget.size.height)
    return "".join(strip.text for strip in widget.render_lines(region)).strip()


async def loss_line(context: Context) -> str:
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        while not isinstance(app.screen, NetworkScreen) or not app.screen.loads:
            await pilot.pause(0.05)
        await pilot.pause()
        return drawn(app.screen.query_one("#net-loss"))


@sync
async def test_no_loss_is_the_lowest_line_not_a_solid_bar(make_context: MakeContext) -> None:
    context = make_context(devices=0)
    uplink(context, [0.0])
    line = await loss_line(context)
    assert line and set(line) == {"▁"}, line


@sync
async def test_an_hour_without_a_loss_figure_is_not_drawn_as_none(
    make_context: MakeContext,
) -> None:
    context = make_context(devices=0)
    uplink(context, [100.0, None])  # the newest hour measured no loss figure at all
    line = await loss_line(context)
    assert set(line) == {"█"}, line  # only the hour that was measured is drawn
