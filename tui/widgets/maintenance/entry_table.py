"""The maintenance log as a table: one row per entry, keyed by its number."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import DataTable

from foundation.i18n import Lang
from tui.messages import T
from tui.widgets.refill import refill

COLUMNS = ("number", "date", "status", "kind", "device", "description", "cost", "time")

Row = tuple[str, tuple[str, ...]]


class EntryTable(DataTable[str]):
    """Redrawn only when a row changed, so an idle screen sends nothing over SSH."""

    def __init__(self, lang: Lang, **kwargs: object) -> None:
        super().__init__(cursor_type="row", **kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self.rows_shown: list[Row] = []

    def on_mount(self) -> None:
        for column in COLUMNS:
            self.add_column(T(self.lang, f"maint.col.{column}"), key=column)

    def show(self, rows: Sequence[Row]) -> None:
        if list(rows) == self.rows_shown:
            return
        self.rows_shown = list(rows)
        refill(self, rows)

    def selected(self) -> str | None:
        """The number of the entry under the cursor, or None when the table is empty."""
        if not self.rows_shown or self.cursor_row < 0:
            return None
        return self.rows_shown[min(self.cursor_row, len(self.rows_shown) - 1)][0]
