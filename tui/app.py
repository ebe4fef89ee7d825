"""The soumnet Textual application."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal

from textual.app import App

from tui.context import Context
from tui.keys import Key, bindings
from tui.messages import T
from tui.screens.overview import OverviewScreen


def wants_ansi(env: dict[str, str] | None = None) -> bool:
    """PuTTY's TERM=xterm, the Linux console and NO_COLOR get the terminal's own 16 colours."""
    env = dict(os.environ) if env is None else env
    term = env.get("TERM", "")
    return "NO_COLOR" in env or term in {"xterm", "linux", "vt100", "vt220", "screen", "ansi"}


APP_KEYS = (
    Key("app.quit", "q", "quit", "key.quit", fkey="f10"),
    Key("app.refresh", "r", "refresh", "key.refresh", fkey="f5"),
)


class SoumnetApp(App[None]):
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, context: Context, ansi: bool | None = None) -> None:
        super().__init__(ansi_color=wants_ansi() if ansi is None else ansi)
        self.context = context
        lang = context.lang
        self.title = T(lang, "app.title")
        self.sub_title = T(
            lang,
            "app.subtitle",
            office=context.config.office.name,
            user=context.user,
            role=T(lang, f"role.{context.role}"),
        )
        self._bindings = bindings(lang, APP_KEYS)

    def on_mount(self) -> None:
        # An SSH disconnect sends SIGHUP: leave at once instead of spinning on a dead terminal.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._hang_up)
        if self.ansi_color:
            self.theme = "ansi-dark"
        self.push_screen(OverviewScreen(self.context))

    def _hang_up(self) -> None:
        self.exit(return_code=129)

    def action_refresh(self) -> None:
        screen = self.screen
        if isinstance(screen, OverviewScreen):
            screen.action_refresh()
