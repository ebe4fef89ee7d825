"""An Input whose cursor does not blink.

A blinking cursor is a redraw twice a second while a field has focus: bytes on a slow SSH
link for nothing, and a screen that differs from one moment to the next (snapshots caught
either phase)."""

from __future__ import annotations

from textual.widgets import Input


class SteadyInput(Input):
    def on_mount(self) -> None:
        self.cursor_blink = False
