"""The form that adds a device by hand or edits a record.

Validation is the records module's (`inventory.records.devices.validate_entry`, then `add_device` /
`edit_device`, the same code as `soumnet-hub devices add|edit`): each bad field gets its own
line under the field and nothing is written. A good record is written under the write lock
and audited with the person's name, in a thread worker so a slow disk never freezes keys.
An edit sends only the fields the person changed: those, and only those, become manual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from foundation.i18n import Problem
from inventory.intake import door
from inventory.records import devices, values
from inventory.store.layout import Layout
from tui.context import Context
from tui.keys import Key, bindings
from tui.messages import T
from tui.widgets.devices.facts import CHOICE_FIELDS
from tui.widgets.devices.field_row import FieldRow

FORM_KEYS = (
    Key("devices.form.save", None, "save", "devices.key.save", fkey="f6"),
    Key("devices.form.cancel", None, "cancel", "devices.key.cancel", fkey="escape"),
)
"""Letters type into the fields, so the form's own keys are an F-key and Escape."""
CHOICES = {"type": devices.DEVICE_TYPES, "status": devices.STATUSES}
HINTS = ("purchase_date", "warranty_end", "purchase_price", "macs", "ip", "connected_to")


def push_form(
    screen: Screen[Any], context: Context, key: str | None, then: Callable[[str | None], None]
) -> None:
    """Open the form; a record removed meanwhile, or a store that cannot be read, is one
    message rather than a crash."""
    try:
        form = DeviceForm(context, key)
    except devices.UnknownDevice:
        screen.notify(T(context.lang, "devices.gone", key=key), severity="warning")
        return
    except Problem as exc:
        screen.notify(exc.text(context.lang), severity="error")
        return
    except OSError as exc:
        screen.notify(str(exc), severity="error")
        return
    screen.app.push_screen(form, then)


def form_value(value: Any) -> str:
    """A stored value as the text its field shows (85000.0 -> '85000', lists joined)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return " ".join(map(str, value))
    return str(value)


class DeviceForm(ModalScreen[str | None]):
    """Dismissed with the saved record's key, or None when left without saving."""

    AUTO_FOCUS = "#field-name"
    """The first field: typing starts at once, Tab and Shift+Tab walk the fields."""

    @dataclass
    class Saved(Message):
        key: str

    @dataclass
    class Refused(Message):
        problems: list[devices.FieldProblem]
        text: str

    def __init__(self, context: Context, key: str | None) -> None:
        super().__init__()
        self.context = context
        self.key = key
        self._bindings = bindings(context.lang, FORM_KEYS, self._bindings)
        self.initial: dict[str, str] = {f: "" for f in devices.FIELDS}
        self.name_shown = ""
        if key is not None:
            record = devices.get_device(Layout(context.config.hub_dir), key)
            self.key = record["key"]
            self.initial = {f: form_value(v) for f, v in devices.editable(record).items()}
            self.name_shown = str(record.get("name") or record["key"])
        # a record nobody gave a status counts as in use (the table says so too)
        self.initial["status"] = self.initial["status"] or "in_use"

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        title = (
            T(lang, "devices.form.edit", name=self.name_shown)
            if self.key
            else T(lang, "devices.form.add")
        )
        yield Static(title, id="form-title", classes="screen-title")
        # not a Tab stop of its own: focusing a field scrolls it into view
        with VerticalScroll(id="form-body", can_focus=False):
            for field in devices.FIELDS:
                label = T(lang, f"devices.field.{field}")
                if field in devices.REQUIRED:
                    label += " *"
                choices = None
                if field in CHOICES:
                    vocab = CHOICE_FIELDS[field]
                    choices = [(values.word(lang, vocab, c), c) for c in CHOICES[field]]
                yield FieldRow(
                    field,
                    label,
                    self.initial[field],
                    choices,
                    blank=field != "status",
                    prompt=T(lang, "devices.form.none"),
                    hint=T(
                        lang, f"devices.hint.{field}" if field in HINTS else "devices.hint.blank"
                    ),
                )
        yield Static(T(lang, "devices.form.hint"), id="form-status", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        for row in self.query(FieldRow):
            row.set_error("")

    def values(self) -> dict[str, str]:
        return {row.field: row.text for row in self.query(FieldRow)}

    def changes(self) -> dict[str, str]:
        """A new record: every filled field; an edit: only the fields that changed."""
        values = self.values()
        if self.key is None:
            return {f: v for f, v in values.items() if v.strip()}
        return {f: v for f, v in values.items() if v.strip() != self.initial[f].strip()}

    def _show_problems(self, problems: list[devices.FieldProblem], text: str) -> None:
        lang = self.context.lang
        bad = {p.field: p.text(lang) for p in problems}
        for row in self.query(FieldRow):
            row.set_error(bad.get(row.field, ""))
        self.query_one("#form-status", Static).update(text)
        first = next((row for row in self.query(FieldRow) if row.field in bad), None)
        if first is not None:
            self.query_one(f"#field-{first.field}").focus()

    def action_save(self) -> None:
        lang = self.context.lang
        if self.context.refused(self):
            return
        changes = self.changes()
        if self.key is not None and not changes:
            self.notify(T(lang, "devices.form.unchanged"), severity="warning")
            return
        layout = Layout(self.context.config.hub_dir)
        try:
            _clean, problems = devices.validate_entry(changes, self.key is None, layout)
        except (Problem, OSError) as exc:  # the store could not be read for `connected_to`
            text = exc.text(lang) if isinstance(exc, Problem) else str(exc)
            self.notify(text, severity="error")
            return
        if problems:
            self._show_problems(problems, T(lang, "devices.form.fix"))
            return
        self._write(changes)

    @work(thread=True, exclusive=True, group="device-form")
    def _write(self, changes: dict[str, str]) -> None:
        config = self.context.config
        who = self.context.user
        lang = self.context.lang
        try:
            if self.key is None:
                key = door.call(config, "device.add", self.context.user, fields=changes)
            else:
                key = door.call(config, "device.edit", who, key=self.key, fields=changes)["key"]
        except devices.InvalidDevice as exc:
            self.post_message(self.Refused(exc.problems, T(lang, "devices.form.fix")))
        except Problem as exc:
            self.post_message(self.Refused([], exc.text(lang)))
        except OSError as exc:
            self.post_message(self.Refused([], str(exc)))
        else:
            self.post_message(self.Saved(key))

    def on_device_form_saved(self, message: Saved) -> None:
        lang = self.context.lang
        name = self.values().get("name") or message.key
        done = "devices.done.edit" if self.key else "devices.done.add"
        self.app.notify(T(lang, done, name=name))
        self.dismiss(message.key)

    def on_device_form_refused(self, message: Refused) -> None:
        self._show_problems(message.problems, message.text)
        if not message.problems:
            self.notify(message.text, severity="error")

    def action_cancel(self) -> None:
        self.dismiss(None)
