"""The form every steering form is: who it is for (an agent, a group or `all`), then the
settings it sets, each a field.

The form only turns what was typed into the values' types (a whole number, a list of words,
a list of rows); which values are good is the agent's to say, which it does with its own typed
settings, and a refusal comes back on the Agents screen. Saving goes through the door
(`steer.set`, the same code as `soumnet-hub agents settings set`), under the write lock and
audited with the person's name, in a thread worker. An empty field sets nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from foundation.i18n import Problem
from inventory.intake import door
from tui.context import Context
from tui.keys import Key, bindings
from tui.messages import T
from tui.widgets.maintenance.field_row import FieldRow
from tui.widgets.steady_input import SteadyInput

FORM_KEYS = (
    Key("steer.form.save", None, "save", "maint.key.save", fkey="f6"),
    Key("steer.form.cancel", None, "cancel", "maint.key.cancel", fkey="escape"),
)
"""Letters type into the fields, so the form's own keys are an F-key and Escape."""


class RowsArea(TextArea):
    """A text area for one entry a line that leaves F6 to the form (Textual's own selects the
    line with it). Not a priority key instead: a priority F6 would save before the keys typed
    just before it (over SSH they arrive in one burst) reached their field."""

    def on_mount(self) -> None:
        own = self._bindings.copy()
        own.key_to_bindings.pop("f6", None)
        self._bindings = own
        self.cursor_blink = False
        self.show_line_numbers = False


@dataclass(frozen=True)
class Field:
    """One setting: `kind` is `number` (a whole number), `words` (a comma separated list) or
    `rows` (one entry a line, its `columns` separated by commas; `numbers` of them whole)."""

    key: str
    kind: str
    columns: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    text: bool = False
    """`number`/`words` kept as typed (a time like 02:00)."""


class BadValue(ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def shown(field: Field, value: Any) -> str:
    """A layer's value as the field shows it."""
    if value is None:
        return ""
    if field.kind == "words" and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if field.kind == "rows" and isinstance(value, list):
        return "\n".join(
            ", ".join(str(row.get(c, "")) for c in field.columns)
            for row in value
            if isinstance(row, dict)
        )
    return str(value)


def parsed(field: Field, text: str, label: str, lang: Any) -> Any:
    """What was typed as the value's type; BadValue says what is wrong."""
    text = text.strip()
    if field.kind == "number" and not field.text:
        try:
            return int(text)
        except ValueError:
            raise BadValue(T(lang, "steer.form.bad_number", field=label)) from None
    if field.kind == "words":
        return [w.strip() for w in text.split(",") if w.strip()]
    if field.kind == "rows":
        rows = []
        for n, line in enumerate((ln for ln in text.splitlines() if ln.strip()), start=1):
            cells = [c.strip() for c in line.split(",")]
            if len(cells) > len(field.columns) or not cells[0]:
                fields = ", ".join(field.columns)
                raise BadValue(T(lang, "steer.form.bad_line", n=n, fields=fields))
            row: dict[str, Any] = {}
            for column, cell in zip(field.columns, cells, strict=False):
                if not cell:
                    continue
                if column in field.numbers:
                    try:
                        row[column] = int(cell)
                    except ValueError:
                        raise BadValue(
                            T(lang, "steer.form.bad_number", field=f"{n}: {column}")
                        ) from None
                else:
                    row[column] = cell
            rows.append(row)
        return rows
    return text


class SettingsForm(ModalScreen[int | None]):
    """Dismissed with the saved layer's version, or None when cancelled."""

    TITLE_KEY = ""
    FIELDS: Sequence[Field] = ()

    def __init__(
        self,
        context: Context,
        target: str,
        values: Mapping[str, Any] | None = None,
        inherited: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(classes="steer-form")
        self.context = context
        self.target = target
        self.current = dict(values or {})
        """The target layer's own values: what the fields start with."""
        self.inherited = dict(inherited or {})
        """What the target runs from the hub's layers: an empty field shows it greyed."""
        self._bindings = bindings(context.lang, FORM_KEYS, self._bindings)

    def field_id(self, field: Field) -> str:
        return "field-" + field.key.replace(".", "-")

    def _widget(self, field: Field) -> Widget:
        lang = self.context.lang
        value = shown(field, self.current.get(field.key))
        if field.kind == "rows":
            under = shown(field, self.inherited.get(field.key))
            return RowsArea(value, id=self.field_id(field), classes="steer-rows", placeholder=under)
        hint = shown(field, self.inherited.get(field.key))
        if not hint and field.kind == "words":
            hint = T(lang, "steer.form.comma_list")
        return SteadyInput(value, placeholder=hint, compact=True, id=self.field_id(field))

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        form = T(lang, self.TITLE_KEY)
        with Vertical(classes="steer-form-box"):
            yield Static(
                T(lang, "steer.form.title", form=form, target=self.target), classes="screen-title"
            )
            with VerticalScroll(classes="steer-form-fields", can_focus=False):
                target = SteadyInput(
                    self.target,
                    placeholder=T(lang, "steer.form.target_hint"),
                    compact=True,
                    id="field-target",
                )
                yield FieldRow("target", T(lang, "steer.form.target"), target)
                for field in self.FIELDS:
                    label = T(lang, f"steer.field.{field.key}")
                    if field.kind != "rows":
                        yield FieldRow(field.key.replace(".", "-"), label, self._widget(field))
                        continue
                    fields = ", ".join(field.columns)
                    hint = T(lang, "steer.form.one_a_line", fields=fields)
                    yield Static(f"{label}: {hint}", classes="steer-hint")
                    yield self._widget(field)
            yield Static("", id="steer-form-message", classes="status-line")
            yield Static(T(lang, "steer.form.keys"), classes="status-line")

    def on_mount(self) -> None:
        self.query_one("#field-target").focus()

    def typed(self) -> dict[str, Any]:
        """The values to set: every field that is not empty, in its type."""
        lang = self.context.lang
        out: dict[str, Any] = {}
        for field in self.FIELDS:
            widget = self.query_one(f"#{self.field_id(field)}")
            text = widget.text if isinstance(widget, TextArea) else getattr(widget, "value", "")
            if text.strip():
                out[field.key] = parsed(field, text, T(lang, f"steer.field.{field.key}"), lang)
        return out

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        lang = self.context.lang
        if self.context.refused(self):
            return
        try:
            values = self.typed()
        except BadValue as exc:
            self.say(exc.text)
            return
        if not values:
            self.say(T(lang, "steer.form.nothing"))
            return
        target = self.query_one("#field-target", Input).value.strip() or self.target
        self.say(T(lang, "steer.form.saving"))
        self._save(target, values)

    def say(self, text: str) -> None:
        self.query_one("#steer-form-message", Static).update(text)

    @work(thread=True, exclusive=True, group="steer-save")
    def _save(self, target: str, values: dict[str, Any]) -> None:
        config, who, lang = self.context.config, self.context.user, self.context.lang
        try:
            saved = door.call(config, "steer.set", who, target=target, values=values)
        except Problem as exc:
            self.app.call_from_thread(self.say, exc.text(lang))
            return
        except OSError as exc:
            self.app.call_from_thread(self.say, str(exc))
            return
        done = T(lang, "steer.form.saved", version=saved["version"], scope=saved["scope"])
        self.app.call_from_thread(self.notify, done)
        self.app.call_from_thread(self.dismiss, int(saved["version"]))
