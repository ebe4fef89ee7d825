"""The overview: every device with its latest CPU, memory and disk use, updated live."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from agent.i18n import Problem
from inventory.store import DeviceState
from tui.context import Context
from tui.messages import T
from tui.widgets.device_table import DeviceTable


class OverviewScreen(Screen[None]):
    @dataclass
    class Loaded(Message):
        rows: list[DeviceState]

    @dataclass
    class Failed(Message):
        reason: str

    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        yield Header()
        yield Static(T(lang, "overview.title"), id="overview-title", classes="screen-title")
        yield DeviceTable(lang, id="devices")
        yield Static("", id="overview-status", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="overview-load")
    def load(self) -> None:
        """Read the store off the UI thread; the next read is scheduled when this one ends."""
        try:
            rows = self.context.store.overview()
        except Problem as exc:
            self.post_message(self.Failed(exc.text(self.context.lang)))
        except OSError as exc:
            self.post_message(self.Failed(str(exc)))
        else:
            self.post_message(self.Loaded(rows))

    def on_overview_screen_loaded(self, message: Loaded) -> None:
        lang = self.context.lang
        self.query_one(DeviceTable).show(message.rows)
        status = T(lang, "overview.count", count=len(message.rows)) if message.rows else None
        self.query_one("#overview-status", Static).update(status or T(lang, "overview.empty"))
        self._schedule()

    def on_overview_screen_failed(self, message: Failed) -> None:
        text = T(self.context.lang, "overview.error", reason=message.reason)
        self.query_one("#overview-status", Static).update(text)
        self._schedule()

    def _schedule(self) -> None:
        self.set_timer(max(1.0, self.context.config.ui.refresh_seconds), self.load)

    def action_refresh(self) -> None:
        self.load()
