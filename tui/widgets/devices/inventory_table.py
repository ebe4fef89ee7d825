"""The Devices screen's table: a page of the matching rows, more appended as the cursor
reaches the end, so neither a keystroke nor a poll ever lays out thousands of rows."""

from __future__ import annotations

from collections.abc import Sequence

from textual.coordinate import Coordinate
from textual.widgets import DataTable

from agent.i18n import Lang
from tui.widgets.devices.rows import COLUMNS, DeviceRow, labels
from tui.widgets.devices.widths import fit_widths

PAGE = 60
"""Rows laid out at a time; two screens' worth even at 120×40."""


class InventoryTable(DataTable[str]):
    def __init__(self, lang: Lang, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self._rows: list[DeviceRow] = []
        self._shown: list[DeviceRow] = []
        self._widths: tuple[int, ...] = ()

    def on_mount(self) -> None:
        self.set_widths(fit_widths(labels(self.lang), []))

    def set_widths(self, widths: tuple[int, ...]) -> None:
        """Fixed column widths (measured over every row, not only the ones laid out)."""
        if widths == self._widths:
            return
        self.clear(columns=True)
        for column, label, width in zip(COLUMNS, labels(self.lang), widths, strict=True):
            self.add_column(label, key=column, width=width)
        self._widths = widths
        self._shown = []

    @property
    def selected(self) -> str | None:
        if not self._shown or self.cursor_row < 0:
            return None
        return self._shown[min(self.cursor_row, len(self._shown) - 1)].key

    def show(self, rows: Sequence[DeviceRow]) -> None:
        """Show `rows`; rows already on screen with the same cells are left alone."""
        self._rows = list(rows)
        size = len(self._shown) if len(self._shown) >= PAGE else PAGE
        wanted = self._rows[:size]
        if [r.key for r in wanted] != [r.key for r in self._shown]:
            selected = self.selected
            wanted = self._rows[:PAGE]
            self.clear()
            self.add_rows([r.cells for r in wanted])
            self._shown = wanted
            keys = [r.key for r in wanted]
            if selected in keys:
                self.move_cursor(row=keys.index(selected), animate=False)
            return
        # Only changed cells are redrawn: over SSH every repaint is bytes on a slow link.
        for index, (old, new) in enumerate(zip(self._shown, wanted, strict=True)):
            if old.cells != new.cells:
                for column, (a, b) in enumerate(zip(old.cells, new.cells, strict=True)):
                    if a != b:
                        self.update_cell_at(Coordinate(index, column), b)
        self._shown = wanted

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Lay out the next page when the cursor reaches the last row shown."""
        if event.cursor_row >= len(self._shown) - 1 and len(self._shown) < len(self._rows):
            more = self._rows[len(self._shown) : len(self._shown) + PAGE]
            self.add_rows([r.cells for r in more])
            self._shown = self._shown + more

    @property
    def shown(self) -> int:
        """How many rows are laid out now."""
        return len(self._shown)

    @property
    def total(self) -> int:
        return len(self._rows)
