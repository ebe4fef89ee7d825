"""Agents: enrolment requests to approve or reject, approved agents to revoke.

Decisions go through the agents registry (`inventory.intake.agents.Registry`), the same code as
`soumnet-hub agents approve|reject|revoke` (write lock, audit trail under the person's name),
in a worker thread; the result is one message. Revoking asks first: an agent revoked by a
slip of the finger stops delivering until someone notices. Below the table, the selected
agent's details: what the store knows of it from its reports. `k` checks the fence around the
agents' SSH account (`inventory.commands.doctor`, the same lines as `soumnet-hub doctor`) and shows
its findings below the details.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from foundation.i18n import Lang
from foundation.wire import parse_ts
from inventory.commands import doctor
from inventory.intake import door
from inventory.intake.agents import Activity, Registry, activity, listing
from inventory.store.layout import Layout
from tui.context import Context
from tui.keys import Key, bindings
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.screens.confirm import ConfirmScreen
from tui.timefmt import ago
from tui.widgets.refill import refill

COLUMNS = ("agent", "host", "state", "requested", "fingerprint")
STATES = ("pending", "approved", "rejected", "revoked")

AGENT_KEYS = (
    Key("agents.approve", "a", "decide('approve')", "key.approve", fkey="f6"),
    Key("agents.reject", "x", "decide('reject')", "key.reject", fkey="f7"),
    Key("agents.revoke", "v", "decide('revoke')", "key.revoke", fkey="f9"),
)
"""Every one of these writes: an auditor's press is refused with a message."""
FENCE_KEY = Key("agents.fence", "k", "check_fence", "key.fence")
"""Only reads: anyone may check the fence."""


@dataclass(frozen=True)
class AgentsData:
    rows: list[dict[str, Any]]
    activity: dict[str, Activity]


class AgentsScreen(SoumnetScreen[AgentsData]):
    POLLS = True

    def __init__(self, context: Context) -> None:
        super().__init__(context, "agents")
        self._bindings = bindings(context.lang, (*AGENT_KEYS, FENCE_KEY), self._bindings)
        self._rows: list[tuple[str, list[str]]] = []
        self._data = AgentsData([], {})

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        yield Header()
        yield Static(T(lang, "agents.title"), classes="screen-title")
        yield DataTable(cursor_type="row", id="agents-table")
        yield Static("", id="agents-detail")
        yield Static("", id="agents-fence")
        yield Static(T(lang, "loading"), id="agents-status", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#agents-table", DataTable)
        for column in COLUMNS:
            table.add_column(T(self.context.lang, f"agents.col.{column}"), key=column)

    def fetch(self) -> AgentsData:
        config = self.context.config
        return AgentsData(listing(Registry(config)), activity(Layout(config.hub_dir)))

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

    def show(self, payload: AgentsData) -> None:
        lang = self.context.lang
        self._data = payload
        rows = [(str(r.get("agent", "")), self._cells(r)) for r in payload.rows]
        if rows != self._rows:
            self._rows = rows
            refill(self.query_one("#agents-table", DataTable), rows)
        pending = sum(1 for r in payload.rows if r.get("state") == "pending")
        status = (
            T(lang, "agents.count", count=len(rows), pending=pending)
            if rows
            else T(lang, "agents.empty")
        )
        self.set_text("#agents-status", status)
        self._show_detail()

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """The selected agent's details: who decided, last report, last backup error."""
        lang = self.context.lang
        agent = self.selected()
        row = next((r for r in self._data.rows if r.get("agent") == agent), None)
        if row is None:
            self.set_text("#agents-detail", "")
            return
        seen = self._data.activity.get(str(agent))
        lines = [
            T(lang, "agents.detail.key", fingerprint=row.get("fingerprint", "")),
            T(
                lang,
                "agents.detail.seen",
                seen=_ago(seen.last_seen if seen else None, lang),
                devices=seen.devices if seen else 0,
            ),
        ]
        if row.get("decided"):
            lines.append(
                T(
                    lang,
                    "agents.detail.decided",
                    when=_ago(row.get("decided"), lang),
                    who=row.get("decided_by") or "?",
                )
            )
        if seen and seen.last_error:
            lines.append(T(lang, "agents.detail.error", error=seen.last_error[:200]))
        lines.append(T(lang, "agents.detail.outbox"))
        self.set_text("#agents-detail", "\n".join(lines))

    def failed(self, text: str) -> None:
        self.set_text("#agents-status", text)

    @work(thread=True, group="agents-fence", exclusive=True)
    def action_check_fence(self) -> None:
        lines = doctor.view(self.context.config, self.context.lang)
        self.app.call_from_thread(self.set_text, "#agents-fence", "\n".join(lines))

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
        if decision != "revoke":
            self._decide(decision, agent)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._decide(decision, agent)

        self.app.push_screen(
            ConfirmScreen(lang, T(lang, "agents.confirm.revoke", agent=agent)), answered
        )

    @work(thread=True, group="agents-decide")
    def _decide(self, decision: str, agent: str) -> None:
        self.change_store(
            lambda: door.call(
                self.context.config, f"agent.{decision}", self.context.user, agent=agent
            ),
            T(self.context.lang, f"agents.done.{decision}", agent=agent),
        )


def _ago(ts: object, lang: Lang) -> str:
    if not ts:
        return T(lang, "time.never")
    try:
        return ago(parse_ts(ts), lang)
    except ValueError:
        return "?"
