"""A sparkline on a fixed scale from zero.

Textual's Sparkline spreads its bars between the lowest and highest value it is given: a
single hour without loss filled the line with full bars, and 10 % next to 11 % looked like
nothing next to everything. Here zero is the lowest glyph, `top` the full one (for a
percentage 100; without a top, the highest value), and any value above zero shows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.text import Text
from textual.app import RenderResult
from textual.widgets import Sparkline

BARS = "▁▂▃▄▅▆▇█"


def bars(values: Sequence[float], width: int, top: float | None) -> str:
    """One glyph per column for the highest of the values that fall in it, oldest first."""
    if not values or width <= 0:
        return ""
    scale = top if top is not None else max(values)
    glyphs = []
    for column in range(width):
        start = column * len(values) // width
        end = max(start + 1, (column + 1) * len(values) // width)
        peak = max(values[start:end])
        share = min(peak / scale, 1.0) if scale > 0 and peak > 0 else 0.0
        glyphs.append(BARS[math.ceil(share * (len(BARS) - 1))])
    return "".join(glyphs)


class Levels(Sparkline):
    """`data` as in Textual's Sparkline (oldest first); drawn on the scale 0 to `top`."""

    def __init__(self, top: float | None = None, *, id: str | None = None) -> None:
        super().__init__([], id=id)
        self.top = top

    def render(self) -> RenderResult:
        style = self.get_component_rich_style("sparkline--max-color")
        return Text(bars(self.data or [], self.size.width, self.top), style=style)
