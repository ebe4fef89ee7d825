"""A report as a document: title block, sections of tables, facts, paragraphs and charts,
and signature lines. Builders fill it with typed values (integers, tögrög, percentages,
dates in the office's time zone); renderers decide only how each type looks.

Nothing here knows what a device or an archive is, and nothing here imports a renderer's
library: a builder on an office PC (which has no fpdf2 or XlsxWriter) can still make the
plain-text form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from foundation.i18n import Lang

ValueKind = Literal["text", "int", "money", "percent", "hours", "bytes", "date", "datetime"]
"""How a column's values are shown: `money` is whole tögrög, `percent` 0-100 with one
decimal, `hours` with one decimal, `bytes` in KB/MB/GB, `datetime` to the minute."""

NUMERIC: frozenset[ValueKind] = frozenset({"int", "money", "percent", "hours", "bytes"})
"""Kinds right-aligned on paper and written as numbers in CSV and XLSX."""

Value = str | int | float | date | datetime | None
"""A cell. `None` (nothing known) is shown as a dash, never as `None`, `null` or `nan`; an
empty string is a cell left blank on purpose (the gaps of a total row)."""

THOUSANDS = "\u202f"
"""Narrow no-break space between thousands (`1 250 000`): a number never breaks across lines."""

DASH = "—"


@dataclass(frozen=True)
class Column:
    title: str
    kind: ValueKind = "text"
    width: float = 1.0
    """Relative width on paper; numbers are right-aligned whatever the width."""


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    title: str = ""
    """A subheading above the table, when a section holds more than one."""
    total: tuple[Value, ...] | None = None
    """A last row set apart (bold, a rule above): the sums of the rows."""
    empty: str = ""
    """Shown instead of the table when it has no rows."""


@dataclass(frozen=True)
class Fact:
    label: str
    value: Value
    kind: ValueKind = "text"


@dataclass(frozen=True)
class Facts:
    """Label: value lines, e.g. an archive's size and where it was made."""

    items: tuple[Fact, ...]
    title: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str
    emphasis: bool = False
    """A line a reader must not miss (a failed check, an unsigned report)."""


@dataclass(frozen=True)
class Chart:
    """One series over categories (days, weeks, kinds): bars, or a line for a time series."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    unit: str
    """The value axis' label, e.g. `%` or `h`."""
    style: Literal["bar", "line"] = "bar"
    y_max: float | None = None


Block = Table | Facts | Paragraph | Chart


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]
    sheet: str = ""
    """The section's worksheet name in XLSX (at most 31 characters); defaults to the title."""


@dataclass(frozen=True)
class Signature:
    """A line at the end for a person to sign: `Prepared by: ____ B. Bold, IT officer`."""

    role: str
    name: str = ""
    position: str = ""


@dataclass(frozen=True)
class Document:
    lang: Lang
    title: str
    subtitle: str = ""
    """E.g. the period in words: `2026 оны 11 дүгээр сар`."""
    organisation: tuple[str, ...] = ()
    """Lines naming who the report is of: aimag, soum, office."""
    made: str = ""
    """`Made 2026-12-03 14:05` (already worded: the date is in the office's time zone)."""
    sections: tuple[Section, ...] = ()
    signatures: tuple[Signature, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)
    """Written into the PDF's and XLSX's document properties (author, subject)."""


def group_thousands(number: int) -> str:
    text = f"{abs(number):,}".replace(",", THOUSANDS)
    return f"-{text}" if number < 0 else text


def show(value: Value, kind: ValueKind = "text") -> str:
    """A cell as text, the same in every format that prints text (PDF, HTML, text, CSV's
    non-numeric columns)."""
    if value is None:
        return DASH
    if isinstance(value, float) and value != value:  # NaN
        return DASH
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if kind == "percent":
            return f"{value:.1f} %"
        if kind == "hours":
            return f"{value:.1f}"
        if kind == "bytes":
            return human_bytes(int(value))
        if kind in ("money", "int"):
            return group_thousands(round(value))
        return str(value)
    return str(value)


def human_bytes(count: int) -> str:
    """`791 B`, `1.2 MB`, `734.0 GB`: the unit a person reads at a glance."""
    size = float(count)
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"
