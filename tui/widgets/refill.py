"""Replace a table's rows with its columns fixed to their widest cell first.

Textual sizes an auto-width column from the rows it has measured; rows drawn before it
measures again keep the old width, so under load a table showed its cells cut short
("Няг" for "Нягтлан-PC-2"). Fixing every column's width from all the rows before adding
them (see `widths.fit_widths`) gives the same table every time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from textual.widgets import DataTable

from tui.widgets.devices.widths import fit_widths

Rows = Sequence[tuple[str | None, Sequence[str]]]
"""(row key, cells) in table order."""


def refill(table: DataTable[Any], rows: Rows, caps: Mapping[int, int] | None = None) -> None:
    """The rows replaced, the cursor kept at its place (or the last row)."""
    cursor = table.cursor_row
    columns = list(table.columns.values())
    widths = fit_widths([c.label.plain for c in columns], (cells for _, cells in rows), caps)
    if any(c.auto_width or c.width != w for c, w in zip(columns, widths, strict=True)):
        table.clear(columns=True)
        for column, width in zip(columns, widths, strict=True):
            table.add_column(column.label, key=column.key.value, width=width)
    else:
        table.clear()
    for key, cells in rows:
        table.add_row(*cells, key=key)
    if rows:
        table.move_cursor(row=min(max(cursor, 0), len(rows) - 1))
