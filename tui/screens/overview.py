"""The overview: one-line panels (devices by state, open alerts, internet/LAN, silent agents,
yearly archives) above every device with its latest health, live. What the panels say is
decided in `inventory.views.overview`; here it is only worded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from foundation.i18n import Lang
from inventory.records.alerts import Alert
from inventory.views.overview import ArchiveState, DeviceCounts, OverviewView, read_overview
from tui.context import Context
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.screens.network import uplink_line
from tui.widgets.overview_table import DeviceTable

DAY_HOURS = 24.0


def devices_text(lang: Lang, counts: DeviceCounts) -> str:
    return T(lang, "overview.devices", up=counts.up, down=counts.down, **counts.statuses)


def alerts_text(lang: Lang, alerts: Sequence[Alert], top: Sequence[Alert]) -> str:
    if not alerts:
        return T(lang, "overview.alerts.none")
    named = "; ".join(a.title(lang) for a in top)
    return T(lang, "overview.alerts.some", count=len(alerts), top=named)


def agents_text(
    lang: Lang,
    agents: int,
    silent: Sequence[str],
    hours: float = DAY_HOURS,
    refused: Sequence[str] = (),
) -> str:
    """`hours`: how long an agent may be silent (`alerts.agent_silent_hours`), said as "a day"
    when it is one; `refused`: agents that refused their settings, said after it."""
    said = _agents_text(lang, agents, silent, hours)
    if not refused:
        return said
    key = "overview.agents.refused" if len(refused) == 1 else "overview.agents.refused_many"
    return said + " · " + T(lang, key, names=", ".join(refused))


def _agents_text(lang: Lang, agents: int, silent: Sequence[str], hours: float) -> str:
    if not agents:
        return T(lang, "overview.agents.none")
    day = hours == DAY_HOURS
    names = ", ".join(silent)
    if not silent:
        if day:
            return T(lang, "overview.agents.ok", count=agents)
        return T(lang, "overview.agents.ok_hours", count=agents, hours=f"{hours:g}")
    if day:
        return T(lang, "overview.agents.silent", count=len(silent), names=names)
    return T(
        lang, "overview.agents.silent_hours", count=len(silent), names=names, hours=f"{hours:g}"
    )


def archives_text(lang: Lang, archives: Sequence[ArchiveState], now: datetime) -> str:
    if not archives:
        return T(lang, "overview.archives.none")
    parts = []
    for item in archives:
        if item.next is None:
            upcoming = T(lang, "overview.archives.manual")
        elif item.overdue(now):
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


class OverviewScreen(SoumnetScreen[OverviewView]):
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

    def fetch(self) -> OverviewView:
        return read_overview(self.context.store, self.context.config.alerts)

    def show(self, view: OverviewView) -> None:
        lang = self.context.lang
        self.query_one(DeviceTable).show(view.rows)
        self.set_text("#overview-devices", devices_text(lang, view.counts))
        self.set_text("#overview-alerts", alerts_text(lang, view.alerts, view.top_alerts))
        self.set_text("#overview-uplink", uplink_line(lang, view.uplink))
        agents = agents_text(lang, view.agents, view.silent, view.silent_hours, view.refused)
        self.set_text("#overview-agents", agents)
        self.set_text("#overview-archives", archives_text(lang, view.archives, view.now))
        status = T(lang, "overview.count", count=len(view.rows)) if view.rows else None
        self.set_text("#overview-status", status or T(lang, "overview.empty"))

    def failed(self, text: str) -> None:
        self.set_text("#overview-status", text)
