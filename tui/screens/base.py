"""What every soumnet screen shares: the context, and live polling of the store.

A polling screen reads the store in a thread worker (input never freezes) and schedules its
next read only when the last one has finished, so reads cannot pile up on a slow disk; a
hidden screen does not poll, and reads never come more often than once a second.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from textual import work
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from foundation.i18n import Problem
from tui.context import Context
from tui.messages import T

V = TypeVar("V")


@dataclass
class Loaded(Message, Generic[V]):
    """One read of the store reached the screen: the view the hub built for it."""

    view: V


class SoumnetScreen(Screen[None], Generic[V]):
    """A screen reached from the app's screen keys; `name` is its registry name. `V` is the
    view it draws: built in `inventory.views` (or by the screen from them), never decided here."""

    POLLS = False

    @dataclass
    class Failed(Message):
        reason: str

    def __init__(self, context: Context, name: str) -> None:
        super().__init__(name=name)
        self.context = context
        self._timer: Timer | None = None
        self._texts: dict[str, str] = {}
        self.loads = 0
        """How many reads have reached the screen (tests wait on it)."""

    def fetch(self) -> V:
        """Read the view the screen shows (runs in a worker thread); a polling screen's own."""
        raise NotImplementedError(type(self).__name__)

    def show(self, view: V) -> None:
        """Put the view `fetch` read on the screen (runs on the UI thread)."""

    def failed(self, text: str) -> None:
        """Say that the store could not be read."""

    def set_text(self, selector: str, text: str) -> None:
        """Update a line only when its text changed, so an idle screen writes nothing."""
        if self._texts.get(selector) != text:
            self._texts[selector] = text
            self.query_one(selector, Static).update(text)

    def refresh_data(self) -> None:
        """Re-read the store now (F5)."""
        if self.POLLS:
            self.load()

    def change_store(self, change: Callable[[], object], done: str) -> None:
        """Run one store change from a worker thread: its error, or `done`, becomes a
        notification, and after a change the screen re-reads the store."""
        try:
            change()
        except Problem as exc:
            self.app.call_from_thread(self.notify, exc.text(self.context.lang), severity="error")
            return
        except OSError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, done)
        self.app.call_from_thread(self.load)

    @work(thread=True, exclusive=True, group="screen-load")
    def load(self) -> None:
        try:
            view = self.fetch()
        except Problem as exc:
            self.post_message(self.Failed(exc.text(self.context.lang)))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self.post_message(self.Failed(str(exc)))
        else:
            self.post_message(Loaded(view))

    def on_loaded(self, message: Loaded[V]) -> None:
        self.show(message.view)
        self.loads += 1
        self._schedule()

    def on_soumnet_screen_failed(self, message: Failed) -> None:
        self.failed(T(self.context.lang, "screen.error", reason=message.reason))
        self.loads += 1
        self._schedule()

    def _schedule(self) -> None:
        """One timer at a time, so polls never pile up."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(max(1.0, self.context.config.ui.refresh_seconds), self._tick)

    def _tick(self) -> None:
        self._timer = None
        if self.is_current:
            self.load()

    def on_screen_resume(self) -> None:
        if self.POLLS and self._timer is None:
            self.load()
