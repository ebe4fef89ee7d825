"""Devices: the inventory as a table, filtered as you type and sorted by any column.

The store is read in the base polling worker and turned into prepared rows there; a
keystroke in the filter only scans those rows (lowercase text prepared once per read) and
lays out one page of the result, so it stays fast over thousands of devices. Enter opens a
device's page; a and e open the form that adds or edits a record (IT staff only).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Input, Static

from inventory.views.devices import devices_view
from tui.context import Context
from tui.keys import Key, bindings
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.screens.device_form import FORM_KEYS, push_form
from tui.screens.device_page import PAGE_READ_KEYS, DevicePage
from tui.widgets.devices.devices_table import InventoryTable
from tui.widgets.devices.rows import (
    CAPS,
    COLUMNS,
    DeviceRow,
    labels,
    matching,
    ordered,
    rows_of,
)
from tui.widgets.devices.widths import fit_widths
from tui.widgets.steady_input import SteadyInput

DEVICES_READ_KEYS = (
    Key("devices.filter", "f", "filter", "devices.key.filter", fkey="ctrl+f"),
    Key("devices.sort", "s", "sort", "devices.key.sort", fkey="ctrl+o"),
    Key("devices.reverse", "u", "reverse", "devices.key.reverse", fkey="ctrl+r"),
    Key("devices.open", None, "open", "devices.key.open", fkey="enter", show=False),
    Key("devices.table", None, "to_table", "devices.key.table", fkey="escape", show=False),
)
DEVICES_WRITE_KEYS = (
    Key("devices.add", "a", "add", "devices.key.add", fkey="ctrl+n"),
    Key("devices.edit", "e", "edit", "devices.key.edit", fkey="ctrl+e"),
)
"""Every one of these writes: an auditor's press is refused with a message."""
DEVICES_KEYS = (*DEVICES_READ_KEYS, *DEVICES_WRITE_KEYS)
DEVICES_HELP = (*DEVICES_KEYS, *PAGE_READ_KEYS, *FORM_KEYS)
"""For the help screen: the table's keys, then the device page's and the form's."""


@dataclass(frozen=True)
class DevicesData:
    """The Devices view (`inventory.views.devices`) worded for the table: rows and widths."""

    rows: list[DeviceRow]
    widths: tuple[int, ...]


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


class DevicesScreen(SoumnetScreen[DevicesData]):
    POLLS = True

    def __init__(self, context: Context) -> None:
        super().__init__(context, "devices")
        self._bindings = bindings(context.lang, DEVICES_KEYS, self._bindings)
        self.rows: list[DeviceRow] = []
        self.sort_column = 1
        self.sort_reverse = False
        self._sorted: list[DeviceRow] = []
        self._stamp: tuple[int | None, int | None, int] | None = None
        self._built: DevicesData | None = None
        self._drawn = False
        """Whether a read has been drawn: the first one is, even when it finds no device."""

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        yield Header()
        yield Static(T(lang, "devices.title"), classes="screen-title")
        yield SteadyInput(placeholder=T(lang, "devices.filter.placeholder"), id="devices-filter")
        yield InventoryTable(lang, id="devices-table")
        yield Static(T(lang, "loading"), id="devices-status", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(InventoryTable).focus()

    @property
    def table(self) -> InventoryTable:
        return self.query_one(InventoryTable)

    def fetch(self) -> DevicesData:
        """Rows are rebuilt only when a store file changed or a minute passed ("3 min ago"):
        an idle screen over thousands of devices costs a stat, not a parse."""
        store = self.context.store
        layout = store.layout
        stamp = (_mtime(layout.devices), _mtime(layout.latest), int(time.time() // 60))
        if stamp == self._stamp and self._built is not None:
            return self._built
        view = devices_view(store.devices(), store.latest(), self.context.config.alerts)
        rows = rows_of(view, self.context.lang)
        widths = fit_widths(labels(self.context.lang), (r.cells for r in rows), CAPS)
        self._built = DevicesData(rows, widths)
        self._stamp = stamp
        return self._built

    def show(self, view: DevicesData) -> None:
        if self._drawn and (view.rows is self.rows or view.rows == self.rows):
            return
        self._drawn = True
        self.rows = view.rows
        self.table.set_widths(view.widths)
        self._resort()

    def failed(self, text: str) -> None:
        self.set_text("#devices-status", text)

    def _resort(self) -> None:
        self._sorted = ordered(self.rows, self.sort_column, self.sort_reverse)
        self._refilter()

    def _refilter(self) -> None:
        lang = self.context.lang
        found = matching(self._sorted, self.query_one("#devices-filter", Input).value)
        self.table.show(found)
        if not self.rows:
            self.set_text("#devices-status", T(lang, "devices.empty"))
            return
        status = T(
            lang,
            "devices.count",
            matched=len(found),
            total=len(self.rows),
            column=T(lang, f"devices.col.{COLUMNS[self.sort_column]}"),
            direction=T(lang, "devices.sort.down" if self.sort_reverse else "devices.sort.up"),
        )
        flagged = sum(1 for r in self.rows if r.duplicate)
        if flagged:
            status += " · " + T(lang, "devices.duplicates", count=flagged)
        self.set_text("#devices-status", status)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refilter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def action_to_table(self) -> None:
        self.table.focus()

    def action_filter(self) -> None:
        self.query_one("#devices-filter", Input).focus()

    def action_sort(self) -> None:
        self.sort_column = (self.sort_column + 1) % len(COLUMNS)
        self._resort()

    def action_reverse(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self._resort()

    def _with_selected(self, then: Callable[[str], object]) -> None:
        key = self.table.selected
        if key is None:
            self.notify(T(self.context.lang, "devices.none_selected"), severity="warning")
            return
        then(key)

    def action_open(self) -> None:
        self._with_selected(self.open_device)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def open_device(self, key: str) -> None:
        self.app.push_screen(DevicePage(self.context, key), lambda _: self.refresh_data())

    def action_add(self) -> None:
        if self.context.refused(self):
            return
        push_form(self, self.context, None, self._saved)

    def action_edit(self) -> None:
        if self.context.refused(self):
            return
        self._with_selected(lambda key: push_form(self, self.context, key, self._saved))

    def _saved(self, key: str | None) -> None:
        if key is not None:
            self.refresh_data()
