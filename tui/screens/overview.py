"""The overview: one-line panels (devices by state, open alerts, internet/LAN, silent agents,
yearly archives) above every device with its latest health, live."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from backups.schedule import State, Yearly, next_run
from foundation.i18n import Lang
from foundation.wire import parse_ts, utcnow
from inventory.intake.agents import Activity, activity
from inventory.records.alerts import Alert, open_alerts
from inventory.records.devices import STATUSES
from inventory.records.names import label_of, labels
from inventory.store.store import DeviceState
from inventory.views.devices import kinds_of
from inventory.views.network import NetworkView
from tui.context import Context
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.timefmt import ago
from tui.widgets.devices.rows import health_of
from tui.widgets.overview_table import DeviceTable

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
SILENT_AFTER = timedelta(hours=24)
"""The default of `alerts.agent_silent_hours`; the screen passes the configured value."""
TOP_ALERTS = 2
SCHEDULE = re.compile(r"^yearly (\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{2})")


def uplink_text(lang: Lang, state: dict[str, Any] | None) -> str:
    """One line: internet and office network state as the uplink probes last saw them."""
    if state is None:
        return T(lang, "uplink.none")
    name = str(state.get("state", "unknown"))
    if name not in {"ok", "internet_down", "lan_down"}:
        name = "unknown"
    return T(lang, f"uplink.{name}", seen=ago(state.get("ts"), lang))


@dataclass(frozen=True)
class ArchiveState:
    """The newest yearly archive a machine reported, and when its next one is due."""

    source: str
    label: str
    last: datetime
    next: datetime | None
    """None: the archive was made by hand, no yearly schedule is known."""


@dataclass(frozen=True)
class DeviceCounts:
    statuses: dict[str, int]
    up: int
    down: int


def device_counts(
    records: Sequence[Mapping[str, Any]], latest: Mapping[str, Mapping[str, Any]]
) -> DeviceCounts:
    """Records by status (a record nobody set is in use) and by what their reports say."""
    statuses = Counter(str(r.get("status") or "in_use") for r in records)
    health = Counter(health_of(kinds_of(r, latest)) for r in records)
    return DeviceCounts(
        {s: statuses.get(s, 0) for s in STATUSES},
        health["ok"] + health["busy"],
        health["down"],
    )


def archive_states(
    records: Sequence[Mapping[str, Any]],
    latest: Mapping[str, Mapping[str, Any]],
    now: datetime,
) -> list[ArchiveState]:
    """Per machine with a "backup" report: its newest archive and the next yearly run."""
    names = labels(records)
    found = []
    for device, kinds in sorted(latest.items()):
        backup = kinds.get("backup")
        if not backup:
            continue
        data = backup.get("data") or {}
        try:
            last = parse_ts(data.get("created") or backup.get("ts"))
        except ValueError:
            continue
        when = SCHEDULE.match(str(data.get("schedule") or ""))
        upcoming = None
        if when:
            month, day, hour, minute = (int(x) for x in when.groups())
            try:
                yearly = Yearly(month, day, hour, minute)
                upcoming = next_run(now, yearly, State((last.year,)))
            except ValueError:
                upcoming = None
        source = label_of(device, names)
        found.append(ArchiveState(source, str(data.get("label") or source), last, upcoming))
    return found


def silent_agents(
    agents: Mapping[str, Activity], now: datetime, after: timedelta = SILENT_AFTER
) -> list[str]:
    """Agents whose newest report is older than `after` (the alert rule's setting)."""
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
class OverviewData:
    rows: list[DeviceState]
    uplink: dict[str, Any] | None
    counts: DeviceCounts
    alerts: list[Alert]
    agents: int
    silent: list[str]
    archives: list[ArchiveState]
    now: datetime


def devices_text(lang: Lang, counts: DeviceCounts) -> str:
    return T(lang, "overview.devices", up=counts.up, down=counts.down, **counts.statuses)


def alerts_text(lang: Lang, alerts: Sequence[Alert]) -> str:
    if not alerts:
        return T(lang, "overview.alerts.none")
    top = "; ".join(a.title(lang) for a in most_severe(alerts))
    return T(lang, "overview.alerts.some", count=len(alerts), top=top)


def agents_text(lang: Lang, agents: int, silent: Sequence[str]) -> str:
    if not agents:
        return T(lang, "overview.agents.none")
    if not silent:
        return T(lang, "overview.agents.ok", count=agents)
    return T(lang, "overview.agents.silent", count=len(silent), names=", ".join(silent))


def archives_text(lang: Lang, archives: Sequence[ArchiveState], now: datetime) -> str:
    if not archives:
        return T(lang, "overview.archives.none")
    parts = []
    for item in archives:
        if item.next is None:
            upcoming = T(lang, "overview.archives.manual")
        elif item.next <= now:
            upcoming = T(lang, "overview.archives.overdue")
        else:
            upcoming = f"{item.next:%Y-%m-%d}"
        parts.append(
            T(
                lang,
                "overview.archives.one",
                label=item.label,
                last=f"{item.last:%Y-%m-%d}",
                next=upcoming,
            )
        )
    return f"{T(lang, 'overview.archives.prefix')}: " + " · ".join(parts)


class OverviewScreen(SoumnetScreen[OverviewData]):
    POLLS = True

    def __init__(self, context: Context) -> None:
        super().__init__(context, "overview")

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        yield Header()
        yield Static(T(lang, "overview.title"), id="overview-title", classes="screen-title")
        for panel in ("devices", "alerts", "uplink", "agents", "archives"):
            yield Static(T(lang, "loading"), id=f"overview-{panel}", classes="panel-line")
        yield DeviceTable(lang, id="devices")
        yield Static(T(lang, "loading"), id="overview-status", classes="status-line")
        yield Footer()

    def fetch(self) -> OverviewData:
        store = self.context.store
        now = utcnow()
        records = store.devices()
        latest = store.latest()
        agents = activity(store.layout)
        return OverviewData(
            rows=store.overview(),
            uplink=NetworkView(store).uplink_state(),
            counts=device_counts(records, latest),
            alerts=open_alerts(store.layout),
            agents=len(agents),
            silent=silent_agents(
                agents, now, timedelta(hours=self.context.config.alerts.agent_silent_hours)
            ),
            archives=archive_states(records, latest, now),
            now=now,
        )

    def show(self, payload: OverviewData) -> None:
        lang = self.context.lang
        self.query_one(DeviceTable).show(payload.rows)
        self.set_text("#overview-devices", devices_text(lang, payload.counts))
        self.set_text("#overview-alerts", alerts_text(lang, payload.alerts))
        self.set_text("#overview-uplink", uplink_text(lang, payload.uplink))
        self.set_text("#overview-agents", agents_text(lang, payload.agents, payload.silent))
        self.set_text("#overview-archives", archives_text(lang, payload.archives, payload.now))
        status = T(lang, "overview.count", count=len(payload.rows)) if payload.rows else None
        self.set_text("#overview-status", status or T(lang, "overview.empty"))

    def failed(self, text: str) -> None:
        self.set_text("#overview-status", text)
