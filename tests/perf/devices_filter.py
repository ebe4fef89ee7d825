"""Benchmark: one filter keystroke on the Devices screen over 5,000 devices.

Two figures, headless at 80×24:
1. the screen's own work per keystroke (filter the prepared rows, update the table);
2. a keystroke from press until redrawn (Pilot `press` then `pause`), against a peer
   measured the same way in the same run: a bare Textual app whose Input echoes into a
   Static. Pilot's own waits dominate both, so the difference is what filtering 5,000
   devices adds to any keystroke.
Target: the screen's work and the difference both under 100 ms.
The rows are built by the screen's own code from 5,000 records (no store reads are timed:
the store is read by the polling worker, not on a keystroke).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from textual.app import App, ComposeResult  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.widgets import Input, Static  # noqa: E402

from tests.tui.conftest import NAMES, site  # noqa: E402
from tui.app import SoumnetApp  # noqa: E402
from tui.context import Context  # noqa: E402
from tui.screens.devices import DevicesData, DevicesScreen  # noqa: E402
from tui.widgets.devices.rows import CAPS, build_rows, labels  # noqa: E402
from tui.widgets.devices.widths import fit_widths  # noqa: E402

DEVICES = 5000
TYPED = "нягтлан 1"  # narrows step by step, then widens with backspaces


class Echo(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="typed")
        yield Static(id="echo")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#echo", Static).update(event.value)


async def keystrokes(pilot: Pilot[None]) -> list[float]:
    times = []
    for key in [*TYPED, *["backspace"] * len(TYPED)]:
        start = time.perf_counter()
        await pilot.press(" " if key == " " else key)
        await pilot.pause()
        times.append(time.perf_counter() - start)
    return times


async def peer() -> list[float]:
    app = Echo()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(Input).focus()
        await pilot.pause()
        return await keystrokes(pilot)


async def devices(context: Context) -> tuple[list[float], list[float]]:
    records = [
        {"key": f"dev-{i:04d}", "name": f"{i:04d}-{NAMES[i % len(NAMES)]}", "location": "Төв"}
        for i in range(DEVICES)
    ]
    rows = build_rows(records, {}, "mn")
    data = DevicesData(rows, fit_widths(labels("mn"), (r.cells for r in rows), CAPS))
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        while not isinstance(app.screen, DevicesScreen) or not app.screen.loads:
            await pilot.pause(0.05)
        screen = app.screen
        screen.fetch = lambda: data  # type: ignore[method-assign]
        loads = screen.loads
        await pilot.press("r")
        while screen.loads == loads:
            await pilot.pause(0.05)
        await pilot.press("f")
        await pilot.pause()
        work: list[float] = []
        refilter = screen._refilter

        def timed() -> None:
            start = time.perf_counter()
            refilter()
            work.append(time.perf_counter() - start)

        screen._refilter = timed  # type: ignore[method-assign]
        return work, await keystrokes(pilot)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        config = site(Path(folder))
        context = Context(config=config, lang="mn", user="officer", role="it")
        bare = asyncio.run(peer())
        work, ours = asyncio.run(devices(context))
    ms = 1000.0
    work_median, work_worst = statistics.median(work) * ms, max(work) * ms
    median, peer_median = statistics.median(ours) * ms, statistics.median(bare) * ms
    print(f"{len(work)} keystrokes over {DEVICES} devices (typed {TYPED!r}, then erased)")
    print(f"screen's work per keystroke: median {work_median:.1f} ms, worst {work_worst:.1f} ms")
    print(f"press to redraw: {median:.1f} ms; bare Input peer: {peer_median:.1f} ms")
    print(f"ratio {median / peer_median:.2f}×, adds {median - peer_median:.1f} ms; target < 100 ms")
    return 0 if work_worst < 100 and median - peer_median < 100 else 1


if __name__ == "__main__":
    sys.exit(main())
