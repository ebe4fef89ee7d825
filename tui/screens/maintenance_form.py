"""The form that adds or edits a maintenance entry.

The records module validates (`inventory.records.maintenance.add_entry` / `edit_entry`, the same
code as `soumnet-hub maintenance add|edit`): every bad field gets its own line under the
field and nothing is written; a good entry is written under the write lock and audited
with the person's name. The write runs in a thread worker so a slow disk never freezes keys.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from foundation.i18n import Problem
from inventory.intake import door
from inventory.records import maintenance, values
from tui.context import Context
from tui.keys import Key, bindings
from tui.messages import T
from tui.screens.device_form import form_value
from tui.widgets.maintenance.field_row import FieldRow
from tui.widgets.steady_input import SteadyInput

FORM_KEYS = (
    Key("maint.form.save", None, "save", "maint.key.save", fkey="f6"),
    Key("maint.form.cancel", None, "cancel", "maint.key.cancel", fkey="escape"),
)
"""Letters type into the fields, so the form's own keys are an F-key and Escape."""

CHOICES = {"kind": maintenance.KINDS, "status": maintenance.ENTRY_STATUSES}


class MaintenanceForm(ModalScreen[int | None]):
    """Dismissed with the saved entry's number, or None when cancelled."""

    AUTO_FOCUS = "#field-device"
    """The first field: typing starts at once, Tab and Shift+Tab walk the fields."""

    def __init__(
        self, context: Context, devices: dict[str, str], entry: dict[str, Any] | None = None
    ) -> None:
        super().__init__(id="maint-form")
        self.context = context
        self.devices = devices
        """Device key -> name, for the suggestions; the records module reads what is typed
        (a key, an asset tag or a unique name: `inventory.records.devices.resolve_device`)."""
        self.entry = entry
        self._bindings = bindings(context.lang, FORM_KEYS, self._bindings)

    def _field(self, name: str) -> Widget:
        lang = self.context.lang
        entry = self.entry or {}
        if name in CHOICES:
            vocab = "kind" if name == "kind" else "entry_status"
            options = [(values.word(lang, vocab, v), v) for v in CHOICES[name]]
            value = entry.get(name) or ("open" if name == "status" else Select.NULL)
            return Select(
                options,
                value=value,
                allow_blank=name == "kind",
                prompt=T(lang, "maint.form.choose"),
                compact=True,
                id=f"field-{name}",
            )
        defaults = {
            # the office's today: before 08:00 in Ulaanbaatar it is still yesterday in UTC
            "date": datetime.now(self.context.config.office.timezone).date().isoformat(),
            "done_by": self.context.user,
        }
        value = form_value(entry[name]) if name in entry else defaults.get(name, "")
        shown = self.devices.get(value, "") if name == "device" else ""
        if shown and list(self.devices.values()).count(shown) == 1:
            value = shown  # the device's name, when it names no other device
        suggester = None
        if name == "device":
            names = sorted({*self.devices, *self.devices.values()})
            suggester = SuggestFromList(names, case_sensitive=False)
        return SteadyInput(
            value,
            placeholder=T(lang, f"maint.hint.{name}"),
            suggester=suggester,
            compact=True,
            id=f"field-{name}",
        )

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        title = (
            T(lang, "maint.form.edit", number=self.entry["number"])
            if self.entry
            else T(lang, "maint.form.add")
        )
        with Vertical(id="maint-form-box"):
            yield Static(title, classes="screen-title")
            # not a Tab stop of its own: focusing a field scrolls it into view
            with VerticalScroll(id="maint-form-fields", can_focus=False):
                for name in maintenance.FIELDS:
                    yield FieldRow(name, T(lang, f"maint.field.{name}"), self._field(name))
            yield Static("", id="maint-form-message", classes="status-line")
            yield Static(T(lang, "maint.form.keys"), classes="status-line")

    def values(self) -> dict[str, str]:
        """What the person typed and chose, as the records module takes it."""
        out: dict[str, str] = {}
        for name in maintenance.FIELDS:
            widget = self.query_one(f"#field-{name}")
            if isinstance(widget, Select):
                out[name] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, Input):
                out[name] = widget.value
        return out

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        if self.context.refused(self):  # the screen refuses first; this guards a pushed form
            return
        self.set_text("#maint-form-message", T(self.context.lang, "maint.form.saving"))
        self._save(self.values())

    def set_text(self, selector: str, text: str) -> None:
        self.query_one(selector, Static).update(text)

    @work(thread=True, exclusive=True, group="maint-save")
    def _save(self, fields: dict[str, str]) -> None:
        config = self.context.config
        who = self.context.user
        try:
            if self.entry is None:
                saved = door.call(config, "maintenance.add", who, fields=fields)
            else:
                number = int(self.entry["number"])
                saved = door.call(config, "maintenance.edit", who, number=number, fields=fields)
        except maintenance.InvalidEntry as exc:
            self.app.call_from_thread(self.show_problems, exc.problems)
            return
        except Problem as exc:
            self.app.call_from_thread(self.show_failure, exc.text(self.context.lang))
            return
        except OSError as exc:
            self.app.call_from_thread(self.show_failure, str(exc))
            return
        self.app.call_from_thread(self.dismiss, int(saved["number"]))

    def show_problems(self, problems: list[Any]) -> None:
        """One line under each bad field; the first bad field gets the focus."""
        lang = self.context.lang
        by_field = {p.field: p.text(lang) for p in problems}
        for row in self.query(FieldRow):
            row.set_error(by_field.get(row.field_name, ""))
        self.set_text("#maint-form-message", T(lang, "maint.form.invalid", count=len(problems)))
        first = next((r for r in self.query(FieldRow) if r.field_name in by_field), None)
        if first is not None:
            first.field.focus()

    def show_failure(self, text: str) -> None:
        self.set_text("#maint-form-message", text)
