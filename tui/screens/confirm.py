"""A yes/no question before a change that cannot be undone from the screen (revoking an agent).

Answered by key only: "y" (or its Cyrillic twin, or F6) says yes; "n", its twin or Escape
says no. No is the safe answer, so Enter answers nothing.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from foundation.i18n import Lang
from tui.keys import Key, bindings
from tui.messages import T

CONFIRM_KEYS = (
    Key("confirm.yes", "y", "answer(True)", "confirm.yes", fkey="f6"),
    Key("confirm.no", "n", "answer(False)", "confirm.no", fkey="escape"),
)


class ConfirmScreen(ModalScreen[bool]):
    def __init__(self, lang: Lang, question: str) -> None:
        super().__init__()
        self.lang = lang
        self.question = question
        self._bindings = bindings(lang, CONFIRM_KEYS, self._bindings)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.question, id="confirm-question")
            yield Static(T(self.lang, "confirm.hint"), id="confirm-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
