"""The help screen: every key of the app and of the screens this user may open.

It is generated from the same `Key` tuples that build the bindings, so it cannot drift.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from tui.context import Context
from tui.keys import Key, key_names
from tui.messages import T
from tui.screens.base import SoumnetScreen


class HelpScreen(SoumnetScreen[None]):
    def __init__(self, context: Context, sections: Sequence[tuple[str, Sequence[Key]]]) -> None:
        super().__init__(context, "help")
        self.sections = sections

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(T(self.context.lang, "help.title"), classes="screen-title")
        yield DataTable(cursor_type="row", id="help-keys")
        yield Static(T(self.context.lang, "help.hint"), classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        lang = self.context.lang
        table = self.query_one(DataTable)
        table.add_column(T(lang, "help.col.keys"), key="keys")
        table.add_column(T(lang, "help.col.action"), key="action")
        for title, keys in self.sections:
            table.add_row("", f"[b]{title}[/b]")
            for key in keys:
                table.add_row(key_names(key), T(lang, key.label), key=key.id)
