"""A document as an XLSX workbook an office works in: a first sheet with the title block and
the signature lines, then one sheet per section. Tables get a bold filled heading row, a frozen
heading and an autofilter (the first table of a sheet: Excel allows one filter per sheet), real
numbers with formats (tögrög `#,##0`, percent `0.0%` from value/100, hours `0.0`, dates and
times as Excel dates), a bold total row under a rule. Charts are Excel's own, drawn from their
data written beside them, so a user can restyle or extend them.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from xlsxwriter import Workbook  # type: ignore[import-untyped]
from xlsxwriter.format import Format  # type: ignore[import-untyped]
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

from foundation import __version__
from foundation.document.messages import T
from foundation.document.model import (
    NUMERIC,
    Block,
    Chart,
    Document,
    Facts,
    Paragraph,
    Section,
    Table,
    Value,
    ValueKind,
    show,
)

SHEET_NAME_MAX = 31
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
NUMBER_FORMAT: dict[ValueKind, str] = {
    "money": "#,##0",
    "int": "#,##0",
    "bytes": "#,##0",
    "percent": "0.0%",
    "hours": "0.0",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}
HEAD_FILL = "#DEE4EC"
CHART_WIDTH_PX = 640
CHART_HEIGHT_PX = 210
CHART_ROWS = 12
"""Rows of the default height (20 px) a chart covers: the next block starts below it."""
FILTER_ROW_MAX = 10
"""A sheet's heading is frozen only when its first table starts this near the top: freezing
a dozen lines of facts would leave no room to scroll on a laptop."""
WIDTH_MIN, WIDTH_MAX = 8, 60


def render_xlsx(doc: Document) -> bytes:
    out = io.BytesIO()
    book = Workbook(
        out,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    _properties(book, doc)
    styles = _Styles(book)
    names = _SheetNames()
    _cover(book.add_worksheet(names.unique(T(doc.lang, "sheet.cover"))), doc, styles)
    for index, section in enumerate(doc.sections, start=1):
        sheet = book.add_worksheet(names.unique(section.sheet or section.title, index))
        _Sheet(book, sheet, styles).section(section)
    book.close()
    return out.getvalue()


def _properties(book: Workbook, doc: Document) -> None:
    author = doc.metadata.get("author") or ", ".join(doc.organisation)
    book.set_properties(
        {
            "title": doc.title,
            "subject": doc.metadata.get("subject") or doc.subtitle,
            "author": author,
            "company": doc.organisation[-1] if doc.organisation else "",
            "keywords": doc.metadata.get("keywords", ""),
            "comments": doc.made,
            "created": datetime.now(UTC).replace(tzinfo=None),
        }
    )
    book.set_custom_property("Language", doc.lang)
    book.set_custom_property("Generator", f"soumnet {__version__}")


class _SheetNames:
    """Excel's rules: at most 31 characters, none of []:*?/\\, no apostrophe at either end,
    unique whatever the case."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def unique(self, wanted: str, index: int = 0) -> str:
        base = FORBIDDEN.sub("", wanted).strip().strip("'").strip()
        base = re.sub(r"\s+", " ", base)[:SHEET_NAME_MAX].rstrip() or str(index or 1)
        name, number = base, 1
        while name.casefold() in self.taken:
            number += 1
            suffix = f" ({number})"
            name = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        self.taken.add(name.casefold())
        return name


class _Styles:
    """Every cell format the workbook uses, made once (XlsxWriter keeps each one it is given)."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.made: dict[tuple[str, ...], Format] = {}

    def get(self, *names: str) -> Format:
        key = tuple(sorted(names))
        if key not in self.made:
            props: dict[str, Any] = {"valign": "top"}
            for name in key:
                props.update(_STYLE.get(name, {"num_format": name}))
            self.made[key] = self.book.add_format(props)
        return self.made[key]


_STYLE: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 16},
    "subtitle": {"font_size": 12},
    "muted": {"font_color": "#6E6E6E", "font_size": 9},
    "heading": {"bold": True, "font_size": 13},
    "bold": {"bold": True},
    "head": {"bold": True, "bg_color": HEAD_FILL, "border": 1, "text_wrap": True},
    "total": {"bold": True, "top": 1},
    "right": {"align": "right"},
    "sign": {"bottom": 1},
}


def _cover(sheet: Worksheet, doc: Document, styles: _Styles) -> None:
    row = 0
    for line in doc.organisation:
        sheet.write_string(row, 0, line)
        row += 1
    row += bool(doc.organisation)
    sheet.write_string(row, 0, doc.title, styles.get("title"))
    sheet.set_row(row, 24)
    row += 1
    if doc.subtitle:
        sheet.write_string(row, 0, doc.subtitle, styles.get("subtitle"))
        row += 1
    if doc.made:
        sheet.write_string(row, 0, doc.made, styles.get("muted"))
        row += 1
    row += 2
    for sig in doc.signatures:
        who = ", ".join(part for part in (sig.name, sig.position) if part)
        sheet.write_string(row, 0, f"{sig.role}:", styles.get("bold"))
        sheet.write_blank(row, 1, None, styles.get("sign"))
        sheet.write_string(row, 2, who)
        sheet.set_row(row, 30, None)
        row += 2
    longest = max((len(s.role) for s in doc.signatures), default=10) + 2
    sheet.set_column(0, 0, max(longest, 14))
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, 2, 40)


@dataclass
class _Sheet:
    """One section's worksheet, written top to bottom."""

    book: Workbook
    sheet: Worksheet
    styles: _Styles
    row: int = 0
    widths: dict[int, int] = field(default_factory=dict)
    filtered: bool = False

    def section(self, section: Section) -> None:
        self.sheet.write_string(0, 0, section.title, self.styles.get("heading"))
        self.sheet.set_row(0, 20)
        self.row = 2
        for block in section.blocks:
            self._block(block)
            self.row += 1
        for column, width in self.widths.items():
            self.sheet.set_column(column, column, min(max(width + 2, WIDTH_MIN), WIDTH_MAX))

    def _fit(self, column: int, text: str) -> None:
        self.widths[column] = max(self.widths.get(column, 0), len(text))

    def _text(self, column: int, text: str, *styles: str, fit: bool = True) -> None:
        self.sheet.write_string(self.row, column, text, self.styles.get(*styles))
        if fit:
            self._fit(column, text)

    def _block(self, block: Block) -> None:
        if isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Facts):
            self._facts(block)
        elif isinstance(block, Paragraph):
            self._text(0, block.text, *(("bold",) if block.emphasis else ()), fit=False)
            self.row += 1
        else:
            self._chart(block)

    def _table(self, table: Table) -> None:
        if table.title:
            self._text(0, table.title, "bold", fit=False)
            self.row += 1
        head, last = self.row, len(table.columns) - 1
        for column, spec in enumerate(table.columns):
            align = ("right",) if spec.kind in NUMERIC else ()
            self._text(column, spec.title, "head", *align)
        self.row += 1
        if not table.rows:  # the columns still stand, as in every other period's workbook
            if table.empty:
                self._text(0, table.empty, "muted", fit=False)
                self.row += 1
            return
        for values in table.rows:
            self._values(values, table)
        if not self.filtered and head <= FILTER_ROW_MAX:
            self.sheet.freeze_panes(head + 1, 0)
            self.sheet.autofilter(head, 0, self.row - 1, last)
            self.filtered = True
        if table.total is not None:
            self._values(table.total, table, "total")

    def _values(self, values: tuple[Value, ...], table: Table, *styles: str) -> None:
        for column, (value, spec) in enumerate(zip(values, table.columns, strict=True)):
            self._value(column, value, spec.kind, *styles)
        self.row += 1

    def _value(self, column: int, value: Value, kind: ValueKind, *styles: str) -> None:
        """A number as a number, a date as an Excel date; the width fitted to how it shows."""
        if isinstance(value, datetime):
            kind = "datetime"
        elif isinstance(value, date):
            kind = "date"
        number_format = NUMBER_FORMAT.get(kind)
        formatted = (*styles, number_format) if number_format else styles
        style = self.styles.get(*formatted)
        sheet, row = self.sheet, self.row
        self._fit(column, show(value, kind))
        if value is None or value == "" or (isinstance(value, float) and value != value):
            sheet.write_blank(row, column, None, style)
        elif isinstance(value, datetime):
            sheet.write_datetime(row, column, value.replace(tzinfo=None), style)
        elif isinstance(value, date):
            sheet.write_datetime(row, column, value, style)
        elif isinstance(value, bool) or not isinstance(value, int | float):
            sheet.write_string(row, column, str(value), self.styles.get(*styles))
        elif kind == "percent":
            sheet.write_number(row, column, value / 100, style)
        elif kind in ("money", "int", "bytes"):
            sheet.write_number(row, column, round(value), style)
        else:
            sheet.write_number(row, column, value, style)

    def _facts(self, facts: Facts) -> None:
        if facts.title:
            self._text(0, facts.title, "bold", fit=False)
            self.row += 1
        for fact in facts.items:
            self._text(0, fact.label)
            self._value(1, fact.value, fact.kind)
            self.row += 1

    def _chart(self, chart: Chart) -> None:
        first = self.row
        self._text(0, chart.title, "head")
        self._text(1, chart.unit, "head", "right")
        self.row += 1
        for label, value in zip(chart.labels, chart.values, strict=True):
            self._text(0, label)
            self._value(1, value, "hours")
            self.row += 1
        if chart.labels:
            self._native_chart(chart, first + 1, self.row - 1, first)
        self.row = max(self.row, first + CHART_ROWS)

    def _native_chart(self, chart: Chart, top: int, bottom: int, at: int) -> None:
        name = self.sheet.get_name()
        drawn = self.book.add_chart({"type": "line" if chart.style == "line" else "column"})
        series: dict[str, Any] = {
            "name": chart.title,
            "categories": [name, top, 0, bottom, 0],
            "values": [name, top, 1, bottom, 1],
        }
        if chart.style == "line":
            series["marker"] = {"type": "circle", "size": 4}
        else:
            series["gap"] = 60
        drawn.add_series(series)
        drawn.set_title({"name": chart.title, "name_font": {"size": 11, "bold": True}})
        axis: dict[str, Any] = {"name": chart.unit, "min": 0, "major_gridlines": {"visible": True}}
        if chart.y_max is not None:
            axis["max"] = chart.y_max
        drawn.set_y_axis(axis)
        drawn.set_x_axis({"num_font": {"rotation": -45} if len(chart.labels) > 12 else {}})
        drawn.set_legend({"none": True})
        drawn.set_size({"width": CHART_WIDTH_PX, "height": CHART_HEIGHT_PX})
        self.sheet.insert_chart(at, 3, drawn, {"object_position": 1})
