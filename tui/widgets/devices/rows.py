"""The Devices table's rows, prepared once per read so a filter keystroke is only a scan.

Plain Python (no Textual): each row of the Devices view (`inventory.views.devices`, where
health and busy are decided) becomes its cells in the user's language, one lowercase string
to match typed words against, and a sort value per column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from foundation.i18n import Lang
from inventory.records import values
from inventory.settings.records import AlertSettings
from inventory.views.devices import DeviceListing, DevicesView, devices_view
from tui.messages import T
from tui.timefmt import ago

COLUMNS = ("tag", "name", "status", "health", "seen", "type", "model", "location", "assigned")
"""Whether a device is in use and alive comes right after its name: at 80 columns the
columns up to the type fit, and the ones that do not fit whole are left out (the device's
page shows them all, the filter finds words in them)."""
SEEN = COLUMNS.index("seen")
CAPS = {
    COLUMNS.index(c): n
    for c, n in (("tag", 12), ("name", 24), ("model", 22), ("location", 18), ("assigned", 18))
}
"""Free-text columns are cut at these widths, so the short ones after them stay in view."""
KEEP = COLUMNS.index("type") + 1
"""Columns shown at any width, whole: the table's first lines are about them."""
FLOORS = {COLUMNS.index(c): n for c, n in (("tag", 4), ("name", 12), ("model", 8))} | {
    COLUMNS.index(c): 8 for c in ("location", "assigned")
}
"""Free-text columns may shrink to these widths (their text then ends in "…") to fit the
terminal; the other columns are a short word from a fixed list and are never cut."""


def labels(lang: Lang) -> list[str]:
    """The column headings, in the user's language."""
    return [T(lang, f"devices.col.{column}") for column in COLUMNS]


@dataclass(frozen=True)
class DeviceRow:
    key: str
    cells: tuple[str, ...]
    haystack: str
    seen: datetime | None
    duplicate: bool
    health: str
    status: str
    listing: DeviceListing
    """The view's row these cells word."""
    sort_keys: tuple[tuple[bool, str], ...] = field(default=(), compare=False)


def _choice(lang: Lang, vocab: str, value: object) -> str:
    return values.word(lang, vocab, value) if value else "—"


def rows_of(view: DevicesView, lang: Lang) -> list[DeviceRow]:
    """One row per row of the view, in its order (by name); a flagged duplicate's name
    carries a '?=' mark."""
    rows = []
    for item in view.rows:
        duplicate = bool(item.duplicates)
        model = " ".join(v for v in (item.make, item.model) if v)
        cells = (
            item.asset_tag or "—",
            f"?= {item.name}" if duplicate else item.name,
            values.word(lang, "status", item.status),
            T(lang, f"devices.health.{item.health}"),
            ago(item.seen, lang),
            _choice(lang, "type", item.type),
            model or "—",
            item.location or "—",
            item.assigned_to or "—",
        )
        words = (*cells, item.key, item.serial or "", item.ip or "")
        # an empty cell ("—") sorts after every value, whichever the script
        keys = [(c == "—", c.casefold()) for c in cells]
        keys[1] = (False, item.name.casefold())
        keys[SEEN] = (item.seen is None, item.seen.isoformat() if item.seen else "")
        rows.append(
            DeviceRow(
                key=item.key,
                cells=cells,
                haystack="\n".join(words).casefold(),
                seen=item.seen,
                duplicate=duplicate,
                health=item.health,
                status=item.status,
                listing=item,
                sort_keys=tuple(keys),
            )
        )
    return rows


def build_rows(
    records: Sequence[Mapping[str, Any]],
    latest: Mapping[str, Mapping[str, Any]],
    lang: Lang,
    settings: AlertSettings | None = None,
) -> list[DeviceRow]:
    """The rows of the Devices view over `records` and the newest reports `latest`."""
    return rows_of(devices_view(records, latest, settings), lang)


def matching(rows: Sequence[DeviceRow], text: str) -> list[DeviceRow]:
    """Rows holding every typed word (any column, any case)."""
    words = text.casefold().split()
    if not words:
        return list(rows)
    return [r for r in rows if all(w in r.haystack for w in words)]


def ordered(rows: Sequence[DeviceRow], column: int, reverse: bool) -> list[DeviceRow]:
    """Rows by one column (stable: equal values keep their name order)."""
    return sorted(rows, key=lambda r: r.sort_keys[column], reverse=reverse)
