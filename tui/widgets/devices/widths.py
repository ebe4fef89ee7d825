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


def fit_room(
    widths: Sequence[int],
    floors: Sequence[int | None],
    keep: int,
    room: int,
    padding: int = 2,
) -> tuple[int, ...]:
    """Column widths that fit `room` cells, each column taking its width plus `padding`; 0
    leaves a column out. The first `keep` columns are always shown: when they do not fit,
    the shrinkable ones (a floor, not None) give up cells, the one furthest above its floor
    first. Each later column is shown at its width, or narrower down to its floor, if what is
    left allows; otherwise it and the ones after it are left out, so that no column is ever
    cut by the edge of the screen."""
    out = list(widths)
    used = sum(w + padding for w in out[:keep])
    while used > room:
        spare = {i: out[i] - f for i in range(keep) if (f := floors[i]) is not None}
        widest = max(spare, key=lambda i: spare[i], default=None)
        if widest is None or spare[widest] <= 0:
            break  # a terminal too narrow even for these: the table scrolls
        out[widest] -= 1
        used -= 1
    for index in range(keep, len(out)):
        left = room - used - padding
        floor = floors[index]
        if out[index] > left:
            if floor is None or floor > left:
                out[index:] = [0] * (len(out) - index)
                break
            out[index] = left
        used += out[index] + padding
    return tuple(out)
