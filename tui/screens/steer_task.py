"""Which task to queue for an agent: one key for each of the tasks the hub may ask for
(`inventory.steer.book.TASK_NAMES`); Escape asks for none."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from foundation.i18n import Lang
from inventory.steer.book import TASK_NAMES
from tui.keys import Key, bindings
from tui.messages import T

TASK_KEYS = (
    *(
        Key(f"steer.task.{name}", None, f"pick('{name}')", f"steer.task.{name}", fkey=str(n))
        for n, name in enumerate(TASK_NAMES, start=1)
    ),
    Key("steer.task.cancel", None, "pick('')", "maint.key.cancel", fkey="escape"),
)
"""Digits, the same on the Latin and the Mongolian layout."""


class TaskPicker(ModalScreen[str | None]):
    """Dismissed with the task's name, or None."""

    def __init__(self, lang: Lang, agent: str) -> None:
        super().__init__()
        self.lang = lang
        self.agent = agent
        self._bindings = bindings(lang, TASK_KEYS, self._bindings)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(T(self.lang, "steer.task.title", agent=self.agent))
            yield Static(T(self.lang, "steer.task.hint"), id="confirm-hint")

    def action_pick(self, name: str) -> None:
        self.dismiss(name or None)
