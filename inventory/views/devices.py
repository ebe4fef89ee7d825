"""The Devices list and the rules about a machine that every view shares.

One rule for which reports speak for a machine (`kinds_of`), one for its figures and one for
its health, used by the overview, the Devices screen, the device page and
`soumnet-hub devices list`, so they cannot disagree about a machine with several keys. The
busy threshold is the configuration's (`alerts.busy_percent`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from foundation.kinds import health, probe, snmp
from foundation.kinds.fields import data_of
from foundation.wire import format_ts, parse_ts
from inventory.records.names import label
from inventory.settings.records import AlertSettings

HEALTHS = ("down", "busy", "ok", "none")
"""What a machine's newest reports say: down (SNMP or probe), busy (a figure at or above the
threshold), ok, or none (no report yet)."""
BUSY_PERCENT = AlertSettings().busy_percent


def kinds_of(record: Mapping[str, Any], latest: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The newest report of each kind for a record and its aliases (the newest wins)."""
    found: dict[str, Any] = {}
    for key in (record["key"], *record.get("aliases", [])):
        for kind, sample in (latest.get(key) or {}).items():
            if kind not in found or str(sample.get("ts", "")) > str(found[kind].get("ts", "")):
                found[kind] = sample
    return found


@dataclass(frozen=True)
class Figures:
    """The newest "health" report's figures (the fullest disk); None: not reported."""

    ts: datetime | None
    cpu_percent: float | None
    memory_percent: float | None
    disk_percent: float | None

    def values(self) -> tuple[float | None, ...]:
        return (self.cpu_percent, self.memory_percent, self.disk_percent)


def figures_of(kinds: Mapping[str, Any]) -> Figures:
    """CPU, memory and the fullest disk from the newest "health" report in `kinds`."""
    report = kinds.get("health")
    if not report:
        return Figures(None, None, None, None)
    measured = health.parse(data_of(report))
    return Figures(
        parse_ts(report["ts"]),
        measured.cpu_percent,
        measured.memory_percent,
        measured.disk_percent,
    )


def health_of(kinds: Mapping[str, Any], busy_percent: float = BUSY_PERCENT) -> str:
    """One of `HEALTHS` from the newest SNMP, probe and health reports."""
    if kinds.get("snmp") and snmp.parse(data_of(kinds["snmp"])).down:
        return "down"
    if kinds.get("probe") and probe.parse(data_of(kinds["probe"])).down:
        return "down"
    if kinds.get("health"):
        busy = any(v is not None and v >= busy_percent for v in figures_of(kinds).values())
        return "busy" if busy else "ok"
    if kinds.get("snmp") or kinds.get("probe"):
        return "ok"
    return "none"


def last_seen(kinds: Mapping[str, Any]) -> datetime | None:
    """The newest report of any kind."""
    stamps = []
    for sample in kinds.values():
        try:
            stamps.append(parse_ts(sample.get("ts")))
        except ValueError:
            continue
    return max(stamps) if stamps else None


@dataclass(frozen=True)
class DeviceListing:
    """One row of the Devices list: the record's own fields and what its reports say."""

    key: str
    name: str
    """The record's name, else how a person reads its key (`inventory.records.names.label`)."""
    asset_tag: str | None
    status: str
    """The record's status; a record nobody set is in use."""
    health: str
    seen: datetime | None
    type: str | None
    make: str | None
    model: str | None
    location: str | None
    assigned_to: str | None
    serial: str | None
    ip: str | None
    duplicates: tuple[str, ...]
    """Records this one may be the same equipment as (shown with a ?= mark)."""
    figures: Figures
    record: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The stored record whole (price, dates, MACs, notes, who set what), which `--json`
    prints beside what the reports say, so a listing loses no field of the records."""

    def to_json(self) -> dict[str, Any]:
        doc = {**self.record, **asdict(self)}
        del doc["record"]
        doc["seen"] = format_ts(self.seen) if self.seen else None
        doc["duplicates"] = list(self.duplicates)
        figures = doc.pop("figures")
        doc.update(figures, figures_ts=format_ts(self.figures.ts) if self.figures.ts else None)
        del doc["ts"]
        return doc


@dataclass(frozen=True)
class DevicesView:
    rows: tuple[DeviceListing, ...]
    """By name, then key."""
    busy_percent: float


def _text(record: Mapping[str, Any], field: str) -> str | None:
    value = record.get(field)
    return str(value) if value else None


def listing_of(
    record: Mapping[str, Any],
    latest: Mapping[str, Mapping[str, Any]],
    busy_percent: float = BUSY_PERCENT,
) -> DeviceListing:
    kinds = kinds_of(record, latest)
    return DeviceListing(
        key=record["key"],
        name=str(record.get("name") or label(record)),
        asset_tag=_text(record, "asset_tag"),
        status=str(record.get("status") or "in_use"),
        health=health_of(kinds, busy_percent),
        seen=last_seen(kinds),
        type=_text(record, "type"),
        make=_text(record, "make"),
        model=_text(record, "model"),
        location=_text(record, "location"),
        assigned_to=_text(record, "assigned_to"),
        serial=_text(record, "serial"),
        ip=_text(record, "ip"),
        duplicates=tuple(record.get("duplicates") or ()),
        figures=figures_of(kinds),
        record=record,
    )


def devices_view(
    records: Sequence[Mapping[str, Any]],
    latest: Mapping[str, Mapping[str, Any]],
    settings: AlertSettings | None = None,
) -> DevicesView:
    """Every record's row, by name."""
    busy = (settings or AlertSettings()).busy_percent
    rows = sorted(
        (listing_of(r, latest, busy) for r in records),
        key=lambda r: (r.name.casefold(), r.key),
    )
    return DevicesView(tuple(rows), busy)
