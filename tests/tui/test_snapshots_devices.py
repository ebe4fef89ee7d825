"""The Devices screen, a device's page and the device form at 80×24 and 120×40, mn and en."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui import devices_data
from tests.tui.conftest import MakeContext
from tui.app import SoumnetApp

SIZES = [(80, 24), (120, 40)]
KEYS = {
    "devices": ("d",),
    "page": ("d", "enter"),
    "form": ("d", "a"),
    "errors": ("d", "a", "f6"),
}


async def _settle(pilot: Pilot[None]) -> None:
    screen = pilot.app.screen
    while getattr(screen, "POLLS", False) and not getattr(screen, "loads", 0):
        await pilot.pause(0.05)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["en", "mn"])
@pytest.mark.parametrize("screen", list(KEYS))
def test_devices_snapshot(
    snap_compare: Any,
    make_context: MakeContext,
    size: tuple[int, int],
    lang: str,
    screen: str,
) -> None:
    context = make_context(lang=lang, devices=12)
    devices_data.hand_entered(context.config)
    devices_data.facts(context.config)
    devices_data.repair(context.config)
    app = SoumnetApp(context, ansi=True)

    async def reach(pilot: Pilot[None]) -> None:
        for key in KEYS[screen]:
            await pilot.press(key)
            await _settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=reach)
