"""A document as CSV an office opens in Excel by a double click: UTF-8 with a byte-order mark
(Excel then reads Cyrillic right), CRLF line ends, commas. The document's lines come first,
then each section: its title, each table's title, the column titles, the rows, the total row
and a blank row. Numbers are plain numbers Excel can sum: no thousands separator, a dot for
the decimal; dates ISO; an empty cell for no value. A text that Excel would run as a formula
(a device that names itself `=HYPERLINK(...)`) is written with a leading apostrophe."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from foundation.document.model import (
    Block,
    Chart,
    Document,
    Facts,
    Paragraph,
    Table,
    Value,
    ValueKind,
)

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
Row = list[str | int]


def render_csv(doc: Document) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in (*doc.organisation, doc.title, doc.subtitle, doc.made):
        if line:
            writer.writerow([line])
    writer.writerow([])
    for section in doc.sections:
        writer.writerow([section.title])
        for block in section.blocks:
            writer.writerows(_block(block))
            writer.writerow([])
    for sig in doc.signatures:
        writer.writerow([sig.role, sig.name, sig.position])
    return (BOM + out.getvalue()).encode("utf-8")


def _block(block: Block) -> list[Row]:
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Facts):
        head: list[Row] = [[block.title]] if block.title else []
        return head + [[text(f.label), cell(f.value, f.kind)] for f in block.items]
    if isinstance(block, Paragraph):
        return [[text(block.text)]]
    return _chart(block)


def _table(table: Table) -> list[Row]:
    """The column titles even when there are no rows: a program reading every month's file
    finds the same columns, and the empty text says why none follow."""
    rows: list[Row] = [[table.title]] if table.title else []
    rows.append([text(c.title) for c in table.columns])
    if not table.rows:
        return rows + ([[text(table.empty)]] if table.empty else [])
    body = [*table.rows, *([table.total] if table.total is not None else [])]
    for values in body:
        rows.append([cell(v, c.kind) for v, c in zip(values, table.columns, strict=True)])
    return rows


def _chart(chart: Chart) -> list[Row]:
    rows: list[Row] = [[chart.title, chart.unit]]
    return rows + [
        [text(label), cell(value, "hours")]
        for label, value in zip(chart.labels, chart.values, strict=True)
    ]


def cell(value: Value, kind: ValueKind) -> str | int:
    """A value as Excel reads it back: `1250000`, `99.5`, `2026-11-30 09:41`, empty."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, int | float):
        return text(str(value))
    if kind in ("money", "int", "bytes"):
        return round(value)
    if kind in ("percent", "hours"):
        return f"{value:.1f}"
    return str(value)


def text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value
