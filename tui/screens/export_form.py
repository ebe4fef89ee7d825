"""The question before an exported report is written: into which folder.

The folder shown first is `[ui] export_dir`, else the user's home folder. A folder that does
not exist is not made (a typing slip would leave folders about), and one the user cannot
write into is said before anything is rendered: one line under the field, and the person
corrects it or leaves with Escape.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from foundation.i18n import Lang
from tui.keys import Key, bindings
from tui.messages import T
from tui.widgets.steady_input import SteadyInput

EXPORT_KEYS = (
    Key("export.write", None, "write", "backups.key.write", fkey="f6"),
    Key("export.cancel", None, "cancel", "backups.key.cancel", fkey="escape"),
)
"""Letters type into the folder, so the form's own keys are an F-key and Escape (and Enter)."""


def folder_problem(lang: Lang, folder: Path) -> str | None:
    """Why a report cannot be written into `folder`, or None. Writing is tried for real (a
    temporary file, removed at once): permissions, ACLs and read-only mounts all count."""
    if not folder.exists():
        return T(lang, "backups.export.missing", folder=folder)
    if not folder.is_dir():
        return T(lang, "backups.export.not_folder", folder=folder)
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except PermissionError:
        reason = T(lang, "backups.export.denied")
    except OSError as exc:
        reason = exc.strerror or str(exc)
    else:
        return None
    return T(lang, "backups.export.not_writable", folder=folder, reason=reason)


class ExportForm(ModalScreen[Path | None]):
    """Dismissed with the folder to write into (absolute), or None when cancelled."""

    AUTO_FOCUS = "#export-folder"

    def __init__(self, lang: Lang, year: int, folder: Path) -> None:
        super().__init__(id="export-form")
        self.lang = lang
        self.year = year
        self.default = folder
        self._bindings = bindings(lang, EXPORT_KEYS, self._bindings)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="export-box"):
            yield Static(T(lang, "backups.export.title", year=self.year), classes="screen-title")
            with Horizontal(classes="field-line"):
                yield Label(T(lang, "backups.export.folder"), classes="field-label")
                yield SteadyInput(str(self.default), compact=True, id="export-folder")
            yield Static("", id="export-message", classes="field-error")
            yield Static(T(lang, "backups.export.keys"), classes="status-line")

    def chosen(self) -> Path:
        """The folder typed: '~' is the home folder, a relative one is from the current."""
        text = self.query_one("#export-folder", Input).value.strip()
        return Path(text or ".").expanduser().absolute()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_write()

    def action_write(self) -> None:
        folder = self.chosen()
        problem = folder_problem(self.lang, folder)
        message = self.query_one("#export-message", Static)
        message.update(problem or "")
        message.display = problem is not None
        if problem is None:
            self.dismiss(folder)

    def action_cancel(self) -> None:
        self.dismiss(None)
