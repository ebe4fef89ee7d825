"""The Maintenance screen: the log with filters; add, edit and close through the form, with
one message per bad field and nothing written; every write audited under the person."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from inventory.records import devices, maintenance
from inventory.store import audit
from inventory.store.layout import Layout
from tests.tui.conftest import MakeContext
from tests.tui.test_pilot import sync
from tui.app import SoumnetApp
from tui.context import Context
from tui.keys import keys_for
from tui.screens.maintenance import WRITE_KEYS, Filters, MaintenanceScreen
from tui.screens.maintenance_form import MaintenanceForm
from tui.widgets.maintenance.entry_table import EntryTable
from tui.widgets.maintenance.field_row import FieldRow

DEVICE = "dev-0000"  # named "000-Нягтлан-PC" by the fixture


def seed(context: Context) -> None:
    """Three entries written by the records module, as `soumnet-hub maintenance add` does."""
    layout = Layout(context.config.hub_dir)
    for fields in (
        {"date": "2026-10-02", "kind": "repair", "description": "Дэлгэц солив", "cost": "120000"},
        {"date": "2026-11-05", "kind": "upgrade", "description": "RAM 8 GB", "minutes": "30"},
        {"date": "2026-11-20", "kind": "repair", "description": "Printer drum", "parts": "drum"},
    ):
        maintenance.add_entry(layout, {"device": DEVICE, **fields}, "officer")


def on_disk(context: Context) -> tuple[bytes, int]:
    """The log file and the audit trail's length: what a refused write must leave alone."""
    layout = Layout(context.config.hub_dir)
    data = layout.maintenance.read_bytes() if layout.maintenance.exists() else b""
    return data, len(audit.entries(layout))


async def open_maintenance(app: SoumnetApp, pilot: Pilot[None]) -> MaintenanceScreen:
    await pilot.press("m")
    while not isinstance(app.screen, MaintenanceScreen) or not app.screen.loads:
        await pilot.pause(0.05)
    await pilot.pause()
    return app.screen


def numbers(screen: MaintenanceScreen) -> list[str]:
    return [key for key, _ in screen.query_one(EntryTable).rows_shown]


async def open_form(app: SoumnetApp, pilot: Pilot[None], key: str) -> MaintenanceForm:
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, MaintenanceForm), key
    return app.screen


def fill(form: MaintenanceForm, **values: str) -> None:
    for name, value in values.items():
        widget = form.query_one(f"#field-{name}")
        if isinstance(widget, Select):
            widget.value = value if value else Select.NULL
        else:
            assert isinstance(widget, Input)
            widget.value = value


def errors(form: MaintenanceForm) -> dict[str, str]:
    out = {}
    for row in form.query(FieldRow):
        text = str(row.query_one(".field-error", Static).render())
        if text:
            out[row.field_name] = text
    return out


async def save(app: SoumnetApp, pilot: Pilot[None]) -> None:
    await pilot.press("f6")
    await app.workers.wait_for_complete()
    await pilot.pause()


@sync
async def test_log_shows_entries_newest_first_with_names(make_context: MakeContext) -> None:
    context = make_context(devices=2)
    seed(context)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_maintenance(app, pilot)
        assert numbers(screen) == ["3", "2", "1"]
        first = screen.query_one(EntryTable).rows_shown[2][1]
        assert first == (
            "1",
            "2026-10-02",
            "open",
            "repair",
            "000-Нягтлан-PC",
            "Дэлгэц солив",
            "120 000",
            "",
        )
        assert "3 of 3 entries" in str(screen.query_one("#maint-status", Static).render())
        for key in ("f12", "т"):  # F12 and m on the Mongolian layout reach it too
            await pilot.press("o")
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, MaintenanceScreen), key


@sync
async def test_filters_by_state_kind_and_text(make_context: MakeContext) -> None:
    context = make_context(devices=1)
    seed(context)
    maintenance.close_entry(Layout(context.config.hub_dir), 2, "officer")
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_maintenance(app, pilot)
        await pilot.press("s")  # all -> open
        assert numbers(screen) == ["3", "1"]
        await pilot.press("ctrl+t")  # open -> closed
        assert numbers(screen) == ["2"]
        await pilot.press("ы")  # s on the Mongolian layout: closed -> all
        await pilot.press("k")  # all kinds -> repair
        assert numbers(screen) == ["3", "1"]
        filters = str(screen.query_one("#maint-filters", Static).render())
        assert filters == "State: all · Kind: repair ·"
        await pilot.press("f")
        for char in "2026-10":
            await pilot.press(char)
        assert numbers(screen) == ["1"]
        assert "1 of 3 entries" in str(screen.query_one("#maint-status", Static).render())
        await pilot.press("enter")  # back to the table
        search = screen.query_one("#maint-search", Input)
        assert not search.has_focus and search.value == "2026-10"
        search.value = "drum"  # the parts are searched too
        await pilot.pause()
        assert numbers(screen) == ["3"]


@sync
async def test_add_through_the_form_is_stored_and_audited(make_context: MakeContext) -> None:
    context = make_context(devices=2)
    layout = Layout(context.config.hub_dir)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_maintenance(app, pilot)
        assert "No work logged yet" in str(screen.query_one("#maint-status", Static).render())
        form = await open_form(app, pilot, "a")
        assert form.query_one("#field-done_by", Input).value == "officer"
        fill(form, device="000-Нягтлан-PC", kind="repair", cost="85 000", minutes="45")
        form.query_one("#field-description", Input).focus()
        for char in "Toner":
            await pilot.press(char)
        loads = screen.loads
        await save(app, pilot)
        assert app.screen is screen
        while screen.loads == loads:
            await pilot.pause(0.05)
        assert numbers(screen) == ["1"]
        assert any("Entry 1 saved" in n.message for n in app._notifications)
    entry = maintenance.get_entry(layout, 1)
    assert (entry["device"], entry["description"], entry["cost"], entry["minutes"]) == (
        DEVICE,
        "Toner",
        85000.0,
        45.0,
    )
    last = audit.entries(layout)[-1]
    assert (last["who"], last["action"], last["target"]) == (
        "officer",
        "maintenance.add",
        "maintenance:1",
    )


@sync
async def test_form_takes_an_asset_tag_money_and_dotted_dates(make_context: MakeContext) -> None:
    """The form reads values by the records' rules: a device by its asset tag, `45,000` as
    45000 tögrög, `2023.03.15` as a date; `3.5` is refused, not rounded."""
    context = make_context(devices=2)
    layout = Layout(context.config.hub_dir)
    devices.edit_device(layout, DEVICE, {"asset_tag": "НС-007"}, "officer")
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_maintenance(app, pilot)
        form = await open_form(app, pilot, "a")
        fill(form, device="НС-007", kind="repair", description="Сэнс", date="2023.03.15")
        fill(form, cost="3.5")
        await save(app, pilot)
        assert app.screen is form and sorted(errors(form)) == ["cost"]
        fill(form, cost="45,000")
        loads = screen.loads
        await save(app, pilot)
        while screen.loads == loads:
            await pilot.pause(0.05)
    entry = maintenance.get_entry(layout, 1)
    assert (entry["device"], entry["cost"], entry["date"]) == (DEVICE, 45000, "2023-03-15")


@sync
async def test_bad_fields_get_one_message_each_and_nothing_is_written(
    make_context: MakeContext,
) -> None:
    context = make_context(devices=1)
    seed(context)
    before = on_disk(context)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_maintenance(app, pilot)
        form = await open_form(app, pilot, "f6")
        for values, field, message in (
            (
                {"date": "2026-13-45"},
                "date",
                "date: '2026-13-45' is not a date (2023-03-15 or 2023.03.15)",
            ),
            (
                {"cost": "-5000"},
                "cost",
                "cost: '-5000' is not an amount in whole tögrög (45000, 45 000, 45,000, 45 000 ₮)",
            ),
            ({"description": ""}, "description", "description: required"),
            ({"device": "no-such-pc"}, "device", "device: no device no-such-pc"),
        ):
            fill(form, device=DEVICE, kind="repair", description="Fan", date="2026-11-01", cost="")
            fill(form, **values)
            await save(app, pilot)
            assert app.screen is form, field
            assert errors(form) == {field: message}, field
            assert "Not saved: 1 field(s) to correct" in str(
                form.query_one("#maint-form-message", Static).render()
            )
            assert on_disk(context) == before, field
        # Several bad fields at once: one line under each.
        fill(form, device="", kind="", description="", date="soon", cost="free")
        await save(app, pilot)
        assert sorted(errors(form)) == ["cost", "date", "description", "device", "kind"]
        assert on_disk(context) == before
        await pilot.press("escape")  # cancel: nothing written either
        await pilot.pause()
        assert isinstance(app.screen, MaintenanceScreen)
    assert on_disk(context) == before


@sync
async def test_bad_field_message_in_mongolian(make_context: MakeContext) -> None:
    context = make_context(lang="mn", devices=1)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_maintenance(app, pilot)
        form = await open_form(app, pilot, "й")  # a on the Mongolian layout
        fill(form, device=DEVICE, kind="repair", description="Сэнс", cost="-1")
        await save(app, pilot)
        assert errors(form) == {
            "cost": "cost: '-1' нь бүхэл төгрөгийн дүн биш (45000, 45 000, 45,000, 45 000 ₮)"
        }
        assert "Хадгалсангүй" in str(form.query_one("#maint-form-message", Static).render())
    assert on_disk(context)[0] == b""


@sync
async def test_edit_and_close(make_context: MakeContext) -> None:
    context = make_context(devices=1)
    seed(context)
    layout = Layout(context.config.hub_dir)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_maintenance(app, pilot)
        form = await open_form(app, pilot, "e")  # the newest entry, number 3
        assert form.query_one("#field-description", Input).value == "Printer drum"
        assert form.query_one("#field-kind", Select).value == "repair"
        fill(form, cost="45000", parts="drum unit DR-2300")
        loads = screen.loads
        await save(app, pilot)
        while screen.loads == loads:
            await pilot.pause(0.05)
        assert maintenance.get_entry(layout, 3)["cost"] == 45000.0
        assert maintenance.get_entry(layout, 3)["parts"] == "drum unit DR-2300"
        await pilot.press("down")
        await open_form(app, pilot, "enter")  # Enter on a row edits it too
        await pilot.press("escape")
        await pilot.pause()
        loads = screen.loads
        await pilot.press("c")  # closes entry 2, under the cursor
        while screen.loads == loads:
            await pilot.pause(0.05)
        closed = maintenance.get_entry(layout, 2)
        assert closed["status"] == "closed" and "closed" in closed
        before = on_disk(context)
        await pilot.press("f9")  # already closed: said, not written again
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("Entry 2 is already closed" in n.message for n in app._notifications)
        assert on_disk(context) == before
    actions = [e["action"] for e in audit.entries(layout)][-2:]
    assert actions == ["maintenance.edit", "maintenance.edit"]
    assert audit.entries(layout)[-1]["who"] == "officer"


@sync
async def test_auditor_every_maintenance_write_key_is_refused(make_context: MakeContext) -> None:
    context = make_context(role="auditor", devices=1)
    seed(context)
    before = on_disk(context)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert not isinstance(app.screen, MaintenanceScreen)  # not the auditor's screen
        await app.push_screen(MaintenanceScreen(context))
        while not app.screen.loads:  # type: ignore[attr-defined]
            await pilot.pause(0.05)
        pressed = ["enter"]
        for key in WRITE_KEYS:
            pressed += keys_for(key).split(",")
        for name in pressed:
            app._notifications.clear()
            await pilot.press(name)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, MaintenanceScreen), name
            messages = [n.message for n in app._notifications]
            assert messages == ["Your role is read-only: this change is refused"], name
        # A form pushed past the screen refuses to save as well.
        form = MaintenanceForm(context, {DEVICE: "pc"})
        await app.push_screen(form)
        fill(form, device=DEVICE, kind="repair", description="x", date="2026-11-01")
        app._notifications.clear()
        await save(app, pilot)
        assert [n.message for n in app._notifications] == [
            "Your role is read-only: this change is refused"
        ]
    assert on_disk(context) == before


def test_help_lists_the_maintenance_keys(tmp_path: Path) -> None:
    from tui.screens.maintenance import MAINTENANCE_KEYS

    ids = [k.id for k in MAINTENANCE_KEYS]
    assert len(ids) == len(set(ids))
    letters = [k.letter for k in MAINTENANCE_KEYS]
    assert all(k.fkey for k in MAINTENANCE_KEYS) and len(letters) == len(set(letters))
    assert not {"o", "n", "g", "t", "h", "r", "q", "m", "b"} & set(letters)


def test_date_range_filter_includes_both_ends_by_prefix() -> None:
    days = ["2025-12-31", "2026-10-02", "2026-11-05", "2026-11-20"]

    def shown(text: str) -> list[str]:
        return [d for d in days if Filters(text=text).matches({"date": d}, (d,))]

    assert shown("2026-10..2026-11-05") == ["2026-10-02", "2026-11-05"]
    assert shown("2026-11..") == ["2026-11-05", "2026-11-20"]
    assert shown("..2025") == ["2025-12-31"]
    assert shown("2026..2026 11-20") == ["2026-11-20"]  # a range and a word together
    assert shown("2026-1..x") == []  # not a range: a word nothing contains


@sync
async def test_date_range_typed_in_the_filter(make_context: MakeContext) -> None:
    context = make_context(devices=1)
    seed(context)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_maintenance(app, pilot)
        await pilot.press("ctrl+f")
        for char in "2026-11..":
            await pilot.press(char)
        assert numbers(screen) == ["3", "2"]
