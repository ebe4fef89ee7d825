"""The audit trail: who changed what and when, newest first, with the chain's verification.

Read-only for everyone; auditors see it too. The verification is the records' own `verify`,
so the screen and `soumnet-hub audit verify` can never disagree.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from inventory.records_messages import T as RECORDS_T
from inventory.store.layout import Layout
from inventory.views.audit import AuditEntry, AuditView, audit_view
from tui.context import Context
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.widgets.refill import refill

COLUMNS = ("seq", "when", "who", "action", "target")
PAGE = 500
"""Newest entries shown: the table stays fast however long the trail grows."""


def _when(entry: AuditEntry, tz: ZoneInfo) -> str:
    """In the office's time zone (the trail stores UTC)."""
    when = entry.when
    return when.astimezone(tz).strftime("%Y-%m-%d %H:%M") if when else "?"


class AuditScreen(SoumnetScreen[AuditView]):
    POLLS = True

    def __init__(self, context: Context) -> None:
        super().__init__(context, "audit")
        self._rows: list[tuple[str, ...]] = []

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        yield Header()
        yield Static(T(lang, "audit.title"), classes="screen-title")
        yield Static(T(lang, "loading"), id="audit-verify", classes="panel-line")
        yield DataTable(cursor_type="row", id="audit-entries")
        yield Static("", id="audit-status", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#audit-entries", DataTable)
        for column in COLUMNS:
            table.add_column(T(self.context.lang, f"audit.col.{column}"), key=column)

    def fetch(self) -> AuditView:
        return audit_view(Layout(self.context.config.hub_dir), PAGE)

    def show(self, view: AuditView) -> None:
        lang = self.context.lang
        if view.findings:
            problems = "; ".join(RECORDS_T(lang, f.problem, seq=f.seq) for f in view.findings[:3])
            head = RECORDS_T(lang, "audit.bad", count=len(view.findings))
            verdict = f"[b]{head}[/b]: {problems}"
        else:
            verdict = RECORDS_T(lang, "audit.ok", count=view.total)
        self.set_text("#audit-verify", verdict)
        tz = self.context.config.office.timezone
        rows: list[tuple[str, ...]] = [
            (str(entry.seq or "?"), _when(entry, tz), entry.who, entry.action, entry.target)
            for entry in reversed(view.entries)  # newest first
        ]
        if rows != self._rows:  # an unchanged table is not redrawn
            self._rows = rows
            refill(self.query_one("#audit-entries", DataTable), [(None, row) for row in rows])
        status = (
            T(lang, "audit.count", shown=len(view.entries), total=view.total)
            if view.total
            else T(lang, "audit.empty")
        )
        self.set_text("#audit-status", status)

    def failed(self, text: str) -> None:
        self.set_text("#audit-status", text)
