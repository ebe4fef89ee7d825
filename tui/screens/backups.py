"""Backups: the archives that reached the hub, per source and year; a report's content; the
auditor report exported to a file.

IT staff and auditors both see it. Nothing here changes the records: exporting asks for a
folder (`[ui] export_dir`, else the user's home, shown first) and writes a report file
there through the same function as `soumnet-hub report` (`inventory.reports.periodreport.make`),
then says which file it wrote.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.notifications import SeverityLevel
from textual.widgets import DataTable, Footer, Header, Static

from foundation import atomicio
from foundation.i18n import Problem
from inventory.intake import door
from inventory.intake.agents import Registry, trusted_fingerprints
from inventory.reports import periodreport
from inventory.reports.period import parse_period
from inventory.views.archives import ArchiveRow, ArchivesView, archives_view
from tui.context import Context
from tui.keys import Key, bindings
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.screens.export_form import ExportForm
from tui.screens.report_view import ReportView
from tui.widgets.backups.archive_table import ArchiveTable

BACKUP_KEYS = (
    Key("backups.view", "v", "view", "backups.key.view", fkey="f6"),
    Key("backups.export", "e", "export", "backups.key.export", fkey="f7"),
)
"""Neither writes the records: both are allowed to the auditor."""


def export_folder(context: Context) -> Path:
    return context.config.ui.export_dir or Path.home()


def export_report(context: Context, year: int, folder: Path) -> Path:
    """Write the year's period report (PDF, or HTML when no Cyrillic font is installed) into
    `folder`, atomically: a failed write leaves no half file. The report is built by `serve`
    (an auditor may not read the records it sums)."""
    period = parse_period(str(year))
    made = door.call(
        context.config,
        "report",
        context.user,
        period=str(year),
        format="pdf",
        lang=context.lang,
        html_without_font=True,
    )
    fmt, body = str(made["format"]), base64.b64decode(made["body"])
    path = folder / periodreport.file_name(period, fmt, context.lang)
    atomicio.write_bytes(path, body)
    return path


class BackupsScreen(SoumnetScreen[ArchivesView]):
    POLLS = True

    def __init__(self, context: Context) -> None:
        super().__init__(context, "backups")
        self._bindings = bindings(context.lang, BACKUP_KEYS, self._bindings)
        self._data = ArchivesView(())
        self.exported: Path | None = None
        """The last report file written (tests read it)."""

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        yield Header()
        yield Static(T(lang, "backups.title"), classes="screen-title")
        yield ArchiveTable(lang, id="backups-table")
        # the last export's file, whole: a notification at 80 columns breaks a long path
        yield Static("", id="backups-exported", classes="status-line")
        yield Static(T(lang, "loading"), id="backups-status", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#backups-exported").display = False
        self.query_one(ArchiveTable).focus()

    def fetch(self) -> ArchivesView:
        return archives_view(self.context.config)

    def show(self, view: ArchivesView) -> None:
        lang = self.context.lang
        self._data = view
        self.query_one(ArchiveTable).show(view.rows)
        status = (
            T(
                lang,
                "backups.count",
                count=len(view.rows),
                sources=view.sources,
                failed=view.failed,
            )
            if view.rows
            else T(lang, "backups.empty")
        )
        self.set_text("#backups-status", status)

    def failed(self, text: str) -> None:
        self.set_text("#backups-status", text)

    def _selected(self) -> ArchiveRow | None:
        return self._data.find(self.query_one(ArchiveTable).selected())

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_view()  # Enter on a row opens its report

    def action_view(self) -> None:
        row = self._selected()
        if row is None:
            self.notify(T(self.context.lang, "backups.none_selected"), severity="warning")
            return
        trusted = trusted_fingerprints(Registry(self.context.config), row.source)
        view = ReportView(self.context.lang, row.report_path, trusted, self.context.config)
        self.app.push_screen(view)

    def action_export(self) -> None:
        row = self._selected()
        year = int(row.year) if row and row.year.isdigit() else datetime.now(UTC).year

        def chosen(folder: Path | None) -> None:
            if folder is not None:
                self.notify(T(self.context.lang, "backups.exporting", year=year))
                self._export(year, folder)

        form = ExportForm(self.context.lang, year, export_folder(self.context))
        self.app.push_screen(form, chosen)

    @work(thread=True, exclusive=True, group="backups-export")
    def _export(self, year: int, folder: Path) -> None:
        lang = self.context.lang
        try:
            path = export_report(self.context, year, folder)
        except Problem as exc:
            self.app.call_from_thread(self._exported, exc.text(lang), "error")
            return
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.app.call_from_thread(
                self._exported, T(lang, "backups.export_failed", reason=reason), "error"
            )
            return
        self.exported = path
        self.app.call_from_thread(self._exported, T(lang, "backups.exported", file=path))

    def _exported(self, text: str, severity: SeverityLevel = "information") -> None:
        """What became of the export: a notification, and the line above the status."""
        line = self.query_one("#backups-exported", Static)
        line.update(text)
        line.display = True
        self.notify(text, severity=severity)
