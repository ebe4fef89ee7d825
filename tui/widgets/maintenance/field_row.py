"""One field of a form: its label, its input, and the one line saying what is wrong with it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static


class FieldRow(Vertical):
    """`name` is the records field it edits; the error line is hidden while it is empty."""

    def __init__(self, name: str, label: str, field: Widget) -> None:
        super().__init__(id=f"row-{name}", classes="field-row")
        self.field_name = name
        self.label = label
        self.field = field

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-line"):
            yield Label(self.label, classes="field-label")
            yield self.field
        yield Static("", classes="field-error")

    def set_error(self, text: str) -> None:
        error = self.query_one(".field-error", Static)
        error.update(text)
        error.display = bool(text)
        self.set_class(bool(text), "-invalid")
