"""The archives on the hub as a table: one row per archive report, by source and year."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import DataTable

from foundation.document.model import show
from foundation.i18n import Lang
from inventory.views.archives import ArchiveRow, RestoreTest
from tui.messages import T
from tui.widgets.refill import refill

COLUMNS = ("source", "year", "status", "size", "sha256", "received", "receipt", "expires", "test")
STATUSES = ("OK", "WARNING", "FAILED")


def size_text(size: int | None) -> str:
    """Bytes in the unit a person reads at a glance: '1.2 GB', as the reports show them."""
    return show(size, "bytes")


def test_text(test: RestoreTest | None) -> str:
    """'PASSED 2026-11-20T… 12': the newest restore test of the archive, as its entry says."""
    if test is None:
        return "—"
    return " ".join(str(v) for v in (test.status, test.ts, test.files) if v) or "—"


class ArchiveTable(DataTable[str]):
    """Rows keyed by the report's path; redrawn only when a row changed."""

    def __init__(self, lang: Lang, **kwargs: object) -> None:
        super().__init__(cursor_type="row", **kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self.rows_shown: list[tuple[str, tuple[str, ...]]] = []

    def on_mount(self) -> None:
        for column in COLUMNS:
            self.add_column(T(self.lang, f"backups.col.{column}"), key=column)

    def cells(self, row: ArchiveRow) -> tuple[str, ...]:
        lang = self.lang
        status = row.status or "?"
        if status in STATUSES:
            status = T(lang, f"backups.status.{status}")
        return (
            row.source,
            row.year,
            status,
            size_text(row.size),
            (row.sha256 or "—")[:12],
            f"{row.received:%Y-%m-%d}",
            T(lang, "backups.yes") if row.receipt else "—",
            row.expires[:10] if row.expires else T(lang, "backups.forever"),
            test_text(row.restore_test),
        )

    def show(self, rows: Sequence[ArchiveRow]) -> None:
        shown = [(str(r.report_path), self.cells(r)) for r in rows]
        if shown == self.rows_shown:
            return
        self.rows_shown = shown
        refill(self, shown)

    def selected(self) -> str | None:
        """The report path under the cursor, or None when the table is empty."""
        if not self.rows_shown or self.cursor_row < 0:
            return None
        return self.rows_shown[min(self.cursor_row, len(self.rows_shown) - 1)][0]
