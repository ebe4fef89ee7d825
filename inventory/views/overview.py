"""The overview: devices by state, open alerts, the uplink, silent agents and yearly archives,
above every device with its newest health figures.

What is silent, overdue or busy is decided here from `[alerts]`, by the same rules the hub's
alerts use (`inventory.records.alerts`), so the overview says "overdue" exactly when the hub
raises the alert; the terminal UI only words it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from backups.schedule import State, Yearly, next_run
from foundation.kinds import backup as backup_kind
from foundation.kinds.fields import data_of
from foundation.wire import parse_ts, utcnow
from inventory.intake.agents import Activity, activity
from inventory.records.alerts import (
    Alert,
    archive_created,
    archive_overdue,
    open_alerts,
    silent_period,
)
from inventory.records.devices import STATUSES
from inventory.records.names import label_of, labels
from inventory.settings.records import AlertSettings
from inventory.store.store import DeviceState, Store
from inventory.views.devices import BUSY_PERCENT, health_of, kinds_of
from inventory.views.network import NetworkView, UplinkState
from inventory.views.steer import refused_agents

SEVERITY = (
    "lan_down",
    "internet_down",
    "device_down",
    "ups_on_battery",
    "disk_full",
    "archive_overdue",
    "agent_silent",
    "toner_low",
)
"""Most severe first: the panel names the alerts that stop the most people working."""
SILENT_AFTER = silent_period(AlertSettings())
"""The default of `alerts.agent_silent_hours`; the overview reads the configured value."""
TOP_ALERTS = 2


@dataclass(frozen=True)
class ArchiveState:
    """The newest yearly archive a machine reported, and when its next one is due."""

    source: str
    label: str
    last: datetime
    next: datetime | None
    """When the next archive is due: the schedule the machine reported, or (a scheduled run
    late but not yet overdue) when the hub's rule will call it overdue. The moment the view
    was read when it is overdue by `alerts.archive_overdue_days`; None: made by hand."""

    def overdue(self, now: datetime) -> bool:
        """Overdue by the hub's alert rule, in a view read at `now`."""
        return self.next is not None and self.next <= now


@dataclass(frozen=True)
class DeviceCounts:
    statuses: dict[str, int]
    """Records by status (a record nobody set is in use), for every status."""
    up: int
    """Records whose reports say ok or busy."""
    down: int


def device_counts(
    records: Sequence[Mapping[str, Any]],
    latest: Mapping[str, Mapping[str, Any]],
    busy_percent: float = BUSY_PERCENT,
) -> DeviceCounts:
    """Records by status and by what their reports say."""
    statuses = Counter(str(r.get("status") or "in_use") for r in records)
    health = Counter(health_of(kinds_of(r, latest), busy_percent) for r in records)
    return DeviceCounts(
        {s: statuses.get(s, 0) for s in STATUSES},
        health["ok"] + health["busy"],
        health["down"],
    )


def _next_due(
    created: datetime, schedule: str | None, settings: AlertSettings, now: datetime
) -> datetime | None:
    if archive_overdue(created, settings, now):
        return now
    yearly = Yearly.from_report(schedule)
    if yearly is None:
        return None
    try:
        upcoming = next_run(now, yearly, State((created.year,)))
    except ValueError:  # a 29 February schedule in a year without one
        return None
    if upcoming <= now:  # late, but the machine has until the alert rule's limit
        return created + timedelta(days=settings.archive_overdue_days)
    return upcoming


def archive_states(
    records: Sequence[Mapping[str, Any]],
    latest: Mapping[str, Mapping[str, Any]],
    now: datetime,
    settings: AlertSettings | None = None,
) -> list[ArchiveState]:
    """Per machine with a "backup" report: its newest archive and when the next one is due."""
    settings = settings or AlertSettings()
    names = labels(records)
    found = []
    for device, kinds in sorted(latest.items()):
        backup = kinds.get("backup")
        created = archive_created(backup) if backup else None
        if not backup or created is None:
            continue
        run = backup_kind.parse(data_of(backup))
        source = label_of(device, names)
        upcoming = _next_due(created, run.schedule, settings, now)
        found.append(ArchiveState(source, run.label or source, created, upcoming))
    return found


def silent_agents(
    agents: Mapping[str, Activity], now: datetime, after: timedelta = SILENT_AFTER
) -> list[str]:
    """Agents whose newest report is older than `after` (`silent_period` of the settings)."""
    silent = []
    for agent, seen in sorted(agents.items()):
        try:
            last = parse_ts(seen.last_seen) if seen.last_seen else None
        except ValueError:
            last = None
        if last is None or now - last > after:
            silent.append(agent)
    return silent


def most_severe(alerts: Sequence[Alert], count: int = TOP_ALERTS) -> list[Alert]:
    rank = {rule: i for i, rule in enumerate(SEVERITY)}
    return sorted(alerts, key=lambda a: (rank.get(a.rule, len(SEVERITY)), a.since))[:count]


@dataclass(frozen=True)
class OverviewView:
    rows: tuple[DeviceState, ...]
    uplink: UplinkState | None
    """The uplink probes' newest round (`NetworkView.uplink`); None: never probed."""
    counts: DeviceCounts
    alerts: tuple[Alert, ...]
    top_alerts: tuple[Alert, ...]
    """The most severe open alerts, the ones the panel names."""
    agents: int
    silent: tuple[str, ...]
    silent_hours: float
    """`alerts.agent_silent_hours`: the agents in `silent` sent nothing for longer."""
    archives: tuple[ArchiveState, ...]
    now: datetime
    """When the view was read."""
    refused: tuple[str, ...] = ()
    """Agents that refused the settings the hub asks them to run."""


def read_overview(
    store: Store, settings: AlertSettings, now: datetime | None = None
) -> OverviewView:
    """The overview as the store holds it now, by the `[alerts]` settings."""
    now = now or utcnow()
    records = store.devices()
    latest = store.latest()
    agents = activity(store.layout)
    alerts = open_alerts(store.layout)
    return OverviewView(
        rows=tuple(store.overview()),
        uplink=NetworkView(store).uplink(),
        counts=device_counts(records, latest, settings.busy_percent),
        alerts=tuple(alerts),
        top_alerts=tuple(most_severe(alerts)),
        agents=len(agents),
        silent=tuple(silent_agents(agents, now, silent_period(settings))),
        silent_hours=settings.agent_silent_hours,
        archives=tuple(archive_states(records, latest, now, settings)),
        now=now,
        refused=refused_agents(store.layout),
    )
