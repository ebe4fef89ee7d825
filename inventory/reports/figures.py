"""Every figure of a period report, read from the store once and typed: the document, the
JSON form and the charts are all made from a `ReportData`, so no format counts differently.

Availability is time-weighted: each sample stands for the time until the next one (at most
twice the device's usual interval, so a gap in the data is not counted as up or down), an
hourly or daily roll-up for its count of intervals. What was measured is said beside it, so
ten minutes of data never reads as a month at 100 %.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from foundation.kinds import backup as backup_kind
from foundation.kinds import snmp
from foundation.kinds.fields import data_of
from foundation.office import OfficeSettings
from foundation.wire import stored_ts, utcnow
from inventory.config import HubConfig
from inventory.records import alerts, devices, maintenance
from inventory.records.names import label_of, labels
from inventory.reports.period import Period
from inventory.store import audit, history
from inventory.store.history import Point
from inventory.store.layout import Layout
from inventory.store.store import Store
from inventory.views.archives import ArchiveRow, archives_view

AVAILABILITY_KINDS = ("snmp", "probe", "outage")
"""The kinds whose `up` figure says whether a device or service answered."""
WARRANTY_DAYS = 90
CAUSES = {
    "internet_down": "internet",
    "lan_down": "lan",
    "archive_overdue": "backup",
    "archive_failed": "backup",
}
"""An alert rule's cause on the report; every other rule is the device's own."""


@dataclass(frozen=True)
class Availability:
    key: str
    name: str
    kind: str
    """`snmp` (a device), `probe` (a service) or `outage` (the uplink)."""
    measured: float
    """Seconds of the elapsed period that samples cover."""
    up: float
    """Seconds of those in which it answered."""
    elapsed: float
    """Seconds of the period that had passed when the report was made."""

    @property
    def percent(self) -> float | None:
        return 100.0 * self.up / self.measured if self.measured else None

    @property
    def share(self) -> float:
        """How much of the elapsed period was measured, 0-1."""
        return min(1.0, self.measured / self.elapsed) if self.elapsed else 0.0


@dataclass(frozen=True)
class DayShare:
    day: date
    percent: float | None


@dataclass(frozen=True)
class Incident:
    id: str
    rule: str
    cause: str
    subject: str
    device: str
    titles: Mapping[str, str]
    """The alert's one line in each language (`mn`, `en`)."""
    start: datetime
    end: datetime | None
    """None while it is still open."""
    minutes: int
    """Within the period; an open one is timed to when the report was made."""
    ongoing: bool


@dataclass(frozen=True)
class Work:
    number: int
    day: date
    device: str
    asset_tag: str
    kind: str
    description: str
    done_by: str
    parts: str
    minutes: int
    cost: int
    status: str


@dataclass(frozen=True)
class EquipmentItem:
    name: str
    asset_tag: str
    type: str
    day: date | None


@dataclass(frozen=True)
class Supply:
    device: str
    supply: str
    percent: int


@dataclass(frozen=True)
class Pages:
    device: str
    pages: int


@dataclass(frozen=True)
class BackupRun:
    machine: str
    label: str
    status: str
    """OK, WARNING or FAILED as the run's report says."""
    error: str
    files: int | None
    size: int | None
    made: datetime | None
    restore_test: date | None
    restore_status: str
    """PASSED, FAILED or empty (never tested)."""
    expires: date | None


@dataclass
class ReportData:
    period: Period
    office: OfficeSettings
    made: datetime
    """When the report was made (UTC)."""
    start: datetime
    end: datetime
    types: dict[str, dict[str, int]] = field(default_factory=dict)
    """Equipment on record: type → status → count."""
    added: list[EquipmentItem] = field(default_factory=list)
    retired: list[EquipmentItem] = field(default_factory=list)
    warranties: list[EquipmentItem] = field(default_factory=list)
    """Warranties ending within 90 days of the report's end (its day: the warranty's end)."""
    devices: list[Availability] = field(default_factory=list)
    services: list[Availability] = field(default_factory=list)
    """Probe targets and the uplink (the uplink first)."""
    uplink_days: list[DayShare] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    work: list[Work] = field(default_factory=list)
    open_work: list[Work] = field(default_factory=list)
    """Entries still open at the period's end, of any date up to then."""
    supplies: list[Supply] = field(default_factory=list)
    pages: list[Pages] = field(default_factory=list)
    backups: list[BackupRun] = field(default_factory=list)

    @property
    def tz(self) -> ZoneInfo:
        return self.office.timezone

    @property
    def until(self) -> datetime:
        """The end of what the report can know: the period's end, or now while it lasts."""
        return min(self.end, self.made)

    @property
    def ongoing(self) -> list[Incident]:
        return [i for i in self.incidents if i.ongoing]

    @property
    def work_minutes(self) -> int:
        return sum(w.minutes for w in self.work)

    @property
    def work_cost(self) -> int:
        return sum(w.cost for w in self.work)


def build(config: HubConfig, period: Period, now: datetime | None = None) -> ReportData:
    """Every figure of the report, from the store, as it stands at `now`.

    An incident still open is timed to `now` and marked ongoing while the period lasts; in
    a period that has ended it is timed to the period's end (it was still open then)."""
    layout = Layout(config.hub_dir)
    now = now or utcnow()
    start, end = period.bounds(config.office.timezone)
    data = ReportData(period, config.office, now, start, end)
    records = devices.list_devices(layout)
    latest = Store(layout).latest()
    names = _names(records, latest)
    _equipment(data, layout, records)
    _availability(data, layout, latest, names)
    _incidents(data, layout, names)
    _work(data, layout, records, names)
    _printers(data, latest, names)
    _backups(data, config, latest, names)
    return data


def _names(
    records: list[dict[str, Any]], latest: Mapping[str, Mapping[str, Any]]
) -> dict[str, str]:
    """Every key a report or alert may carry → what a reader calls it: the record's name,
    else the name the device reported, else the readable part of the key."""
    found = labels(records)
    for key, kinds in latest.items():
        if key in found:
            continue
        reported = next(
            (str(data_of(s).get("name") or "") for s in kinds.values() if data_of(s).get("name")),
            "",
        )
        found[key] = reported or _readable(key)
    return found


def _readable(key: str) -> str:
    text = label_of(key, {})
    return text.split(":", 1)[1] if text.startswith("host:") else text


# -- equipment -------------------------------------------------------------------------------


def _equipment(data: ReportData, layout: Layout, records: list[dict[str, Any]]) -> None:
    local_end = data.until.astimezone(data.tz).date()
    for record in records:
        if not devices.is_equipment(record):
            continue
        kind = str(record.get("type") or "other")
        status = str(record.get("status") or "in_use")
        counts = data.types.setdefault(kind, {})
        counts[status] = counts.get(status, 0) + 1
        seen = stored_ts(record.get("first_seen"))
        if seen is not None and data.start <= seen < data.end:
            data.added.append(_item(record, seen.astimezone(data.tz).date()))
        warranty = _day(record.get("warranty_end"))
        if (
            warranty is not None
            and status != "retired"
            and local_end <= warranty <= local_end + timedelta(days=WARRANTY_DAYS)
        ):
            data.warranties.append(_item(record, warranty))
    by_key = {str(r.get("key")): r for r in records}
    for entry in audit.entries(layout):
        when = stored_ts(entry.get("ts"))
        if when is None or not data.start <= when < data.end:
            continue
        before, after = entry.get("before"), entry.get("after")
        if (
            entry.get("action") == "device.edit"
            and isinstance(after, dict)
            and after.get("status") == "retired"
            and not (isinstance(before, dict) and before.get("status") == "retired")
        ):
            record = by_key.get(str(entry.get("target")), after)
            data.retired.append(_item(record, when.astimezone(data.tz).date()))
    for items in (data.added, data.retired, data.warranties):
        items.sort(key=lambda i: (i.day or date.min, i.name))


def _item(record: Mapping[str, Any], day: date | None) -> EquipmentItem:
    return EquipmentItem(
        name=_record_name(record),
        asset_tag=str(record.get("asset_tag") or ""),
        type=str(record.get("type") or "other"),
        day=day,
    )


def _record_name(record: Mapping[str, Any]) -> str:
    """The name alone (the asset tag has its own column)."""
    return str(record.get("name") or record.get("ip") or _readable(str(record.get("key") or "")))


# -- availability ----------------------------------------------------------------------------


def _availability(
    data: ReportData,
    layout: Layout,
    latest: Mapping[str, Mapping[str, Any]],
    names: Mapping[str, str],
) -> None:
    elapsed = max(0.0, (data.until - data.start).total_seconds())
    for key, kinds in sorted(latest.items()):
        kind = next((k for k in AVAILABILITY_KINDS if k in kinds), None)
        if kind is None:
            continue
        points = history.series(layout, key, kind, "up", data.start, data.until)
        if not points:
            continue
        spans = coverage(points, data.until)
        measured = sum(s for _, s, _ in spans)
        up = sum(u for _, _, u in spans)
        row = Availability(key, names.get(key) or _readable(key), kind, measured, up, elapsed)
        if kind == "outage":
            data.services.insert(0, row)
            data.uplink_days = _by_day(data, spans)
        elif kind == "probe":
            data.services.append(row)
        else:
            data.devices.append(row)
    data.devices.sort(key=lambda a: a.name)


def coverage(points: Sequence[Point], until: datetime) -> list[tuple[datetime, float, float]]:
    """(start, seconds covered, seconds up) of each point: a raw sample stands for the time to
    the next one, at most twice the usual interval; a roll-up for its count of intervals."""
    raw = [p for p in points if p.count == 1]
    gaps = [(b.ts - a.ts).total_seconds() for a, b in itertools.pairwise(raw)]
    gaps = [g for g in gaps if g > 0]
    if gaps:
        interval = statistics.median(gaps)
    else:
        rolled = [p for p in points if p.count > 1]
        span = 3600.0 if any(p.count <= 60 for p in rolled) else 86400.0
        interval = span / max((p.count for p in rolled), default=1)
    out: list[tuple[datetime, float, float]] = []
    for i, point in enumerate(points):
        following = points[i + 1].ts if i + 1 < len(points) else until
        room = max(0.0, (following - point.ts).total_seconds())
        if point.count == 1:
            covered = min(room, 2 * interval) if i + 1 < len(points) else min(room, interval)
        else:
            covered = min(room, point.count * interval)
        out.append((point.ts, covered, covered * max(0.0, min(1.0, point.avg))))
    return out


def _by_day(data: ReportData, spans: list[tuple[datetime, float, float]]) -> list[DayShare]:
    """The uplink by local day (by hour in a day's report)."""
    hourly = data.period.kind == "day"
    buckets: dict[datetime, list[float]] = {}
    for ts, covered, up in spans:
        local = ts.astimezone(data.tz)
        slot = local.replace(minute=0, second=0, microsecond=0)
        if not hourly:
            slot = slot.replace(hour=0)
        found = buckets.setdefault(slot, [0.0, 0.0])
        found[0] += covered
        found[1] += up
    out = []
    step = timedelta(hours=1) if hourly else timedelta(days=1)
    slot = data.start.astimezone(data.tz)
    while slot < data.until:
        covered, up = buckets.get(slot, (0.0, 0.0))
        out.append(DayShare(slot.date(), 100.0 * up / covered if covered else None))
        slot = (slot + step).astimezone(data.tz)
    return out


# -- incidents -------------------------------------------------------------------------------


def _incidents(data: ReportData, layout: Layout, names: Mapping[str, str]) -> None:
    for alert in alerts.all_alerts(layout):
        device = label_of(alert.subject, names, alert.name)
        alert = replace(alert, name=device)
        if alert.state in ("pending", "suppressed"):
            continue
        ended = alert.resolved_at
        if alert.since >= data.end or (ended is not None and ended < data.start):
            continue
        ongoing = ended is None and data.made < data.end
        until = min(ended or data.made, data.until)
        minutes = max(0.0, (until - max(alert.since, data.start)).total_seconds() / 60)
        data.incidents.append(
            Incident(
                id=alert.id,
                rule=alert.rule,
                cause=CAUSES.get(alert.rule, "device"),
                subject=alert.subject,
                device=device,
                titles={"mn": alert.title("mn"), "en": alert.title("en")},
                start=alert.since,
                end=ended if ended is not None and ended < data.end else None,
                minutes=round(minutes),
                ongoing=ongoing,
            )
        )
    data.incidents.sort(key=lambda i: i.start)


# -- maintenance -----------------------------------------------------------------------------


def _work(
    data: ReportData, layout: Layout, records: list[dict[str, Any]], names: Mapping[str, str]
) -> None:
    local_start = data.start.astimezone(data.tz).date()
    local_end = data.end.astimezone(data.tz).date()
    tags = {str(r.get("key")): str(r.get("asset_tag") or "") for r in records}
    plain = {**names, **{str(r.get("key")): _record_name(r) for r in records}}
    for entry in maintenance.list_entries(layout, end=local_end):
        work = _entry(entry, plain, tags)
        if work.day >= local_start:
            data.work.append(work)
        if work.status == "open":
            data.open_work.append(work)
    data.work.sort(key=lambda w: (w.day, w.number))
    data.open_work.sort(key=lambda w: (w.day, w.number))


def _entry(entry: Mapping[str, Any], names: Mapping[str, str], tags: Mapping[str, str]) -> Work:
    device = str(entry.get("device") or "")
    return Work(
        number=int(entry["number"]),
        day=date.fromisoformat(str(entry["date"])),
        device=label_of(device, names) if device else "",
        asset_tag=tags.get(device, ""),
        kind=str(entry.get("kind") or ""),
        description=str(entry.get("description") or ""),
        done_by=str(entry.get("done_by") or ""),
        parts=str(entry.get("parts") or ""),
        minutes=int(entry.get("minutes") or 0),
        cost=int(entry.get("cost") or 0),
        status=str(entry.get("status") or "open"),
    )


# -- printers and backups --------------------------------------------------------------------


def _printers(
    data: ReportData, latest: Mapping[str, Mapping[str, Any]], names: Mapping[str, str]
) -> None:
    for key, kinds in sorted(latest.items()):
        polled = snmp.parse(data_of(kinds.get("snmp")))
        if polled.printer is None:
            continue
        name = label_of(key, names, polled.name or "")
        for supply in polled.printer.supplies:
            pct = supply.level_percent
            if pct is not None:
                data.supplies.append(Supply(name, supply.descr or "", round(pct)))
        if polled.printer.pages is not None:
            data.pages.append(Pages(name, polled.printer.pages))


def _backups(
    data: ReportData,
    config: HubConfig,
    latest: Mapping[str, Mapping[str, Any]],
    names: Mapping[str, str],
) -> None:
    archived: dict[str, ArchiveRow] = {}
    for row in archives_view(config).rows:
        if row.archive:
            archived[row.archive] = row
    for key, kinds in sorted(latest.items()):
        sample = kinds.get("backup")
        if not sample:
            continue
        run = backup_kind.parse(data_of(sample))
        found = archived.get(run.archive or "")
        test = found.restore_test if found else None
        tested = stored_ts(test.ts) if test else None
        expires = stored_ts(found.expires) if found and found.expires else None
        made = stored_ts(run.created) or stored_ts(run.ended) or stored_ts(sample.get("ts"))
        data.backups.append(
            BackupRun(
                machine=names.get(key) or _readable(key),
                label=run.label or "",
                status="FAILED" if run.failed else (run.status or "OK"),
                error=run.error or "",
                files=run.file_count,
                size=run.archive_bytes,
                made=made,
                restore_test=tested.astimezone(data.tz).date() if tested else None,
                restore_status=(test.status or "") if test else "",
                expires=expires.astimezone(data.tz).date() if expires else None,
            )
        )


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
