"""A device's page: its record and facts, live health as sparklines over 24 hours and 30
days, SNMP interfaces, maintenance history and open alerts. `d` clears a possible-duplicate
mark, `m` merges a record marked ?= into this one; both ask first and are audited.

It polls through the base worker like every screen. It is modal: the app's screen letters
do not fire here (Escape goes back to the table), so the screen stack stays simple.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Static

from foundation.i18n import Lang
from foundation.wire import utcnow
from inventory.intake import door
from inventory.records import values
from inventory.records.names import label, label_of
from inventory.views.device_page import FIGURES, History, PageView, read_page
from tui.context import Context
from tui.keys import Key, bindings
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.device_form import push_form
from tui.widgets.devices.facts import fact_lines, interface_lines
from tui.widgets.devices.programs import ProgramsSection
from tui.widgets.levels import Levels

PAGE_READ_KEYS = (
    Key("device.back", None, "back", "devices.key.back", fkey="escape"),
    Key("device.refresh", "r", "reload", "key.refresh", fkey="f5"),
)
PAGE_WRITE_KEYS = (
    Key("device.edit", "e", "edit", "devices.key.edit", fkey="ctrl+e"),
    Key(
        "device.not_duplicate",
        "d",
        "not_duplicate",
        "devices.key.not_duplicate",
        fkey="ctrl+d",
    ),
    Key("device.merge", "m", "merge", "devices.key.merge", fkey="f7"),
)
PAGE_KEYS = (*PAGE_READ_KEYS, *PAGE_WRITE_KEYS)
RECENT_ENTRIES = 5


def _figure_label(lang: Lang, figure: str, values: Sequence[float], span: str) -> str:
    name = T(lang, f"devices.figure.{figure}")
    if not values:
        return f"{name}: {T(lang, 'devices.page.no_history')}"
    if span == "day":
        return T(lang, "devices.page.day", figure=name, now=f"{values[-1]:.0f}")
    return T(lang, "devices.page.month", figure=name, max=f"{max(values):.0f}")


def entry_lines(lang: Lang, entries: Sequence[Mapping[str, Any]]) -> list[str]:
    return [
        T(
            lang,
            "devices.page.entry",
            date=e.get("date", ""),
            kind=values.word(lang, "kind", e.get("kind")),
            status=values.word(lang, "entry_status", e.get("status")),
            description=e.get("description", ""),
        )
        for e in entries[:RECENT_ENTRIES]
    ]


class DevicePage(SoumnetScreen[PageView]):
    POLLS = True

    def __init__(self, context: Context, key: str) -> None:
        super().__init__(context, f"device:{key}")
        self._modal = True  # as a ModalScreen: only this page's keys fire
        self.key = key
        self._bindings = bindings(context.lang, PAGE_KEYS, self._bindings)
        self._sparks: dict[str, list[float]] = {}
        self._history: History | None = None
        self._flagged: list[str] = []
        """Records this one may be a duplicate of, as last shown."""
        self._names: dict[str, str] = {}
        """Labels of the records, as last read: questions and notices name devices by them."""

    def compose(self) -> ComposeResult:
        lang = self.context.lang
        yield Header()
        yield Static(self.key, id="page-title", classes="screen-title")
        with VerticalScroll(id="page-body"):
            yield Static(T(lang, "loading"), id="page-facts")
            yield Static(T(lang, "devices.page.alerts"), classes="page-heading")
            yield Static("", id="page-alerts")
            yield Static(T(lang, "devices.page.health"), classes="page-heading")
            for figure in FIGURES:
                with Horizontal(classes="spark-pair"):
                    for span in ("day", "month"):
                        with Vertical():
                            yield Static("", id=f"label-{span}-{figure}", classes="panel-line")
                            yield Levels(top=100.0, id=f"spark-{span}-{figure}")
            yield Static(T(lang, "devices.page.interfaces"), classes="page-heading")
            yield Static("", id="page-interfaces")
            yield Static(T(lang, "devices.page.maintenance"), classes="page-heading")
            yield Static("", id="page-maintenance")
            yield ProgramsSection(self.context, self.key)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#page-body").focus()  # arrows and PgDn scroll the page

    def fetch(self) -> PageView:
        context = self.context
        page = read_page(context.store, self.key, utcnow(), context.config.alerts, self._history)
        self._history = page.history
        return page

    def show(self, view: PageView) -> None:
        lang = self.context.lang
        record = view.record
        if record is None:
            self.set_text("#page-title", T(lang, "devices.gone", key=self.key))
            return
        self._flagged = list(record.get("duplicates", []))
        self._names = view.names
        self.set_text("#page-title", label(record))
        facts = fact_lines(lang, record, view.kinds, view.names)
        self.set_text("#page-facts", "\n".join(facts))
        for figure in FIGURES:
            for span, series in (("day", view.history.day), ("month", view.history.month)):
                values = series.get(figure, [])
                self.set_text(f"#label-{span}-{figure}", _figure_label(lang, figure, values, span))
                spark_id = f"spark-{span}-{figure}"
                if self._sparks.get(spark_id) != values:  # unchanged: not redrawn
                    self._sparks[spark_id] = values
                    self.query_one(f"#{spark_id}", Levels).data = values
        interfaces = interface_lines(lang, view.interfaces)
        self.set_text(
            "#page-interfaces", "\n".join(interfaces) or T(lang, "devices.page.no_interfaces")
        )
        entries = entry_lines(lang, view.entries)
        self.set_text(
            "#page-maintenance", "\n".join(entries) or T(lang, "devices.page.no_maintenance")
        )
        alerts = [a.title(lang) for a in view.alerts]
        self.set_text("#page-alerts", "\n".join(alerts) or T(lang, "devices.page.no_alerts"))

    def failed(self, text: str) -> None:
        self.set_text("#page-facts", text)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_reload(self) -> None:
        self.refresh_data()

    def action_edit(self) -> None:
        if self.context.refused(self):
            return
        push_form(self, self.context, self.key, lambda _: self.refresh_data())

    def _may_decide(self) -> bool:
        """A decision about the records marked ?= needs the `it` role and a mark; else why not
        is said."""
        lang = self.context.lang
        if self.context.refused(self):
            return False
        if not self._flagged:
            self.notify(T(lang, "devices.no_duplicates"), severity="warning")
            return False
        return True

    def action_not_duplicate(self) -> None:
        """The IT officer checked that the records marked ?= are different devices."""
        lang = self.context.lang
        if not self._may_decide():
            return
        question = T(
            lang,
            "devices.confirm.not_duplicate",
            key=self._label_of(self.key),
            others=", ".join(map(self._label_of, self._flagged)),
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._dismiss_duplicates()

        self.app.push_screen(ConfirmScreen(lang, question), answered)

    @work(thread=True, group="device-not-duplicate")
    def _dismiss_duplicates(self) -> None:
        context = self.context
        self.change_store(
            lambda: door.call(context.config, "device.not_duplicate", context.user, key=self.key),
            T(context.lang, "devices.done.not_duplicate", key=self._label_of(self.key)),
        )

    def action_merge(self) -> None:
        """The IT officer checked that a record marked ?= is this same device: it is merged
        into this one (`inventory.records.merge`). With several marked, each is asked about in turn
        (no goes on to the next)."""
        if self._may_decide():
            self._ask_merge(list(self._flagged))

    def _ask_merge(self, candidates: list[str]) -> None:
        other, rest = candidates[0], candidates[1:]
        lang = self.context.lang
        question = T(
            lang,
            "devices.confirm.merge",
            key=self._label_of(self.key),
            other=self._label_of(other),
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._merge(other)
            elif rest:
                self._ask_merge(rest)

        self.app.push_screen(ConfirmScreen(lang, question), answered)

    @work(thread=True, group="device-merge")
    def _merge(self, other: str) -> None:
        context = self.context
        done = T(
            context.lang,
            "devices.done.merge",
            other=self._label_of(other),
            key=self._label_of(self.key),
        )
        self.change_store(
            lambda: door.call(
                context.config, "device.merge", context.user, keep=self.key, other=other
            ),
            done,
        )

    def _label_of(self, key: str) -> str:
        return label_of(key, self._names)
