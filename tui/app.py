"""The soumnet Textual application: screen switching by keys, roles, language, SIGHUP."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rich.console import RenderableType
from textual.app import App
from textual.binding import BindingsMap

from tui.context import Context
from tui.keys import FOCUS_KEYS, Key, bindings
from tui.messages import T
from tui.screens.agents import AGENT_KEYS, AgentsScreen
from tui.screens.audit import AuditScreen
from tui.screens.backups import BACKUP_KEYS, BackupsScreen
from tui.screens.base import SoumnetScreen
from tui.screens.devices import DEVICES_HELP, DevicesScreen
from tui.screens.help import HelpScreen
from tui.screens.maintenance import MAINTENANCE_KEYS, MaintenanceScreen
from tui.screens.network import NetworkScreen
from tui.screens.notify import NOTIFY_KEYS, NotifyScreen
from tui.screens.overview import OverviewScreen
from tui.screens.software import SOFTWARE_KEYS, SoftwareScreen


def wants_ansi(env: dict[str, str] | None = None) -> bool:
    """PuTTY's TERM=xterm, the Linux console and NO_COLOR get the terminal's own 16 colours."""
    env = dict(os.environ) if env is None else env
    term = env.get("TERM", "")
    return "NO_COLOR" in env or term in {"xterm", "linux", "vt100", "vt220", "screen", "ansi"}


@dataclass(frozen=True)
class ScreenEntry:
    """A screen the app can switch to, who may see it, and how to build it."""

    name: str
    roles: frozenset[str]
    key: Key
    build: Callable[[Context], SoumnetScreen]
    keys: tuple[Key, ...] = ()
    """The screen's own keys, for the help screen."""


EXIT_GRACE_SECONDS = 5.0
HANG_UP_GRACE_SECONDS = 1.5
TERMINAL_FD = 0
"""Standard input: the terminal Textual reads keys from."""
ALL_ROLES = frozenset({"it", "auditor"})
IT_ONLY = frozenset({"it"})

SCREENS = (
    ScreenEntry(
        "overview",
        IT_ONLY,
        Key("screen.overview", "o", "show('overview')", "key.overview", fkey="f2"),
        OverviewScreen,
    ),
    ScreenEntry(
        "devices",
        IT_ONLY,
        Key("screen.devices", "d", "show('devices')", "devices.key.screen", fkey="f11"),
        DevicesScreen,
        DEVICES_HELP,
    ),
    ScreenEntry(
        "network",
        IT_ONLY,
        Key("screen.network", "n", "show('network')", "key.network", fkey="f3"),
        NetworkScreen,
    ),
    ScreenEntry(
        "agents",
        IT_ONLY,
        Key("screen.agents", "g", "show('agents')", "key.agents", fkey="f4"),
        AgentsScreen,
        AGENT_KEYS,
    ),
    ScreenEntry(
        "maintenance",
        IT_ONLY,
        Key("screen.maintenance", "m", "show('maintenance')", "key.maintenance", fkey="f12"),
        MaintenanceScreen,
        MAINTENANCE_KEYS,
    ),
    ScreenEntry(
        "notify",
        IT_ONLY,
        Key("screen.notify", "l", "show('notify')", "key.notify", fkey="ctrl+l"),
        NotifyScreen,
        NOTIFY_KEYS,
    ),
    ScreenEntry(
        "audit",
        ALL_ROLES,
        Key("screen.audit", "t", "show('audit')", "key.audit", fkey="f8"),
        AuditScreen,
    ),
    ScreenEntry(
        "backups",
        ALL_ROLES,
        Key("screen.backups", "b", "show('backups')", "key.backups", fkey="ctrl+b"),
        BackupsScreen,
        BACKUP_KEYS,
    ),
    ScreenEntry(
        "software",
        IT_ONLY,
        Key("screen.software", "w", "show('software')", "key.software", fkey="ctrl+w"),
        SoftwareScreen,
        SOFTWARE_KEYS,
    ),
)

HELP_KEY = Key("app.help", "h", "help", "key.help", fkey="f1")
APP_KEYS = (
    HELP_KEY,
    Key("app.refresh", "r", "refresh", "key.refresh", fkey="f5"),
    Key("app.quit", "q", "quit", "key.quit", fkey="f10"),
    *FOCUS_KEYS,
)


class SoumnetApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, context: Context, ansi: bool | None = None) -> None:
        # No animations: over a slow SSH link every animation frame is bytes on the wire.
        super().__init__(ansi_color=wants_ansi() if ansi is None else ansi)
        self.animation_level = "none"
        self._exit_guard: threading.Timer | None = None
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
        self.screen_keys = tuple(entry.key for entry in SCREENS if context.role in entry.roles)
        self.app_keys = (*self.screen_keys, *APP_KEYS)
        # A screen the role may not open keeps its keys, hidden: pressed, they say why nothing
        # happens (action_show refuses) rather than nothing at all.
        refused = tuple(
            replace(entry.key, show=False) for entry in SCREENS if context.role not in entry.roles
        )
        # Not Textual's own app keys: its Ctrl+C would answer in English ("press Ctrl+Q").
        self._bindings = bindings(lang, (*self.app_keys, *refused), BindingsMap())

    def allowed(self, name: str) -> bool:
        return any(entry.name == name and self.context.role in entry.roles for entry in SCREENS)

    def on_mount(self) -> None:
        # An SSH disconnect sends SIGHUP: leave at once instead of spinning on a dead terminal.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._hang_up)
        # A terminal can also vanish without a SIGHUP reaching us (a killed tmux server, a
        # process that is not the session's controlling one): look for it every 2 s.
        if not self.is_headless and os.isatty(TERMINAL_FD):
            self.set_interval(2.0, self._watch_terminal)
        if self.ansi_color:
            self.theme = "ansi-dark"
        start = next((e.name for e in SCREENS if self.context.role in e.roles), None)
        if start is None:
            self.action_help()
        else:
            self.action_show(start)

    def exit(
        self, result: None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        """Leave; if leaving hangs on a terminal that has vanished meanwhile (a dead terminal
        stops Textual's writer thread and its next write blocks for ever, while the input
        thread spins on end-of-file), the process ends anyway after a grace period. Every
        store write is atomic, so nothing already stored is lost either way."""
        self._guard_exit(EXIT_GRACE_SECONDS, return_code)
        super().exit(result, return_code, message)

    def _guard_exit(self, seconds: float, code: int) -> None:
        if self.is_headless:  # under a test's Pilot the process is the test runner's
            return
        if self._exit_guard is not None:
            if self._exit_guard.interval <= seconds:
                return
            self._exit_guard.cancel()
        self._exit_guard = threading.Timer(seconds, os._exit, (code,))
        self._exit_guard.daemon = True
        self._exit_guard.start()

    def run(self, *args: Any, **kwargs: Any) -> Any:
        result = super().run(*args, **kwargs)  # what exit() was given (snapshot tests use it)
        # Left cleanly: what runs after the UI (the embedded stop) is not cut short. After a
        # failure, or with the terminal gone, the guard stays: Textual's input thread may be
        # left spinning on the dead terminal, and Python would wait for it at exit for ever.
        if self._exit_guard is not None and os.isatty(TERMINAL_FD):
            self._exit_guard.cancel()
        return result

    def _hang_up(self) -> None:
        """The terminal is gone: nothing to restore, so a shorter grace."""
        self._guard_exit(HANG_UP_GRACE_SECONDS, 129)
        self.exit(return_code=129)

    def _watch_terminal(self) -> None:
        if not os.isatty(TERMINAL_FD):
            self._hang_up()

    def _install(self, name: str) -> None:
        if self.is_screen_installed(name):
            return
        if name == "help":
            lang = self.context.lang
            sections = [(T(lang, "help.section.app"), self.app_keys)]
            sections += [
                (T(lang, "help.section.screen", screen=T(lang, e.key.label)), e.keys)
                for e in SCREENS
                if e.keys and self.context.role in e.roles
            ]
            self.install_screen(HelpScreen(self.context, sections), name)
            return
        entry = next(e for e in SCREENS if e.name == name)
        self.install_screen(entry.build(self.context), name)

    def _switch(self, name: str) -> None:
        self._install(name)
        if isinstance(self.screen, SoumnetScreen):
            self.switch_screen(name)
        else:
            self.push_screen(name)

    def action_show(self, name: str) -> None:
        if not self.allowed(name):
            lang = self.context.lang
            role = T(lang, f"role.{self.context.role}")
            self.notify(T(lang, "screen.refused", role=role), severity="warning")
            return
        self._switch(name)

    def action_help(self) -> None:
        self._switch("help")

    def action_refresh(self) -> None:
        screen = self.screen
        if isinstance(screen, SoumnetScreen):
            screen.refresh_data()
