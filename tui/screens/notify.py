"""Alerts and notifications: the open alerts (acknowledge one with `a`, so nobody else is
sent it) above the notification log: what was sent to whom, what waits, what failed and why.

The rows are the hub's views (`inventory.views.notify`, the same as `soumnet-hub notify log`);
acknowledging goes through the door, as `soumnet-hub alerts ack N` does.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from inventory.intake import door
from inventory.notify.messages import T as NOTIFY_T
from inventory.store.layout import Layout
from inventory.views.notify import NotifyView, notify_view
from tui.context import Context
from tui.keys import Key, bindings
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.widgets.refill import refill

ALERT_COLUMNS = ("no", "since", "alert", "acked")
LOG_COLUMNS = ("when", "state", "channel", "person", "what")
PAGE = 300
NOTIFY_KEYS = (Key("notify.ack", "a", "ack", "notify.key.ack", fkey="f6"),)


class NotifyScreen(SoumnetScreen[NotifyView]):
    POLLS = True

    def __init__(self, context: Context) -> None:
        super().__init__(context, "notify")
        self._bindings = bindings(context.lang, NOTIFY_KEYS, self._bindings)
        self._alerts: list[tuple[str, list[str]]] = []
        self._log: list[tuple[str, list[str]]] = []

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        yield Header()
        yield Static(T(lang, "notify.title"), classes="screen-title")
        yield DataTable(cursor_type="row", id="notify-alerts")
        yield Static("", id="notify-summary", classes="panel-line")
        yield DataTable(cursor_type="row", id="notify-log")
        yield Static(T(lang, "loading"), id="notify-status", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        lang = self.context.lang
        for table_id, columns in (("#notify-alerts", ALERT_COLUMNS), ("#notify-log", LOG_COLUMNS)):
            table = self.query_one(table_id, DataTable)
            for column in columns:
                table.add_column(T(lang, f"notify.col.{column}"), key=column)

    def fetch(self) -> NotifyView:
        return notify_view(Layout(self.context.config.hub_dir), self.context.config, PAGE)

    def show(self, view: NotifyView) -> None:
        lang = self.context.lang
        tz = self.context.config.office.timezone
        alert_rows = [
            (
                str(a.no or a.id),
                [
                    f"#{a.no}" if a.no else "-",
                    f"{a.since.astimezone(tz):%m-%d %H:%M}",
                    a.title(lang),
                    a.acked_by or "-",
                ],
            )
            for a in view.alerts
        ]
        if alert_rows != self._alerts:
            self._alerts = alert_rows
            refill(self.query_one("#notify-alerts", DataTable), alert_rows)
        log_rows = []
        people = self.context.config.users
        for row in view.rows:
            what = row.subject
            if row.reason:
                what = row.reason.get(lang) or row.reason.get("en", "")
            log_rows.append(
                (
                    row.key,
                    [
                        f"{row.created.astimezone(tz):%m-%d %H:%M}",
                        NOTIFY_T(lang, f"notify.state.{row.state}"),
                        row.channel,
                        people[row.person].label(row.person)
                        if row.person in people
                        else row.person,
                        what,
                    ],
                )
            )
        if log_rows != self._log:
            self._log = log_rows
            refill(self.query_one("#notify-log", DataTable), log_rows)
        if not view.channels:
            summary = T(lang, "notify.no_channels")
        else:
            summary = T(
                lang,
                "notify.summary",
                channels=", ".join(view.channels),
                waiting=view.waiting,
                failed=view.failed,
            )
        self.set_text("#notify-summary", summary)
        self.set_text(
            "#notify-status", T(lang, "notify.count", alerts=len(view.alerts), rows=len(view.rows))
        )

    def failed(self, text: str) -> None:
        self.set_text("#notify-status", text)

    def selected_alert(self) -> int | None:
        table = self.query_one("#notify-alerts", DataTable)
        if not self._alerts or table.cursor_row < 0:
            return None
        key = self._alerts[min(table.cursor_row, len(self._alerts) - 1)][0]
        return int(key) if key.isdigit() else None

    def action_ack(self) -> None:
        lang = self.context.lang
        if self.context.refused(self):
            return
        no = self.selected_alert()
        if no is None:
            self.notify(T(lang, "notify.none_selected"), severity="warning")
            return
        self._ack(no)

    @work(thread=True, group="notify-ack")
    def _ack(self, no: int) -> None:
        self.change_store(
            lambda: door.call(self.context.config, "alert.ack", self.context.user, no=no),
            T(self.context.lang, "notify.acked", no=no),
        )
