"""The Devices screen's table: a page of the matching rows, more appended as the cursor
reaches the end, so neither a keystroke nor a poll ever lays out thousands of rows.

The columns fit the table's width (`widths.fit_room`): the first ones are always shown
whole, a free-text cell longer than its column ends in "…", and a column that does not fit
whole is left out rather than cut by the edge of the screen ("Компьют" for "Компьютер").
A resize fits them again.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from foundation.i18n import Lang
from tui.widgets.devices.rows import COLUMNS, FLOORS, KEEP, DeviceRow, labels
from tui.widgets.devices.widths import fit_room, fit_widths

PAGE = 60
"""Rows laid out at a time; two screens' worth even at 120×40."""


def clip(text: str, width: int) -> str:
    """`text` in `width` cells; a longer one ends in '…'."""
    if cell_len(text) <= width:
        return text
    cut = Text(text)
    cut.truncate(width, overflow="ellipsis")
    return cut.plain


class InventoryTable(DataTable[str]):
    def __init__(self, lang: Lang, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self._rows: list[DeviceRow] = []
        self._shown: list[DeviceRow] = []
        self._widths: tuple[int, ...] = ()
        """Each column's width over every row (capped), before fitting the room."""
        self._fitted: tuple[int, ...] = ()
        """The widths on screen; 0: the column is left out at this width."""

    def on_mount(self) -> None:
        self.set_widths(fit_widths(labels(self.lang), []))

    def on_resize(self, _event: events.Resize) -> None:
        self._fit()

    def set_widths(self, widths: tuple[int, ...]) -> None:
        """Column widths measured over every row, not only the ones laid out."""
        if widths == self._widths:
            return
        self._widths = widths
        self._fit()

    def _room(self) -> int:
        """The cells a row may take: the width less a vertical scrollbar (kept free even
        while there is none, so that more rows do not cut the last column)."""
        return self.size.width - self.styles.scrollbar_size_vertical

    def _fit(self) -> None:
        if not self._widths or self.size.width <= 0:
            return
        heads = labels(self.lang)
        floors = [
            max(FLOORS[i], cell_len(heads[i])) if i in FLOORS else None for i in range(len(COLUMNS))
        ]
        padding = 2 * self.cell_padding
        fitted = fit_room(self._widths, floors, KEEP, self._room(), padding)
        if fitted == self._fitted:
            return
        self._fitted = fitted
        selected = self.selected
        self.clear(columns=True)
        for column, label, width in zip(COLUMNS, heads, fitted, strict=True):
            if width:
                self.add_column(clip(label, width), key=column, width=width)
        shown, self._shown = self._shown, []
        if shown:
            self.add_rows([self._cells(r) for r in shown])
            self._shown = shown
            keys = [r.key for r in shown]
            if selected in keys:
                self.move_cursor(row=keys.index(selected), animate=False)

    def _cells(self, row: DeviceRow) -> list[str]:
        """The row's cells in the columns shown, each within its column."""
        return [clip(cell, w) for cell, w in zip(row.cells, self._fitted, strict=True) if w]

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
            self.add_rows([self._cells(r) for r in wanted])
            self._shown = wanted
            keys = [r.key for r in wanted]
            if selected in keys:
                self.move_cursor(row=keys.index(selected), animate=False)
            return
        # Only changed cells are redrawn: over SSH every repaint is bytes on a slow link.
        for index, (old, new) in enumerate(zip(self._shown, wanted, strict=True)):
            if old.cells != new.cells:
                cells = zip(self._cells(old), self._cells(new), strict=True)
                for column, (a, b) in enumerate(cells):
                    if a != b:
                        self.update_cell_at(Coordinate(index, column), b)
        self._shown = wanted

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Lay out the next page when the cursor reaches the last row shown."""
        if event.cursor_row >= len(self._shown) - 1 and len(self._shown) < len(self._rows):
            more = self._rows[len(self._shown) : len(self._shown) + PAGE]
            self.add_rows([self._cells(r) for r in more])
            self._shown = self._shown + more

    @property
    def shown(self) -> int:
        """How many rows are laid out now."""
        return len(self._shown)

    @property
    def total(self) -> int:
        return len(self._rows)
