"""Agents: enrolment requests to approve or reject, approved agents to revoke.

Decisions go through the agents registry (`inventory.agents.Registry`), the same code as
`soumnet-hub agents approve|reject|revoke`, in a worker thread; the result is one message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from agent.i18n import Problem
from agent.wire import parse_ts
from inventory.agents import Registry, listing
from tui.context import Context
from tui.keys import Key, bindings
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.timefmt import ago

COLUMNS = ("agent", "host", "state", "requested", "fingerprint")
STATES = ("pending", "approved", "rejected", "revoked")

AGENT_KEYS = (
    Key("agents.approve", "a", "decide('approve')", "key.approve", fkey="f6"),
    Key("agents.reject", "x", "decide('reject')", "key.reject", fkey="f7"),
    Key("agents.revoke", "v", "decide('revoke')", "key.revoke", fkey="f9"),
)
"""Every one of these writes: an auditor's press is refused with a message."""


@dataclass(frozen=True)
class AgentsData:
    rows: list[dict[str, Any]]


class AgentsScreen(SoumnetScreen):
    POLLS = True

    def __init__(self, context: Context) -> None:
        super().__init__(context, "agents")
        self._bindings = bindings(context.lang, AGENT_KEYS)
        self._rows: list[tuple[str, list[str]]] = []

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        yield Header()
        yield Static(T(lang, "agents.title"), classes="screen-title")
        yield DataTable(cursor_type="row", id="agents-table")
        yield Static(T(lang, "loading"), id="agents-status", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#agents-table", DataTable)
        for column in COLUMNS:
            table.add_column(T(self.context.lang, f"agents.col.{column}"), key=column)

    def fetch(self) -> AgentsData:
        return AgentsData(listing(Registry(self.context.config)))

    def _cells(self, row: dict[str, Any]) -> list[str]:
        lang = self.context.lang
        state = str(row.get("state", ""))
        try:
            requested = ago(parse_ts(row.get("requested")), lang)
        except ValueError:
            requested = "?"
        return [
            str(row.get("agent", "")),
            str(row.get("hostname", "")),
            T(lang, f"agents.state.{state}") if state in STATES else state,
            requested,
            str(row.get("fingerprint", ""))[:20],
        ]

    def show(self, payload: object) -> None:
        assert isinstance(payload, AgentsData)
        lang = self.context.lang
        rows = [(str(r.get("agent", "")), self._cells(r)) for r in payload.rows]
        if rows != self._rows:
            self._rows = rows
            table = self.query_one("#agents-table", DataTable)
            cursor = table.cursor_row
            table.clear()
            for key, cells in rows:
                table.add_row(*cells, key=key)
            if rows:
                table.move_cursor(row=min(cursor, len(rows) - 1))
        pending = sum(1 for r in payload.rows if r.get("state") == "pending")
        status = (
            T(lang, "agents.count", count=len(rows), pending=pending)
            if rows
            else T(lang, "agents.empty")
        )
        self.set_text("#agents-status", status)

    def failed(self, text: str) -> None:
        self.set_text("#agents-status", text)

    def selected(self) -> str | None:
        table = self.query_one("#agents-table", DataTable)
        if not self._rows or table.cursor_row < 0:
            return None
        return self._rows[min(table.cursor_row, len(self._rows) - 1)][0]

    def action_decide(self, decision: str) -> None:
        lang = self.context.lang
        if not self.context.can_write:
            self.notify(T(lang, "write.refused"), severity="error")
            return
        agent = self.selected()
        if agent is None:
            self.notify(T(lang, "agents.none_selected"), severity="warning")
            return
        self._decide(decision, agent)

    @work(thread=True, group="agents-decide")
    def _decide(self, decision: str, agent: str) -> None:
        lang = self.context.lang
        registry = Registry(self.context.config)
        try:
            getattr(registry, decision)(agent)
        except Problem as exc:
            self.app.call_from_thread(self.notify, exc.text(lang), severity="error")
            return
        except OSError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        done = T(lang, f"agents.done.{decision}", agent=agent)
        self.app.call_from_thread(self.notify, done)
        self.app.call_from_thread(self.load)
