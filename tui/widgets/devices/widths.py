"""Column widths measured from all the rows at once, so a table's columns are fixed before
its rows are laid out (rows drawn before Textual re-measures auto-width columns kept the old
width: names cut short). Plain Python; widths are terminal cells, so Cyrillic lines up."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.cells import cell_len


def fit_widths(
    labels: Sequence[str], rows: Iterable[Sequence[str]], caps: Mapping[int, int] | None = None
) -> tuple[int, ...]:
    """Per column: the widest of its label and cells, at most its cap (longer text is cut)."""
    widths = [cell_len(label) for label in labels]
    for cells in rows:
        for index, cell in enumerate(cells):
            size = cell_len(cell)
            if size > widths[index]:
                widths[index] = size
    caps = caps or {}
    return tuple(
        max(cell_len(labels[i]), min(w, caps[i])) if i in caps else w for i, w in enumerate(widths)
    )
