"""A signed report as the auditor's document reads it, as a scrollable two-column table.

The document (`inventory.views.archives.report_document`) decides every word and value; this
only lays its blocks out in rows: a block's title, then label and value (a table's row: its
first cell, then the others), so that it fits 80 columns and scrolls with the keys.
"""

from __future__ import annotations

from textual.widgets import DataTable

from foundation.document.model import Document, Facts, Paragraph, Table, show
from foundation.i18n import Lang
from tui.messages import T
from tui.widgets.refill import refill

MAX_VALUE = 400
"""A long line (a dump's message) is cut: the table stays quick over SSH."""


def _cut(text: str) -> str:
    return text if len(text) <= MAX_VALUE else text[:MAX_VALUE] + "…"


def document_rows(doc: Document) -> list[tuple[str, str]]:
    """(label, value) of every line of the document, in its order."""
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
                    rows.append((cells[0], ", ".join(cells[1:])))
    return [(label, _cut(value)) for label, value in rows]


class ReportFields(DataTable[str]):
    """The document's lines, label and value."""

    def __init__(self, lang: Lang, **kwargs: object) -> None:
        super().__init__(cursor_type="row", **kwargs)  # type: ignore[arg-type]
        self.lang = lang

    def on_mount(self) -> None:
        self.add_column(T(self.lang, "backups.report.field"), key="field")
        self.add_column(T(self.lang, "backups.report.value"), key="value")

    def show(self, doc: Document) -> None:
        refill(self, [(None, row) for row in document_rows(doc)])
