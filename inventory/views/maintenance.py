"""The maintenance log as the Maintenance screen and `soumnet-hub maintenance list` show it:
each entry with the name of its device as the records name it (`inventory.records.names`).

The entries come from `inventory.records.maintenance`; the view adds nothing the records do
not hold but the device's label, so the screen and `--json` show the same entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from foundation.kinds.fields import text
from inventory.records import devices, maintenance
from inventory.records.names import label, label_of, labels
from inventory.store.layout import Layout

Number = int | float


@dataclass(frozen=True)
class MaintenanceEntry:
    number: int
    device: str
    """The device's key (or an alias of it) as the entry names it."""
    device_label: str
    """How the records name that device (`inventory.records.names.label_of`)."""
    date: str
    """YYYY-MM-DD: the day the work was done."""
    kind: str
    description: str
    parts: str | None
    cost: Number | None
    minutes: Number | None
    done_by: str | None
    status: str
    alerts: tuple[str, ...]
    created: str | None
    created_by: str | None
    closed: str | None

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"

    def fields(self) -> dict[str, Any]:
        """The entry as the records hold it (what `maintenance list --json` always printed,
        and what the form edits)."""
        out: dict[str, Any] = {
            "device": self.device,
            "date": self.date,
            "kind": self.kind,
            "description": self.description,
            "parts": self.parts,
            "cost": self.cost,
            "minutes": self.minutes,
            "done_by": self.done_by,
            "status": self.status,
            "alerts": list(self.alerts),
            "number": self.number,
            "created": self.created,
            "created_by": self.created_by,
        }
        if self.closed:
            out["closed"] = self.closed
        return out

    def to_json(self) -> dict[str, Any]:
        return {**self.fields(), "device_label": self.device_label}


@dataclass(frozen=True)
class MaintenanceView:
    entries: tuple[MaintenanceEntry, ...]
    """Newest date first."""
    devices: dict[str, str]
    """Device key -> name (what the form accepts as a typed name)."""

    @property
    def open(self) -> int:
        return sum(1 for e in self.entries if not e.is_closed)

    def find(self, number: str | int | None) -> MaintenanceEntry | None:
        return next((e for e in self.entries if str(e.number) == str(number)), None)

    def to_json(self) -> list[dict[str, Any]]:
        return [e.to_json() for e in self.entries]


def maintenance_view(
    layout: Layout,
    device: str | None = None,
    status: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> MaintenanceView:
    """The entries (filtered as `inventory.records.maintenance.list_entries` filters them)."""
    records = devices.list_devices(layout)
    names = labels(records)
    entries = maintenance.list_entries(layout, device, status, start, end)
    return MaintenanceView(
        tuple(_entry(doc, names) for doc in entries),
        {d["key"]: str(d.get("name") or label(d)) for d in records},
    )


def _entry(doc: dict[str, Any], names: dict[str, str]) -> MaintenanceEntry:
    device = str(doc.get("device") or "")
    return MaintenanceEntry(
        number=int(doc["number"]),
        device=device,
        device_label=label_of(device, names),
        date=str(doc.get("date") or ""),
        kind=str(doc.get("kind") or ""),
        description=str(doc.get("description") or ""),
        parts=text(doc.get("parts")),
        cost=_amount(doc.get("cost")),
        minutes=_amount(doc.get("minutes")),
        done_by=text(doc.get("done_by")),
        status=str(doc.get("status") or ""),
        alerts=tuple(str(a) for a in doc.get("alerts") or ()),
        created=text(doc.get("created")),
        created_by=text(doc.get("created_by")),
        closed=text(doc.get("closed")),
    )


def _amount(value: object) -> Number | None:
    """Tugrug or minutes as stored (whole today; a figure an older version stored stays)."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None
