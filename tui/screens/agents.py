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

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from inventory.commands import doctor
from inventory.intake import door
from inventory.views.agents import STATES, AgentRow, AgentsView, agents_view
from tui.context import Context
from tui.keys import Key, bindings
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.screens.confirm import ConfirmScreen
from tui.timefmt import ago
from tui.widgets.refill import refill

COLUMNS = ("agent", "host", "state", "requested", "fingerprint")

AGENT_KEYS = (
    Key("agents.approve", "a", "decide('approve')", "key.approve", fkey="f6"),
    Key("agents.reject", "x", "decide('reject')", "key.reject", fkey="f7"),
    Key("agents.revoke", "v", "decide('revoke')", "key.revoke", fkey="f9"),
)
"""Every one of these writes: an auditor's press is refused with a message."""
FENCE_KEY = Key("agents.fence", "k", "check_fence", "key.fence")
"""Only reads: anyone may check the fence."""


class AgentsScreen(SoumnetScreen[AgentsView]):
    POLLS = True

    def __init__(self, context: Context) -> None:
        super().__init__(context, "agents")
        self._bindings = bindings(context.lang, (*AGENT_KEYS, FENCE_KEY), self._bindings)
        self._rows: list[tuple[str, list[str]]] = []
        self._data = AgentsView(())

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

    def fetch(self) -> AgentsView:
        return agents_view(self.context.config)

    def _cells(self, row: AgentRow) -> list[str]:
        lang = self.context.lang
        return [
            row.agent,
            row.hostname,
            T(lang, f"agents.state.{row.state}") if row.state in STATES else row.state,
            ago(row.requested, lang) if row.requested else "?",
            row.fingerprint[:20],
        ]

    def show(self, view: AgentsView) -> None:
        lang = self.context.lang
        self._data = view
        rows = [(r.agent, self._cells(r)) for r in view.agents]
        if rows != self._rows:
            self._rows = rows
            refill(self.query_one("#agents-table", DataTable), rows)
        status = (
            T(lang, "agents.count", count=len(rows), pending=view.pending)
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
        row = self._data.find(self.selected())
        if row is None:
            self.set_text("#agents-detail", "")
            return
        lines = [
            T(lang, "agents.detail.key", fingerprint=row.fingerprint),
            T(lang, "agents.detail.seen", seen=ago(row.last_seen, lang), devices=row.devices),
        ]
        if row.decided:
            lines.append(
                T(
                    lang,
                    "agents.detail.decided",
                    when=ago(row.decided, lang),
                    who=row.decided_by or "?",
                )
            )
        if row.last_error:
            lines.append(T(lang, "agents.detail.error", error=row.last_error[:200]))
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
