"""Every screen at 80×24 and 120×40, in Mongolian and English (16-colour ANSI theme)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import MakeContext
from tui.app import SoumnetApp
from tui.screens.base import SoumnetScreen

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["en", "mn"])
@pytest.mark.parametrize(
    "screen_key",
    ["o", "n", "g", "t", "h"],
    ids=["overview", "network", "agents", "audit", "help"],
)
def test_screen_snapshot(
    snap_compare: Any,
    make_context: MakeContext,
    size: tuple[int, int],
    lang: str,
    screen_key: str,
) -> None:
    app = SoumnetApp(make_context(lang=lang, devices=12), ansi=True)

    async def reach(pilot: Pilot[None]) -> None:
        await pilot.press(screen_key)
        screen = pilot.app.screen
        while isinstance(screen, SoumnetScreen) and screen.POLLS and not screen.loads:
            await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=reach)
