"""Network: SNMP devices with state, interfaces up and errors, low supplies; the uplink's
latency and loss over the last 24 hours as sparklines."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from foundation.i18n import Lang
from inventory.views.network import STATUSES, NetDevice, NetworkStatus, NetworkView, UplinkState
from tui.context import Context
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.timefmt import ago
from tui.widgets.levels import Levels
from tui.widgets.refill import refill

COLUMNS = ("name", "status", "since", "ports", "errors", "supplies")


def _status(lang: Lang, status: str) -> str:
    return T(lang, f"net.status.{status}") if status in STATUSES else status


def _row(device: NetDevice, lang: Lang) -> list[str]:
    low = [s.descr for s in device.low_supplies]
    supplies = ", ".join(low) if low else ("—" if not device.supplies else T(lang, "net.ok"))
    return [
        device.name,
        _status(lang, device.status),
        ago(device.since, lang),
        f"{device.interfaces_up}/{len(device.interfaces)}" if device.interfaces else "—",
        str(device.errors) if device.interfaces else "—",
        supplies,
    ]


def uplink_line(lang: Lang, uplink: UplinkState | None) -> str:
    """One line: internet and office network state as the uplink probes last saw them."""
    if uplink is None:
        return T(lang, "uplink.none")
    name = uplink.state if uplink.state in {"ok", "internet_down", "lan_down"} else "unknown"
    return T(lang, f"uplink.{name}", seen=ago(uplink.ts, lang))


def targets_text(lang: Lang, targets: Sequence[NetDevice]) -> str:
    """One line: every probe target (router, E-Mongolia, …) with its state and round trip."""
    items = []
    for target in targets:
        state = _status(lang, target.status)
        if target.status == "up" and target.latency_ms is not None:
            state = T(lang, "net.target.latency", state=state, ms=f"{target.latency_ms:.0f}")
        items.append(f"{target.name} {state}")
    return T(lang, "net.targets", items=" · ".join(items))


class NetworkScreen(SoumnetScreen[NetworkStatus]):
    POLLS = True

    def __init__(self, context: Context) -> None:
        super().__init__(context, "network")
        self._rows: list[tuple[str, list[str]]] = []

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        yield Header()
        yield Static(T(lang, "net.title"), classes="screen-title")
        yield Static(T(lang, "loading"), id="net-uplink", classes="panel-line")
        yield Static("", id="net-targets", classes="panel-line")
        yield Static(T(lang, "net.latency"), id="net-latency-label", classes="panel-line")
        yield Levels(id="net-latency")
        yield Static(T(lang, "net.loss"), id="net-loss-label", classes="panel-line")
        yield Levels(top=100.0, id="net-loss")
        yield DataTable(cursor_type="row", id="net-devices")
        yield Static(T(lang, "loading"), id="net-status", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#net-devices", DataTable)
        for column in COLUMNS:
            table.add_column(T(self.context.lang, f"net.col.{column}"), key=column)

    def fetch(self) -> NetworkStatus:
        config = self.context.config
        return NetworkView(self.context.store, config.snmp.supply_low_percent).status()

    def show(self, view: NetworkStatus) -> None:
        lang = self.context.lang
        self.set_text("#net-uplink", uplink_line(lang, view.uplink))
        targets = self.query_one("#net-targets", Static)
        targets.display = bool(view.targets)  # no line for an office without probes
        self.set_text("#net-targets", targets_text(lang, view.targets))
        # an hour that measured no figure is left out, not drawn as zero
        latency = [h.latency_ms for h in view.hours if h.latency_ms is not None]
        loss = [h.loss_percent for h in view.hours if h.loss_percent is not None]
        if latency != self.query_one("#net-latency", Levels).data:
            self.query_one("#net-latency", Levels).data = latency
        if loss != self.query_one("#net-loss", Levels).data:
            self.query_one("#net-loss", Levels).data = loss
        self.set_text(
            "#net-latency-label",
            T(lang, "net.latency_now", ms=f"{latency[-1]:.0f}")
            if latency
            else T(lang, "net.latency"),
        )
        self.set_text(
            "#net-loss-label",
            T(lang, "net.loss_now", pct=f"{loss[-1]:.0f}") if loss else T(lang, "net.loss"),
        )
        rows = [(device.key, _row(device, lang)) for device in view.devices]
        if rows != self._rows:  # an unchanged table is not redrawn
            self._rows = rows
            refill(self.query_one("#net-devices", DataTable), rows)
        count = len(view.devices)
        self.set_text(
            "#net-status", T(lang, "net.count", count=count) if count else T(lang, "net.empty")
        )

    def failed(self, text: str) -> None:
        self.set_text("#net-status", text)
