"""A device's page: its record, the newest reports of it and its aliases, its state and
figures by the Devices list's own rules, health history for sparklines, SNMP interfaces,
maintenance entries and open alerts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from inventory.records import maintenance
from inventory.records.alerts import Alert, open_alerts
from inventory.records.devices import UnknownDevice, get_device, list_devices
from inventory.records.names import labels
from inventory.settings.records import AlertSettings
from inventory.store import history
from inventory.store.layout import Layout
from inventory.store.store import Store
from inventory.views.devices import DeviceListing, kinds_of, listing_of
from inventory.views.network import InterfaceState, NetworkView

FIGURES = ("cpu_percent", "memory_percent", "disk_percent")
HISTORY_SECONDS = 60
"""History is re-read at most once a minute: its points are hours and days, and a month of
shards is the page's heaviest read."""


def averages(points: Iterable[history.Point], step: str) -> list[float]:
    """Points averaged per hour ('hour') or per day ('day'), oldest first; an empty bucket
    is left out rather than drawn as zero."""
    sums: dict[datetime, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for p in points:
        ts = p.ts.replace(minute=0, second=0, microsecond=0)
        if step == "day":
            ts = ts.replace(hour=0)
        sums[ts][0] += p.avg * p.count
        sums[ts][1] += p.count
    return [total / count for ts, (total, count) in sorted(sums.items()) if count]


@dataclass(frozen=True)
class History:
    day: dict[str, list[float]]
    """Per figure, hourly averages over the last 24 hours."""
    month: dict[str, list[float]]
    """Per figure, daily averages over the last 30 days."""
    read_at: datetime


def read_history(layout: Layout, keys: Sequence[str], now: datetime) -> History:
    """Hourly averages over 24 hours and daily ones over 30 days, per health figure."""
    day: dict[str, list[float]] = {}
    month: dict[str, list[float]] = {}
    for figure in FIGURES:
        points = [
            p
            for k in keys
            for p in history.series(layout, k, "health", figure, now - timedelta(days=30), now)
        ]
        day[figure] = averages((p for p in points if p.ts >= now - timedelta(hours=24)), "hour")
        month[figure] = averages(points, "day")
    return History(day, month, now)


@dataclass(frozen=True)
class PageView:
    record: dict[str, Any] | None
    """None: no record has this key (any more)."""
    kinds: dict[str, Any]
    """The newest report of each kind, across the record's aliases (`kinds_of`)."""
    listing: DeviceListing | None
    """Its row of the Devices list: health and figures as the overview and the list say."""
    history: History
    interfaces: tuple[InterfaceState, ...]
    entries: list[dict[str, Any]]
    alerts: list[Alert]
    names: dict[str, str]
    """Every record's key (and alias) → how a person reads it (`inventory.records.names.label`)."""


def read_page(
    store: Store,
    key: str,
    now: datetime,
    settings: AlertSettings,
    known: History | None = None,
) -> PageView:
    """Everything the page shows about one device; `known` history is reused while fresh."""
    layout = store.layout
    try:
        record = get_device(layout, key)
    except UnknownDevice:
        return PageView(None, {}, None, History({}, {}, now), (), [], [], {})
    keys = (record["key"], *record.get("aliases", []))
    fresh = known is not None and (now - known.read_at).total_seconds() < HISTORY_SECONDS
    health = known if fresh and known is not None else read_history(layout, keys, now)
    latest = store.latest()
    kinds = kinds_of(record, latest)
    interfaces: tuple[InterfaceState, ...] = ()
    if "snmp" in kinds:
        interfaces = next((d.interfaces for d in NetworkView(store).devices() if d.key in keys), ())
    entries = maintenance.list_entries(layout, device=record["key"])
    alerts = [a for a in open_alerts(layout) if a.subject.split("#")[0] in keys]
    names = labels(list_devices(layout))
    listing = listing_of(record, latest, settings.busy_percent)
    return PageView(record, kinds, listing, health, interfaces, entries, alerts, names)
