"""One field of the device form: its label and input (a list for a fixed choice) on one
line, and below them the line that names what is wrong with the field."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select, Static

from tui.widgets.steady_input import SteadyInput


class FieldRow(Vertical):
    def __init__(
        self,
        field: str,
        label: str,
        value: str,
        choices: Sequence[tuple[str, str]] | None = None,
        blank: bool = True,
        prompt: str = "",
        hint: str = "",
    ) -> None:
        super().__init__(id=f"row-{field}", classes="dev-field")
        self.field = field
        self.label = label
        self.initial = value
        self.choices = choices
        self.blank = blank
        self.prompt = prompt
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Horizontal(classes="dev-field-line"):
            yield Static(self.label, classes="dev-field-label")
            if self.choices is not None:
                yield Select(
                    self.choices,
                    allow_blank=self.blank,
                    prompt=self.prompt,
                    value=self.initial if self.initial else Select.NULL,
                    id=f"field-{self.field}",
                    compact=True,
                )
            else:
                # the dim hint shows where an empty field is, even in 16 colours
                yield SteadyInput(
                    self.initial, placeholder=self.hint, id=f"field-{self.field}", compact=True
                )
        yield Static("", id=f"error-{self.field}", classes="dev-field-error")

    @property
    def text(self) -> str:
        widget = self.query_one(f"#field-{self.field}")
        if isinstance(widget, Select):
            value = widget.value
            return value if isinstance(value, str) else ""
        assert isinstance(widget, Input)
        return widget.value

    def set_error(self, text: str) -> None:
        error = self.query_one(f"#error-{self.field}", Static)
        error.update(text)
        error.display = bool(text)
        self.set_class(bool(text), "-invalid")
