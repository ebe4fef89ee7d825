"""Backups: the archives that reached the hub, per source and year; a report's content; the
auditor report exported to a file.

IT staff and auditors both see it. Nothing here changes the records: exporting writes a
report file into the export folder (`[ui] export_dir`, else the user's home) through the
same functions as `soumnet-hub report` (`inventory.periodreport.build` and `render`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from agent import atomicio
from agent.i18n import Problem
from inventory import periodreport
from inventory.agents import Registry, trusted_fingerprints
from inventory.archive_listing import ArchiveRow, list_archives
from inventory.layout import Layout
from tui.context import Context
from tui.keys import Key, bindings
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.screens.report_view import ReportView
from tui.widgets.backups.archive_table import ArchiveTable

BACKUP_KEYS = (
    Key("backups.view", "v", "view", "backups.key.view", fkey="f6"),
    Key("backups.export", "e", "export", "backups.key.export", fkey="f7"),
)
"""Neither writes the records: both are allowed to the auditor."""


@dataclass(frozen=True)
class BackupsData:
    rows: list[ArchiveRow]


def export_folder(context: Context) -> Path:
    return context.config.ui.export_dir or Path.home()


def export_report(context: Context, year: int) -> Path:
    """Write the year's period report (PDF, or HTML when no Cyrillic font is installed)."""
    layout = Layout(context.config.hub_dir)
    period = periodreport.parse_period(str(year))
    data = periodreport.build(layout, period, context.config.office.name)
    try:
        fmt, body = "pdf", periodreport.render(data, "pdf", context.lang)
    except periodreport.NoFont:
        fmt, body = "html", periodreport.render(data, "html", context.lang)
    folder = export_folder(context)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"soumnet-report-{period.label}-{context.lang}.{fmt}"
    atomicio.write_bytes(path, body)
    return path


class BackupsScreen(SoumnetScreen):
    POLLS = True

    def __init__(self, context: Context) -> None:
        super().__init__(context, "backups")
        self._bindings = bindings(context.lang, BACKUP_KEYS)
        self._data = BackupsData([])
        self.exported: Path | None = None
        """The last report file written (tests read it)."""

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        yield Header()
        yield Static(T(lang, "backups.title"), classes="screen-title")
        yield ArchiveTable(lang, id="backups-table")
        yield Static(T(lang, "loading"), id="backups-status", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ArchiveTable).focus()

    def fetch(self) -> BackupsData:
        return BackupsData(list_archives(self.context.config))

    def show(self, payload: object) -> None:
        assert isinstance(payload, BackupsData)
        lang = self.context.lang
        self._data = payload
        self.query_one(ArchiveTable).show(payload.rows)
        rows = payload.rows
        status = (
            T(
                lang,
                "backups.count",
                count=len(rows),
                sources=len({r.source for r in rows}),
                failed=sum(1 for r in rows if r.status == "FAILED"),
            )
            if rows
            else T(lang, "backups.empty")
        )
        self.set_text("#backups-status", status)

    def failed(self, text: str) -> None:
        self.set_text("#backups-status", text)

    def _selected(self) -> ArchiveRow | None:
        path = self.query_one(ArchiveTable).selected()
        return next((r for r in self._data.rows if str(r.report_path) == path), None)

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_view()  # Enter on a row opens its report

    def action_view(self) -> None:
        row = self._selected()
        if row is None:
            self.notify(T(self.context.lang, "backups.none_selected"), severity="warning")
            return
        trusted = trusted_fingerprints(Registry(self.context.config), row.source)
        self.app.push_screen(ReportView(self.context.lang, row.report_path, trusted))

    def action_export(self) -> None:
        row = self._selected()
        year = int(row.year) if row and row.year.isdigit() else datetime.now(UTC).year
        self.notify(T(self.context.lang, "backups.exporting", year=year))
        self._export(year)

    @work(thread=True, exclusive=True, group="backups-export")
    def _export(self, year: int) -> None:
        lang = self.context.lang
        try:
            path = export_report(self.context, year)
        except Problem as exc:
            self.app.call_from_thread(self.notify, exc.text(lang), severity="error")
            return
        except OSError as exc:
            reason = exc.strerror or str(exc)
            text = T(lang, "backups.export_failed", reason=reason)
            self.app.call_from_thread(self.notify, text, severity="error")
            return
        self.exported = path
        self.app.call_from_thread(self.notify, T(lang, "backups.exported", file=path))
