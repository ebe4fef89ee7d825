"""The audit trail: who changed what and when, newest first, with the chain's verification.

Read-only for everyone; auditors see it too. The verification is the records' own `verify`,
so the screen and `soumnet-hub audit verify` can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from foundation.wire import parse_ts
from inventory.records_messages import T as RECORDS_T
from inventory.store import audit
from inventory.store.layout import Layout
from tui.context import Context
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.widgets.refill import refill

COLUMNS = ("seq", "when", "who", "action", "target")
PAGE = 500
"""Newest entries shown: the table stays fast however long the trail grows."""


@dataclass(frozen=True)
class AuditData:
    entries: list[dict[str, Any]]
    total: int
    findings: list[audit.Finding]


def _when(entry: dict[str, Any]) -> str:
    try:
        return parse_ts(entry.get("ts")).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return "?"


class AuditScreen(SoumnetScreen[AuditData]):
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

    def fetch(self) -> AuditData:
        layout = Layout(self.context.config.hub_dir)
        entries = audit.entries(layout)
        return AuditData(entries[-PAGE:][::-1], len(entries), audit.verify(layout))

    def show(self, payload: AuditData) -> None:
        lang = self.context.lang
        if payload.findings:
            problems = "; ".join(
                RECORDS_T(lang, f.problem, seq=f.seq) for f in payload.findings[:3]
            )
            head = RECORDS_T(lang, "audit.bad", count=len(payload.findings))
            verdict = f"[b]{head}[/b]: {problems}"
        else:
            verdict = RECORDS_T(lang, "audit.ok", count=payload.total)
        self.set_text("#audit-verify", verdict)
        rows: list[tuple[str, ...]] = [
            (
                str(entry.get("seq", "?")),
                _when(entry),
                str(entry.get("who", "")),
                str(entry.get("action", "")),
                str(entry.get("target", "")),
            )
            for entry in payload.entries
        ]
        if rows != self._rows:  # an unchanged table is not redrawn
            self._rows = rows
            refill(self.query_one("#audit-entries", DataTable), [(None, row) for row in rows])
        status = (
            T(lang, "audit.count", shown=len(payload.entries), total=payload.total)
            if payload.total
            else T(lang, "audit.empty")
        )
        self.set_text("#audit-status", status)

    def failed(self, text: str) -> None:
        self.set_text("#audit-status", text)
