"""A signed report as the auditor's document reads it, as a scrollable two-column table.

The document (`inventory.views.archives.report_document`) decides every word and value; this
only lays its blocks out in rows: a block's title, then label and value (a table's row: its
cells in one line), each wrapped to the screen's width, so that at 80 columns nothing a reader
must see (the verification line) runs off the edge.
"""

from __future__ import annotations

import textwrap
from itertools import zip_longest

from textual import events
from textual.widgets import DataTable

from foundation.document.model import Document, Facts, Paragraph, Table, show
from foundation.i18n import Lang
from tui.messages import T
from tui.widgets.refill import refill

LABEL_WIDTH = 22
"""The label column's widest; a longer label (a table's title) wraps."""
ROOM = 6
"""Cells that are not the two columns' text: the cells' padding and the scroll bar."""
MAX_VALUE = 400
"""A long line (a dump's message) is cut: the table stays quick over SSH."""


def document_rows(doc: Document) -> list[tuple[str, str]]:
    """(label, value) of every line of the document, in its order, unwrapped."""
    rows: list[tuple[str, str]] = []
    for section in doc.sections:
        if len(doc.sections) > 1:
            rows.append((section.title, ""))
        for block in section.blocks:
            if isinstance(block, Paragraph):
                rows.append(("!" if block.emphasis else "", block.text))
            elif isinstance(block, Facts):
                if block.title:
                    rows.append((block.title, ""))
                rows += [(f.label, show(f.value, f.kind)) for f in block.items]
            elif isinstance(block, Table):
                if block.title:
                    rows.append((block.title, "" if block.rows else block.empty))
                for row in block.rows:
                    cells = [show(v, c.kind) for v, c in zip(row, block.columns, strict=True)]
                    rows.append(("", ", ".join(cells)))
    return [(label, v if len(v) <= MAX_VALUE else v[:MAX_VALUE] + "…") for label, v in rows]


def wrapped(rows: list[tuple[str, str]], width: int) -> list[tuple[str, str]]:
    """Each row as lines of a label at most LABEL_WIDTH and a value at most what is left of
    `width` cells; a wrapped row's later lines have an empty label (or value)."""
    label_width = min(LABEL_WIDTH, max((len(label) for label, v in rows if v), default=0))
    value_width = max(20, width - label_width - ROOM)
    out: list[tuple[str, str]] = []
    for label, value in rows:
        if not value and len(label) > label_width:
            label, value = "", label  # a long heading reads on one line, above its rows
        labels = textwrap.wrap(label, label_width) or [""]
        values = textwrap.wrap(value, value_width, break_on_hyphens=False) or [""]
        out += [(a, b) for a, b in zip_longest(labels, values, fillvalue="")]
    return out


class ReportFields(DataTable[str]):
    """The document's lines, label and value."""

    def __init__(self, lang: Lang, **kwargs: object) -> None:
        super().__init__(cursor_type="row", **kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self._doc: Document | None = None

    def on_mount(self) -> None:
        self.add_column(T(self.lang, "backups.report.field"), key="field")
        self.add_column(T(self.lang, "backups.report.value"), key="value")

    def show(self, doc: Document) -> None:
        self._doc = doc
        lines = wrapped(document_rows(doc), self.size.width or self.app.size.width)
        refill(self, [(None, line) for line in lines])

    def on_resize(self, _event: events.Resize) -> None:
        if self._doc is not None:
            self.show(self._doc)
