"""The Devices table's rows, prepared once per read so a filter keystroke is only a scan.

Plain Python (no Textual): each row keeps its cells, one lowercase string to match typed
words against, and a sort value per column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from foundation.i18n import Lang
from foundation.kinds import health as health_kind
from foundation.kinds.fields import data_of
from foundation.wire import parse_ts
from inventory.records import values
from inventory.records.names import label
from inventory.views.devices import kinds_of
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
BUSY_PERCENT = 90.0
"""CPU, memory or a disk at or above this shows the device as busy."""


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
    sort_keys: tuple[tuple[bool, str], ...] = field(default=(), compare=False)


def health_of(kinds: Mapping[str, Any]) -> str:
    """'down', 'busy', 'ok' or 'none' from the newest SNMP, probe and health reports."""
    for kind in ("snmp", "probe"):
        data = (kinds.get(kind) or {}).get("data") or {}
        if kinds.get(kind) and (data.get("up") is False or data.get("status") == "down"):
            return "down"
    health = kinds.get("health")
    if health:
        measured = health_kind.parse(data_of(health))
        values = [
            measured.cpu_percent,
            measured.memory_percent,
            *(disk.percent for disk in measured.disks),
        ]
        busy = any(v is not None and v >= BUSY_PERCENT for v in values)
        return "busy" if busy else "ok"
    if kinds.get("snmp") or kinds.get("probe"):
        return "ok"
    return "none"


def last_seen(kinds: Mapping[str, Any]) -> datetime | None:
    stamps = []
    for sample in kinds.values():
        try:
            stamps.append(parse_ts(sample.get("ts")))
        except ValueError:
            continue
    return max(stamps) if stamps else None


def _choice(lang: Lang, vocab: str, value: object) -> str:
    return values.word(lang, vocab, value) if value else "—"


def build_rows(
    records: Sequence[Mapping[str, Any]],
    latest: Mapping[str, Mapping[str, Any]],
    lang: Lang,
) -> list[DeviceRow]:
    """One row per record, by name; a flagged duplicate's name carries a '?=' mark."""
    rows = []
    for record in records:
        kinds = kinds_of(record, latest)
        seen = last_seen(kinds)
        health = health_of(kinds)
        status = str(record.get("status") or "in_use")
        duplicate = bool(record.get("duplicates"))
        name = str(record.get("name") or label(record))
        model = " ".join(str(record.get(f) or "") for f in ("make", "model")).strip()
        cells = (
            str(record.get("asset_tag") or "—"),
            f"?= {name}" if duplicate else name,
            values.word(lang, "status", status),
            T(lang, f"devices.health.{health}"),
            ago(seen, lang),
            _choice(lang, "type", record.get("type")),
            model or "—",
            str(record.get("location") or "—"),
            str(record.get("assigned_to") or "—"),
        )
        words = (
            *cells,
            record["key"],
            str(record.get("serial") or ""),
            str(record.get("ip") or ""),
        )
        # an empty cell ("—") sorts after every value, whichever the script
        keys = [(c == "—", c.casefold()) for c in cells]
        keys[1] = (False, name.casefold())
        keys[SEEN] = (seen is None, seen.isoformat() if seen else "")
        rows.append(
            DeviceRow(
                key=record["key"],
                cells=cells,
                haystack="\n".join(words).casefold(),
                seen=seen,
                duplicate=duplicate,
                health=health,
                status=status,
                sort_keys=tuple(keys),
            )
        )
    return sorted(rows, key=lambda r: (r.sort_keys[1], r.key))


def matching(rows: Sequence[DeviceRow], text: str) -> list[DeviceRow]:
    """Rows holding every typed word (any column, any case)."""
    words = text.casefold().split()
    if not words:
        return list(rows)
    return [r for r in rows if all(w in r.haystack for w in words)]


def ordered(rows: Sequence[DeviceRow], column: int, reverse: bool) -> list[DeviceRow]:
    """Rows by one column (stable: equal values keep their name order)."""
    return sorted(rows, key=lambda r: r.sort_keys[column], reverse=reverse)
