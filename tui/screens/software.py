"""Software: "which PCs have X" as you type, and the licences with their seats in use.

The programs and the seat counts come from `inventory.views.software` (the same code as
`soumnet-hub software find` and `licences list`); the search runs over the view already read,
so typing never waits for the disk. Licences are added (a / F6), edited (e / F7, or Enter on
one) and removed (x / F9, after a question) through the hub's door, audited under the person.
"""

from __future__ import annotations

from datetime import datetime

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Input, Static

from inventory.intake import door
from inventory.risks import licences
from inventory.store.layout import Layout
from inventory.views.software import SHOWN, SoftwareView, software_view
from tui.context import Context
from tui.keys import Key, bindings
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.licence_form import LicenceForm
from tui.widgets.refill import refill
from tui.widgets.steady_input import SteadyInput

WRITE_KEYS = (
    Key("sw.add", "a", "add", "sw.key.add", fkey="f6"),
    Key("sw.edit", "e", "edit", "sw.key.edit", fkey="f7"),
    Key("sw.remove", "x", "remove", "sw.key.remove", fkey="f9"),
)
"""Every one of these writes: an auditor's press is refused with a message."""
SOFTWARE_KEYS = (Key("sw.search", "f", "search", "sw.key.search", fkey="ctrl+f"), *WRITE_KEYS)
FOUND_COLUMNS = ("device", "program", "version")
LICENCE_COLUMNS = ("id", "product", "seats", "expires", "state")


class SoftwareScreen(SoumnetScreen[SoftwareView]):
    POLLS = True
    DEFAULT_CSS = """
    #sw-search { height: 1; margin: 0 1; }
    #sw-found { height: 1fr; }
    #sw-licences { height: 7; }
    """

    def __init__(self, context: Context) -> None:
        super().__init__(context, "software")
        self._bindings = bindings(context.lang, SOFTWARE_KEYS, self._bindings)
        self._view: SoftwareView | None = None
        self._found_rows: list[tuple[str, ...]] = []
        self._licence_rows: list[tuple[str, ...]] = []
        self.text = ""

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        yield Header()
        yield Static(T(lang, "sw.title"), classes="screen-title")
        yield SteadyInput(placeholder=T(lang, "sw.search"), compact=True, id="sw-search")
        yield DataTable(cursor_type="row", id="sw-found")
        yield Static(T(lang, "loading"), id="sw-status", classes="status-line")
        yield DataTable(cursor_type="row", id="sw-licences")
        yield Static("", id="sw-licence-status", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        lang = self.context.lang
        found = self.query_one("#sw-found", DataTable)
        for column in FOUND_COLUMNS:
            found.add_column(T(lang, f"sw.col.{column}"), key=column)
        table = self.query_one("#sw-licences", DataTable)
        for column in LICENCE_COLUMNS:
            table.add_column(T(lang, f"sw.col.{column}"), key=column)
        self.query_one("#sw-search", Input).focus()

    def fetch(self) -> SoftwareView:
        today = datetime.now(self.context.config.office.timezone).date()
        return software_view(Layout(self.context.config.hub_dir), today, self._view)

    def show(self, view: SoftwareView) -> None:
        self._view = view
        self._show_found()
        self._show_licences()

    def failed(self, text: str) -> None:
        self.set_text("#sw-status", text)

    # -- the search ------------------------------------------------------------------------

    def _show_found(self) -> None:
        view = self._view
        if view is None:
            return
        lang = self.context.lang
        found = view.find(self.text)
        rows: list[tuple[str, ...]] = [
            (i.label, i.program.name, i.program.version or "-") for i in found[:SHOWN]
        ]
        if rows != self._found_rows:  # an unchanged table is not redrawn
            self._found_rows = rows
            refill(self.query_one("#sw-found", DataTable), [(None, r) for r in rows], {1: 40})
        if not self.text.strip():
            status = T(lang, "sw.hint", devices=len(view.devices))
        elif not found:
            status = T(lang, "sw.none_found", text=self.text.strip())
        else:
            counts: dict[str, set[str]] = {}
            for install in found:
                counts.setdefault(install.program.version or "?", set()).add(install.device)
            ordered = sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            versions = ", ".join(f"{v} ×{len(d)}" for v, d in ordered[:4])
            key = "sw.found_more" if len(found) > SHOWN else "sw.found"
            status = T(
                lang,
                key,
                devices=len({i.device for i in found}),
                installs=len(found),
                shown=SHOWN,
                versions=versions,
            )
        self.set_text("#sw-status", status)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "sw-search":
            self.text = event.value
            self._show_found()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "sw-search":
            self.query_one("#sw-found", DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#sw-search", Input).focus()

    # -- licences --------------------------------------------------------------------------

    def _state(self, use: licences.Usage) -> str:
        lang = self.context.lang
        lic = use.licence
        if use.days_left is not None and use.days_left < 0:
            return T(lang, "sw.state.expired")
        if use.over and lic.seats is not None:
            return T(lang, "sw.state.over", count=use.in_use - lic.seats)
        if use.days_left is not None and use.days_left <= self.context.config.alerts.licence_days:
            return T(lang, "sw.state.expiring", days=use.days_left)
        return T(lang, "sw.state.ok")

    def _show_licences(self) -> None:
        view = self._view
        if view is None:
            return
        lang = self.context.lang
        rows: list[tuple[str, ...]] = [
            (
                str(use.licence.id),
                use.licence.product,
                f"{use.in_use}/{use.licence.seats if use.licence.seats is not None else '-'}",
                use.licence.expires.isoformat() if use.licence.expires else T(lang, "sw.perpetual"),
                self._state(use),
            )
            for use in view.usage
        ]
        if rows != self._licence_rows:
            self._licence_rows = rows
            refill(self.query_one("#sw-licences", DataTable), [(r[0], r) for r in rows], {1: 30})
        if view.problem is not None:
            status = view.problem.text(lang)
        elif not rows:
            status = T(lang, "sw.no_licences")
        else:
            status = ""
        self.set_text("#sw-licence-status", status)

    def _selected(self) -> licences.Licence | None:
        table = self.query_one("#sw-licences", DataTable)
        view = self._view
        if view is not None and table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            found = next((u.licence for u in view.usage if str(u.licence.id) == key), None)
            if found is not None:
                return found
        self.notify(T(self.context.lang, "sw.none_selected"), severity="warning")
        return None

    def _saved(self, number: int | None) -> None:
        if number is not None:
            self.notify(T(self.context.lang, "sw.saved", id=number))
            self.load()

    def action_add(self) -> None:
        if not self.context.refused(self):
            self.app.push_screen(LicenceForm(self.context), self._saved)

    def action_edit(self) -> None:
        if self.context.refused(self):
            return
        licence = self._selected()
        if licence is not None:
            self.app.push_screen(LicenceForm(self.context, licence), self._saved)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "sw-licences":
            self.action_edit()  # Enter on a licence edits it

    def action_remove(self) -> None:
        if self.context.refused(self):
            return
        licence = self._selected()
        if licence is None:
            return
        lang = self.context.lang
        question = T(lang, "sw.confirm.remove", id=licence.id, product=licence.product)

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove(licence.id)

        self.app.push_screen(ConfirmScreen(lang, question), answered)

    @work(thread=True, group="sw-remove")
    def _remove(self, number: int) -> None:
        context = self.context
        self.change_store(
            lambda: door.call(context.config, "licence.remove", context.user, id=number),
            T(context.lang, "sw.removed", id=number),
        )
