"""Maintenance: the log of work done on the equipment, with filters; add, edit, close.

The entries come from `inventory.views.maintenance` (the view `soumnet-hub maintenance list`
prints); filters apply on the screen, since an office logs a few entries a week. The text
filter matches the date too, so "2026-11" shows November's work, and "2026-09..2026-11"
shows a range of dates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, Static

from inventory.records import maintenance, values
from inventory.store.layout import Layout
from inventory.views.maintenance import MaintenanceEntry, MaintenanceView, maintenance_view
from tui.context import Context
from tui.keys import Key, bindings
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.screens.device_form import form_value
from tui.screens.maintenance_form import MaintenanceForm
from tui.widgets.maintenance.entry_table import EntryTable, Row
from tui.widgets.steady_input import SteadyInput

WRITE_KEYS = (
    Key("maint.add", "a", "add", "maint.key.add", fkey="f6"),
    Key("maint.edit", "e", "edit", "maint.key.edit", fkey="f7"),
    Key("maint.close", "c", "close_entry", "maint.key.close", fkey="f9"),
)
"""Every one of these writes: an auditor's press is refused with a message."""

MAINTENANCE_KEYS = (
    *WRITE_KEYS,
    Key("maint.status", "s", "cycle_status", "maint.key.status", fkey="ctrl+t"),
    Key("maint.kind", "k", "cycle_kind", "maint.key.kind", fkey="ctrl+k"),
    Key("maint.search", "f", "search", "maint.key.search", fkey="ctrl+f"),
)

DATE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
DATE_RANGE = re.compile(rf"({DATE})?\.\.({DATE})?")
"""'2026-10..2026-12', '2026-11-01..', '..2025': a date range, ends included, by prefix."""

STATUS_FILTERS: tuple[str | None, ...] = (None, *maintenance.ENTRY_STATUSES)
KIND_FILTERS: tuple[str | None, ...] = (None, *maintenance.KINDS)


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    kind: str | None = None
    text: str = ""

    def matches(self, entry: MaintenanceEntry | Mapping[str, Any], cells: tuple[str, ...]) -> bool:
        """Whether an entry (or the fields of one) with these cells on the screen passes."""
        if isinstance(entry, MaintenanceEntry):
            entry = entry.fields()
        if self.status and entry.get("status") != self.status:
            return False
        if self.kind and entry.get("kind") != self.kind:
            return False
        haystack = " ".join([*cells, str(entry.get("parts") or "")]).casefold()
        day = str(entry.get("date") or "")
        for word in self.text.casefold().split():
            span = DATE_RANGE.fullmatch(word)
            if span:
                start, end = span[1], span[2]
                if (start and day[: len(start)] < start) or (end and day[: len(end)] > end):
                    return False
            elif word not in haystack:
                return False
        return True


def _money(value: object) -> str:
    """85000.0 -> '85 000': thousands apart by a space, as written in Mongolia."""
    if not isinstance(value, int | float):
        return ""
    return f"{value:,.0f}".replace(",", " ")


class MaintenanceScreen(SoumnetScreen[MaintenanceView]):
    POLLS = True

    def __init__(self, context: Context) -> None:
        super().__init__(context, "maintenance")
        self._bindings = bindings(context.lang, MAINTENANCE_KEYS, self._bindings)
        self._data = MaintenanceView((), {})
        self.filters = Filters()

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        yield Header()
        yield Static(T(lang, "maint.title"), classes="screen-title")
        with Horizontal(id="maint-filter-line"):
            yield Static("", id="maint-filters")
            yield SteadyInput(placeholder=T(lang, "maint.search"), compact=True, id="maint-search")
        yield EntryTable(lang, id="maint-table")
        yield Static(T(lang, "loading"), id="maint-status", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self._show_filters()
        self.query_one(EntryTable).focus()

    def fetch(self) -> MaintenanceView:
        return maintenance_view(Layout(self.context.config.hub_dir))

    def _cells(self, entry: MaintenanceEntry) -> tuple[str, ...]:
        lang = self.context.lang
        minutes = entry.minutes
        return (
            str(entry.number),
            entry.date,
            values.word(lang, "entry_status", entry.status),
            values.word(lang, "kind", entry.kind),
            entry.device_label,
            entry.description,
            _money(entry.cost),
            form_value(minutes) if minutes is not None else "",
        )

    def show(self, view: MaintenanceView) -> None:
        self._data = view
        self._refilter()

    def _refilter(self) -> None:
        lang = self.context.lang
        rows: list[Row] = []
        for entry in self._data.entries:
            cells = self._cells(entry)
            if self.filters.matches(entry, cells):
                rows.append((str(entry.number), cells))
        self.query_one(EntryTable).show(rows)
        total = len(self._data.entries)
        status = (
            T(lang, "maint.count", shown=len(rows), total=total)
            if total
            else T(lang, "maint.empty")
        )
        self.set_text("#maint-status", status)

    def _show_filters(self) -> None:
        lang = self.context.lang
        status, kind = self.filters.status, self.filters.kind
        self.set_text(
            "#maint-filters",
            T(
                lang,
                "maint.filters",
                status=values.word(lang, "entry_status", status)
                if status
                else T(lang, "maint.all"),
                kind=values.word(lang, "kind", kind) if kind else T(lang, "maint.all"),
            ),
        )

    def failed(self, text: str) -> None:
        self.set_text("#maint-status", text)

    # -- filters ---------------------------------------------------------------------------

    def action_cycle_status(self) -> None:
        at = STATUS_FILTERS.index(self.filters.status)
        self.filters = Filters(
            STATUS_FILTERS[(at + 1) % len(STATUS_FILTERS)], self.filters.kind, self.filters.text
        )
        self._show_filters()
        self._refilter()

    def action_cycle_kind(self) -> None:
        at = KIND_FILTERS.index(self.filters.kind)
        self.filters = Filters(
            self.filters.status, KIND_FILTERS[(at + 1) % len(KIND_FILTERS)], self.filters.text
        )
        self._show_filters()
        self._refilter()

    def action_search(self) -> None:
        self.query_one("#maint-search", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "maint-search":
            self.filters = Filters(self.filters.status, self.filters.kind, event.value)
            self._refilter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "maint-search":
            self.query_one(EntryTable).focus()

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_edit()  # Enter on a row edits it

    # -- writes ----------------------------------------------------------------------------

    def _may_write(self) -> bool:
        return not self.context.refused(self)

    def _selected(self) -> MaintenanceEntry | None:
        found = self._data.find(self.query_one(EntryTable).selected())
        if found is None:
            self.notify(T(self.context.lang, "maint.none_selected"), severity="warning")
        return found

    def _saved(self, number: int | None) -> None:
        if number is not None:
            self.notify(T(self.context.lang, "maint.saved", number=number))
            self.load()

    def action_add(self) -> None:
        if self._may_write():
            self.app.push_screen(MaintenanceForm(self.context, self._data.devices), self._saved)

    def action_edit(self) -> None:
        if not self._may_write():
            return
        entry = self._selected()
        if entry is not None:
            form = MaintenanceForm(self.context, self._data.devices, entry.fields())
            self.app.push_screen(form, self._saved)

    def action_close_entry(self) -> None:
        if not self._may_write():
            return
        entry = self._selected()
        if entry is None:
            return
        if entry.is_closed:
            self.notify(T(self.context.lang, "maint.already_closed", number=entry.number))
            return
        self._close(entry.number)

    @work(thread=True, group="maint-close")
    def _close(self, number: int) -> None:
        layout = Layout(self.context.config.hub_dir)
        self.change_store(
            lambda: maintenance.close_entry(layout, number, self.context.user),
            T(self.context.lang, "maint.closed", number=number),
        )
