"""Network: SNMP devices with state, interfaces up and errors, low supplies; the uplink's
latency and loss over the last 24 hours as sparklines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from foundation.i18n import Lang
from foundation.wire import utcnow
from inventory.views.network import NetDevice, NetworkView, UplinkHour
from tui.context import Context
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.screens.overview import uplink_text
from tui.timefmt import ago
from tui.widgets.levels import Levels
from tui.widgets.refill import refill

COLUMNS = ("name", "status", "since", "ports", "errors", "supplies")


@dataclass(frozen=True)
class NetworkData:
    devices: list[NetDevice]
    targets: list[NetDevice]
    uplink: dict[str, Any] | None
    hours: list[UplinkHour]


def _row(device: NetDevice, lang: Lang) -> list[str]:
    up = sum(1 for i in device.interfaces if i.oper == "up")
    errors = sum((i.in_errors or 0) + (i.out_errors or 0) for i in device.interfaces)
    low = [s.descr for s in device.supplies if s.low]
    supplies = ", ".join(low) if low else ("—" if not device.supplies else T(lang, "net.ok"))
    known = device.status in {"up", "down", "unreachable"}
    return [
        device.name,
        T(lang, f"net.status.{device.status}") if known else device.status,
        ago(device.since, lang),
        f"{up}/{len(device.interfaces)}" if device.interfaces else "—",
        str(errors) if device.interfaces else "—",
        supplies,
    ]


def targets_text(lang: Lang, targets: list[NetDevice]) -> str:
    """One line: every probe target (router, E-Mongolia, …) with its state and round trip."""
    items = []
    for target in targets:
        known = target.status in {"up", "down", "unreachable"}
        state = T(lang, f"net.status.{target.status}") if known else target.status
        if target.status == "up" and target.latency_ms is not None:
            state = T(lang, "net.target.latency", state=state, ms=f"{target.latency_ms:.0f}")
        items.append(f"{target.name} {state}")
    return T(lang, "net.targets", items=" · ".join(items))


class NetworkScreen(SoumnetScreen[NetworkData]):
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

    def fetch(self) -> NetworkData:
        view = NetworkView(self.context.store, self.context.config.snmp.supply_low_percent)
        now = utcnow()
        hours = view.uplink_hours(now - timedelta(hours=24), now)
        return NetworkData(view.devices(), view.targets(), view.uplink_state(), hours)

    def show(self, payload: NetworkData) -> None:
        lang = self.context.lang
        self.set_text("#net-uplink", uplink_text(lang, payload.uplink))
        targets = self.query_one("#net-targets", Static)
        targets.display = bool(payload.targets)  # no line for an office without probes
        self.set_text("#net-targets", targets_text(lang, payload.targets))
        # an hour that measured no figure is left out, not drawn as zero
        latency = [h.latency_ms for h in payload.hours if h.latency_ms is not None]
        loss = [h.loss_percent for h in payload.hours if h.loss_percent is not None]
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
        rows = [(device.key, _row(device, lang)) for device in payload.devices]
        if rows != self._rows:  # an unchanged table is not redrawn
            self._rows = rows
            refill(self.query_one("#net-devices", DataTable), rows)
        count = len(payload.devices)
        self.set_text(
            "#net-status", T(lang, "net.count", count=count) if count else T(lang, "net.empty")
        )

    def failed(self, text: str) -> None:
        self.set_text("#net-status", text)
