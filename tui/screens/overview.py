"""The overview: every device with its latest health, and the internet/LAN state, live."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from agent.i18n import Lang
from inventory.network import NetworkView
from inventory.store import DeviceState
from tui.context import Context
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.timefmt import ago
from tui.widgets.device_table import DeviceTable


def uplink_text(lang: Lang, state: dict[str, Any] | None) -> str:
    """One line: internet and office network state as the uplink probes last saw them."""
    if state is None:
        return T(lang, "uplink.none")
    name = str(state.get("state", "unknown"))
    if name not in {"ok", "internet_down", "lan_down"}:
        name = "unknown"
    return T(lang, f"uplink.{name}", seen=ago(state.get("ts"), lang))


@dataclass(frozen=True)
class OverviewData:
    rows: list[DeviceState]
    uplink: dict[str, Any] | None


class OverviewScreen(SoumnetScreen):
    POLLS = True

    def __init__(self, context: Context) -> None:
        super().__init__(context, "overview")

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        yield Header()
        yield Static(T(lang, "overview.title"), id="overview-title", classes="screen-title")
        yield Static(T(lang, "loading"), id="overview-uplink", classes="panel-line")
        yield DeviceTable(lang, id="devices")
        yield Static(T(lang, "loading"), id="overview-status", classes="status-line")
        yield Footer()

    def fetch(self) -> OverviewData:
        store = self.context.store
        return OverviewData(store.overview(), NetworkView(store).uplink_state())

    def show(self, payload: object) -> None:
        assert isinstance(payload, OverviewData)
        lang = self.context.lang
        self.query_one(DeviceTable).show(payload.rows)
        self.set_text("#overview-uplink", uplink_text(lang, payload.uplink))
        status = T(lang, "overview.count", count=len(payload.rows)) if payload.rows else None
        self.set_text("#overview-status", status or T(lang, "overview.empty"))

    def failed(self, text: str) -> None:
        self.set_text("#overview-status", text)
