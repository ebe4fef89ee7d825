"""A chart as SVG, drawn by matplotlib: vector in the PDF (fpdf2 draws the SVG's paths) and
inline in HTML. Glyphs are written as paths, so the chart looks the same without any font on
the reader's side; the chart's title is not drawn here but by each renderer as its own text.

Only matplotlib's object API is used (a Figure with the SVG canvas), never pyplot: no figure
is kept in any global registry, and two reports rendered at once do not share one.
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, MaxNLocator
from matplotlib.typing import RcKeyType

from foundation.document.model import Chart

WIDTH_MM = 170.0
HEIGHT_MM = 55.0
MAX_LABELS = 16
"""More category labels than this are thinned to every n-th: 31 days stay readable."""
LABEL_CHARS = 16
LINE_CHARS = 90
"""About how many characters of tick labels fit side by side under a chart."""
"""A turned label longer than this is cut in the middle (a device's full name is in the
section's table)."""

INK = "#333333"
BAR = "#4a6f9c"
GRID = "#d9d9d9"

_STYLE: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "soumnet",
    "font.family": "DejaVu Sans",
    "font.size": 7.5,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
}
"""Labels are SVG `<text>` in DejaVu Sans, the font the PDF embeds under that family name (fpdf2
draws them with it; as glyph paths, each letter a `<use>` fpdf2 copies, a chart took twice as
long) and that a browser finds or replaces for HTML; a reader can select and search them.
`svg.fonttype` and `svg.hashsalt` are read only from rcParams when the SVG is written, so
they are set for the duration of one chart (rc_context restores them); the salt makes the
same chart the same bytes."""

_RC_LOCK = threading.Lock()
"""rcParams are the process's: serve's report thread and a report asked for at the same time
take turns, so that neither restores the other's settings in the middle of a chart."""

_NO_METADATA: dict[str, str | None] = {
    "Format": None,
    "Type": None,
    "Creator": None,
    "Date": None,
}
"""No <metadata> element: fpdf2 does not draw it (and warns), and a date would make the same
report differ byte for byte."""


def chart_svg(chart: Chart) -> str:
    """The chart as an `<svg>` element (no XML declaration), WIDTH_MM x HEIGHT_MM."""
    with _RC_LOCK, matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(WIDTH_MM / 25.4, HEIGHT_MM / 25.4))
        _draw(figure, chart)
        out = io.StringIO()
        FigureCanvasSVG(figure).print_svg(out, metadata=_NO_METADATA)
    text = out.getvalue()
    return text[text.index("<svg") :]


def _draw(figure: Figure, chart: Chart) -> None:
    axes = figure.add_subplot()
    positions = list(range(len(chart.values)))
    values = list(chart.values)  # NaN (nothing measured) is a gap, not a zero
    known = [v for v in values if not math.isnan(v)]
    if chart.style == "line":
        axes.plot(
            positions,
            values,
            color=BAR,
            linewidth=1.4,
            marker="o" if len(values) <= 40 else None,
            markersize=2.5,
        )
        axes.set_xlim(-0.5, max(len(values) - 0.5, 0.5))
    else:  # one collection of rectangles: a tenth of 53 separate bars' drawing
        bars = [
            [(x - 0.35, 0.0), (x - 0.35, v), (x + 0.35, v), (x + 0.35, 0.0)]
            for x, v in zip(positions, values, strict=True)
            if not math.isnan(v) and v > 0
        ]
        axes.add_collection(PolyCollection(bars, facecolors=BAR, edgecolors="none"))
        axes.set_xlim(-0.6, max(len(values) - 0.4, 0.6))
    top = chart.y_max if chart.y_max is not None else max([*known, 0.0]) * 1.1 or 1.0
    axes.set_ylim(0, top)
    axes.set_ylabel(chart.unit)
    counts = all(float(v).is_integer() for v in known)  # incidents, entries: whole ticks
    axes.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=counts))
    axes.grid(axis="y", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    lines = _category_labels(axes, chart.labels)
    # fixed margins (mm) for the value labels and the category labels' lines, instead of a
    # layout engine that measures every text twice (a third of a chart's time)
    below = {0: 6.0, 1: 6.0, 2: 9.0}.get(lines, 16.0)
    left = 11.0 if chart.unit else 8.0
    figure.subplots_adjust(
        left=left / WIDTH_MM,
        right=1 - 2 / WIDTH_MM,
        top=1 - 2 / HEIGHT_MM,
        bottom=below / HEIGHT_MM,
    )


def _category_labels(axes: Axes, labels: tuple[str, ...]) -> int:
    """Every n-th label when there are many; turned, and long ones cut, when they would touch
    their neighbours, so that the bars keep most of the height. Returns how many lines the
    labels take (3: turned)."""
    step = max(1, math.ceil(len(labels) / MAX_LABELS))
    shown = list(range(0, len(labels), step))
    texts = [labels[i] for i in shown]
    room = LINE_CHARS // max(1, len(texts))
    # "хэрэглэгчийн дэмжлэг" on two lines under its bar, not into its neighbour's
    wrapped = [
        textwrap.wrap(t, room, break_long_words=False, break_on_hyphens=False) or [t] for t in texts
    ]
    turned = any(len(lines) > 2 or max(map(len, lines)) > room for lines in wrapped)
    texts = [_cut(t) for t in texts] if turned else ["\n".join(lines) for lines in wrapped]
    axes.xaxis.set_major_locator(FixedLocator(shown))
    axes.set_xticks(shown, texts)
    if turned:
        for tick in axes.get_xticklabels():
            tick.set_rotation(35)
            tick.set_horizontalalignment("right")
            tick.set_rotation_mode("anchor")
        return 3
    return max((len(lines) for lines in wrapped), default=0)


def _cut(label: str) -> str:
    """`Нягтл…принтер 12`: the start and the end kept, where names sharing a start differ."""
    if len(label) <= LABEL_CHARS:
        return label
    tail = (LABEL_CHARS - 1) // 2
    return label[: LABEL_CHARS - 1 - tail].rstrip() + "…" + label[-tail:].lstrip()
