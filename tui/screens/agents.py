"""Agents: enrolment requests to approve or reject, approved agents to revoke.

Decisions go through the agents registry (`inventory.intake.agents.Registry`), the same code as
`soumnet-hub agents approve|reject|revoke` (write lock, audit trail under the person's name),
in a worker thread; the result is one message. Revoking asks first: an agent revoked by a
slip of the finger stops delivering until someone notices. Below the table, the selected
agent's details: what the store knows of it from its reports. `k` checks the fence around the
agents' SSH account (`inventory.commands.doctor`, the same lines as `soumnet-hub doctor`) and shows
its findings below the details.

The steering (`inventory.views.steer`): per agent the settings version it runs against the one
it should, why it refused them, its pending tasks and the last one's result; `i`, `p`, `s` and
`u` open the forms for intervals, probe targets, SNMP devices and the backup job (for the
selected agent, or a group or `all` typed in the form), `j` queues a task, asking first for an
archive (it takes long and fills a disk).
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from inventory.commands import doctor
from inventory.intake import door
from inventory.steer.book import TASK_NAMES
from inventory.views.agents import STATES, AgentRow, AgentsView, agents_view
from inventory.views.steer import AgentSteer, SteerView, TaskRow, steer_view
from tui.context import Context
from tui.keys import Key, bindings
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.steer_backup import BackupForm
from tui.screens.steer_intervals import IntervalsForm
from tui.screens.steer_probes import ProbesForm
from tui.screens.steer_snmp import SnmpForm
from tui.screens.steer_task import TaskPicker
from tui.timefmt import ago
from tui.widgets.refill import refill

COLUMNS = ("agent", "host", "state", "requested", "settings", "tasks", "fingerprint")

AGENT_KEYS = (
    Key("agents.approve", "a", "decide('approve')", "key.approve", fkey="f6"),
    Key("agents.reject", "x", "decide('reject')", "key.reject", fkey="f7"),
    Key("agents.revoke", "v", "decide('revoke')", "key.revoke", fkey="f9"),
)
"""Every one of these writes: an auditor's press is refused with a message."""
FENCE_KEY = Key("agents.fence", "k", "check_fence", "key.fence")
"""Only reads: anyone may check the fence."""
STEER_KEYS = (
    Key("agents.intervals", "i", "steer_form('intervals')", "key.settings"),
    Key("agents.probes", "p", "steer_form('probes')", "key.probes", show=False),
    Key("agents.snmp", "s", "steer_form('snmp')", "key.snmp", show=False),
    Key("agents.backup", "u", "steer_form('backup')", "key.backup", show=False),
    Key("agents.task", "j", "queue_task", "key.task"),
)
"""Every one of these writes too. The three hidden ones are on the help screen (h)."""
FORMS = {"intervals": IntervalsForm, "probes": ProbesForm, "snmp": SnmpForm, "backup": BackupForm}
TASK_LINES = 3
"""How many of the selected agent's newest tasks the details name."""

AgentsData = tuple[AgentsView, SteerView]
"""The registry's view of the agents and the steering's, both built by the hub."""


class AgentsScreen(SoumnetScreen[AgentsData]):
    POLLS = True

    def __init__(self, context: Context) -> None:
        super().__init__(context, "agents")
        keys = (*AGENT_KEYS, FENCE_KEY, *STEER_KEYS)
        self._bindings = bindings(context.lang, keys, self._bindings)
        self._rows: list[tuple[str, list[str]]] = []
        self._data = AgentsView(())
        self._steer: SteerView | None = None

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
        return agents_view(config), steer_view(config)

    def _settings_cell(self, steer: AgentSteer | None) -> str:
        lang = self.context.lang
        if steer is None or (steer.should == 0 and steer.runs is None):
            return T(lang, "steer.cell.none")
        if steer.refused:
            return T(lang, "steer.cell.refused")
        if steer.runs is None:
            return T(lang, "steer.cell.never", should=steer.should)
        if steer.current:
            return T(lang, "steer.cell.current", runs=steer.runs)
        return T(lang, "steer.cell.behind", runs=steer.runs, should=steer.should)

    def _cells(self, row: AgentRow, steer: AgentSteer | None) -> list[str]:
        lang = self.context.lang
        return [
            row.agent,
            row.hostname,
            T(lang, f"agents.state.{row.state}") if row.state in STATES else row.state,
            ago(row.requested, lang) if row.requested else "?",
            self._settings_cell(steer),
            str(steer.pending) if steer and steer.pending else "",
            row.fingerprint[:20],
        ]

    def show(self, view: AgentsData) -> None:
        lang = self.context.lang
        self._data, steer = view
        self._steer = steer
        rows = [(r.agent, self._cells(r, steer.for_agent(r.agent))) for r in self._data.agents]
        if rows != self._rows:
            self._rows = rows
            refill(self.query_one("#agents-table", DataTable), rows)
        status = (
            T(lang, "agents.count", count=len(rows), pending=self._data.pending)
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
        lines += self._steer_lines(row.agent)
        self.set_text("#agents-detail", "\n".join(lines))

    def _task_state(self, task: TaskRow) -> str:
        return T(self.context.lang, f"steer.state.{task.state}")

    def _task_name(self, task: TaskRow) -> str:
        known = task.name in TASK_NAMES
        return T(self.context.lang, f"steer.task.{task.name}") if known else task.name

    def _steer_lines(self, agent: str) -> list[str]:
        """What the hub asks of the agent and what it did with it."""
        lang = self.context.lang
        steer = self._steer.for_agent(agent) if self._steer else None
        if steer is None:
            return []
        lines = []
        if steer.should or steer.runs is not None:
            runs = "?" if steer.runs is None else steer.runs
            lines.append(T(lang, "steer.detail.settings", runs=runs, should=steer.should))
        refused = steer.refused_mn if lang == "mn" else steer.refused
        if refused:
            lines.append(T(lang, "steer.detail.refused", reason=refused[:200]))
        last = steer.last_task
        if last is not None:
            line = f": {last.lines[-1]}" if last.lines else ""
            lines.append(
                T(
                    lang,
                    "steer.detail.last",
                    id=last.id,
                    name=self._task_name(last),
                    state=self._task_state(last),
                    line=line[:120],
                )
            )
        assert self._steer is not None
        mine = [t for t in self._steer.tasks if t.agent == agent][:TASK_LINES]
        if mine:
            items = ", ".join(
                T(
                    lang,
                    "steer.detail.task",
                    id=t.id,
                    name=self._task_name(t),
                    state=self._task_state(t),
                )
                for t in mine
            )
            lines.append(T(lang, "steer.detail.tasks", items=items))
        return lines

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
        if self.context.refused(self):
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

    def _writable_agent(self) -> str | None:
        lang = self.context.lang
        if self.context.refused(self):
            return None
        agent = self.selected()
        if agent is None:
            self.notify(T(lang, "agents.none_selected"), severity="warning")
        return agent

    def action_steer_form(self, form: str) -> None:
        agent = self._writable_agent()
        if agent is None:
            return
        found = self._steer.settings(agent) if self._steer else {}
        values, inherited = found.get("values") or {}, found.get("effective") or {}

        def saved(version: int | None) -> None:
            if version is not None:
                self.load()

        self.app.push_screen(FORMS[form](self.context, agent, values, inherited), saved)

    def action_queue_task(self) -> None:
        agent = self._writable_agent()
        if agent is None:
            return
        lang = self.context.lang

        def picked(name: str | None) -> None:
            if not name:
                return
            if name != "archive":
                self._queue(agent, name)
                return

            def answered(yes: bool | None) -> None:
                if yes:
                    self._queue(agent, name)

            question = T(lang, "steer.task.confirm_archive", agent=agent)
            self.app.push_screen(ConfirmScreen(lang, question), answered)

        self.app.push_screen(TaskPicker(lang, agent), picked)

    @work(thread=True, group="agents-task")
    def _queue(self, agent: str, name: str) -> None:
        lang = self.context.lang
        self.change_store(
            lambda: door.call(
                self.context.config, "steer.task", self.context.user, target=agent, name=name
            ),
            T(lang, "steer.task.queued", name=T(lang, f"steer.task.{name}"), agent=agent),
        )
