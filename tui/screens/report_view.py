"""A signed archive report as the auditor's document reads it, with the result of checking it
on the hub (the document's verification line says it too).

The check (`inventory.views.archives.check`: signature by the key the hub recorded for the
agent at approval, chain link, and the archive's SHA-256 when the archive is here) needs no
decryption key, so the auditor can run it; it
reads the whole archive, so it runs in a thread worker and the fields show meanwhile.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from foundation.document.model import Document
from foundation.i18n import Lang
from inventory.config import HubConfig
from inventory.views.archives import Checked, check, report_document
from tui.keys import Key, bindings
from tui.messages import T
from tui.widgets.backups.report_fields import ReportFields

REPORT_KEYS = (Key("report.close", "c", "close", "backups.key.close", fkey="escape"),)


class ReportView(ModalScreen[None]):
    def __init__(self, lang: Lang, report_path: Path, trusted: set[str], config: HubConfig) -> None:
        super().__init__(id="report-view")
        self.lang = lang
        self.report_path = report_path
        self.trusted = trusted
        """Fingerprints of the key recorded for the agent that delivered the report."""
        self.config = config
        """The office (its time zone) and the recipients' names the document shows."""
        self._bindings = bindings(lang, REPORT_KEYS, self._bindings)
        self.checked: Checked | None = None
        """Set when the check has finished (tests wait on it)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="report-box"):
            yield Static(
                T(self.lang, "backups.report.title", name=self.report_path.name),
                classes="screen-title",
            )
            yield Static(T(self.lang, "backups.report.checking"), id="report-verdict")
            yield ReportFields(self.lang, id="report-fields")
            yield Static(T(self.lang, "backups.report.keys"), classes="status-line")

    def on_mount(self) -> None:
        self.query_one(ReportFields).focus()
        self._check()

    @work(thread=True, exclusive=True, group="report-check")
    def _check(self) -> None:
        unchecked = report_document(self.report_path, None, self.config, self.lang)
        self.app.call_from_thread(self.query_one(ReportFields).show, unchecked)
        result = check(self.report_path, self.trusted, self.lang)
        doc = report_document(self.report_path, result, self.config, self.lang)
        self.app.call_from_thread(self._show, result, doc)

    def _show(self, result: Checked, doc: Document) -> None:
        self.checked = result
        verdict = (
            T(
                self.lang,
                "backups.report.ok_archive" if result.archive_checked else "backups.report.ok",
                fingerprint=result.detail,
            )
            if result.ok
            else T(self.lang, "backups.report.bad", reason=result.detail)
        )
        self.query_one("#report-verdict", Static).update(verdict)
        self.query_one("#report-verdict", Static).set_class(not result.ok, "-bad")
        self.query_one(ReportFields).show(doc)

    def action_close(self) -> None:
        self.dismiss(None)
