"""The form that adds or edits a licence: product, which programs use its seats, seats,
validity and a note, filled by keyboard alone (Tab walks the fields, F6 saves, Escape cancels).

The hub validates (`inventory.risks.licences`, the same code as `soumnet-hub licences add|edit`):
a bad field is said in one line and nothing is written; a good licence is written through the
door under the write lock and audited with the person's name, in a thread worker so a slow
disk never freezes keys.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from foundation.i18n import Problem
from inventory.intake import door
from inventory.risks import licences
from tui.context import Context
from tui.keys import Key, bindings
from tui.messages import T
from tui.widgets.maintenance.field_row import FieldRow
from tui.widgets.steady_input import SteadyInput

FORM_KEYS = (
    Key("sw.form.save", None, "save", "maint.key.save", fkey="f6"),
    Key("sw.form.cancel", None, "cancel", "maint.key.cancel", fkey="escape"),
)
"""Letters type into the fields, so the form's own keys are an F-key and Escape."""


class LicenceForm(ModalScreen[int | None]):
    """Dismissed with the saved licence's number, or None when cancelled."""

    AUTO_FOCUS = "#field-product"

    def __init__(self, context: Context, licence: licences.Licence | None = None) -> None:
        super().__init__(id="licence-form")
        self.context = context
        self.licence = licence
        self._bindings = bindings(context.lang, FORM_KEYS, self._bindings)

    def _value(self, name: str) -> str:
        if self.licence is None:
            return ""
        value = self.licence.to_json().get(name)
        return "" if value is None else str(value)

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        title = (
            T(lang, "sw.form.edit", id=self.licence.id) if self.licence else T(lang, "sw.form.add")
        )
        with Vertical(id="maint-form-box"):
            yield Static(title, classes="screen-title")
            with VerticalScroll(id="maint-form-fields", can_focus=False):
                for name in licences.FIELDS:
                    field = SteadyInput(
                        self._value(name),
                        placeholder=T(lang, f"sw.hint.{name}"),
                        compact=True,
                        id=f"field-{name}",
                    )
                    yield FieldRow(name, T(lang, f"sw.field.{name}"), field)
            yield Static("", id="licence-form-message", classes="status-line")
            yield Static(T(lang, "sw.form.keys"), classes="status-line")

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#field-{name}", Input).value for name in licences.FIELDS}

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        if self.context.refused(self):
            return
        self.show_message(T(self.context.lang, "sw.form.saving"))
        self._save(self.values())

    def show_message(self, text: str) -> None:
        self.query_one("#licence-form-message", Static).update(text)

    @work(thread=True, exclusive=True, group="licence-save")
    def _save(self, fields: dict[str, str]) -> None:
        config, who = self.context.config, self.context.user
        try:
            if self.licence is None:
                saved = door.call(config, "licence.add", who, fields=fields)
            else:
                number = self.licence.id
                saved = door.call(config, "licence.edit", who, id=number, fields=fields)
        except Problem as exc:
            self.app.call_from_thread(self.show_message, exc.text(self.context.lang))
            return
        except OSError as exc:
            self.app.call_from_thread(self.show_message, str(exc))
            return
        self.app.call_from_thread(self.dismiss, int(saved["id"]))
