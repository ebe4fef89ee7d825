"""Pilot tests of the Devices screen, a device's page and the add/edit form."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from textual.pilot import Pilot
from textual.widgets import Input, Select, Sparkline, Static

from inventory.records import devices, maintenance
from inventory.store import audit
from inventory.store.history import Point
from inventory.store.layout import Layout
from inventory.views.device_page import averages
from inventory.views.devices import health_of
from tests.tui import devices_data
from tests.tui.conftest import NAMES, MakeContext
from tests.tui.devices_data import sync
from tui.app import SoumnetApp
from tui.context import Context
from tui.keys import keys_for
from tui.screens.confirm import ConfirmScreen
from tui.screens.device_form import DeviceForm
from tui.screens.device_page import PAGE_WRITE_KEYS, DevicePage
from tui.screens.devices import DEVICES_WRITE_KEYS, DevicesData, DevicesScreen
from tui.widgets.devices.devices_table import PAGE, InventoryTable
from tui.widgets.devices.facts import field_text
from tui.widgets.devices.rows import CAPS, build_rows, labels, matching
from tui.widgets.devices.widths import fit_widths


def text(app: SoumnetApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def names(app: SoumnetApp) -> list[str]:
    table = app.screen.query_one(InventoryTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def open_devices(app: SoumnetApp, pilot: Pilot[None], key: str = "d") -> DevicesScreen:
    await pilot.press(key)
    while not isinstance(app.screen, DevicesScreen) or not app.screen.loads:
        await pilot.pause(0.05)
    await pilot.pause()
    return app.screen


async def settle(app: SoumnetApp, pilot: Pilot[None]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def wait_loaded(app: SoumnetApp, pilot: Pilot[None], kind: type) -> None:
    while not isinstance(app.screen, kind) or not getattr(app.screen, "loads", 1):
        await pilot.pause(0.05)
    await pilot.pause()


def store_bytes(context: Context) -> dict[str, bytes]:
    """Every file of the hub's store, to show that a refused change wrote nothing."""
    root = Layout(context.config.hub_dir).store
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@sync
async def test_devices_reached_by_letter_twin_and_fkey(make_context: MakeContext) -> None:
    app = SoumnetApp(make_context(devices=5), ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("d", "o", "б", "o", "f11"):  # б is d on the Mongolian layout
            await pilot.press(key)
            await pilot.pause()
        screen = await open_devices(app, pilot, "f11")
        assert screen.query_one(InventoryTable).row_count == 5
        assert "5 of 5 devices · by Name ▲" in text(app, "#devices-status")
        assert screen.focused is screen.query_one(InventoryTable)  # letters stay keys


@sync
async def test_auditor_cannot_open_devices(make_context: MakeContext) -> None:
    app = SoumnetApp(make_context(role="auditor", devices=2), ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in ("d", "б", "f11"):
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, DevicesScreen), key


@sync
async def test_filter_as_you_type_in_both_scripts(make_context: MakeContext) -> None:
    app = SoumnetApp(make_context(devices=10), ansi=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_devices(app, pilot)
        await pilot.press("f")
        assert screen.focused is screen.query_one("#devices-filter", Input)
        await pilot.press(*"DARGA")
        assert names(app) == ["001-darga-pc", "006-darga-pc"]
        assert "2 of 10 devices" in text(app, "#devices-status")
        await pilot.press("escape")  # back to the table: letters are keys again
        assert screen.focused is screen.query_one(InventoryTable)
        await pilot.press("ctrl+f")
        screen.query_one("#devices-filter", Input).value = ""
        await pilot.press(*"нягтлан 05")  # Cyrillic, any case, every word must match
        assert names(app) == ["005-Нягтлан-PC"]
        await pilot.press(*"9")
        assert names(app) == []
        assert "0 of 10 devices" in text(app, "#devices-status")
        await pilot.press("enter")
        assert screen.focused is screen.query_one(InventoryTable)


@sync
async def test_sort_cycles_columns_and_reverses(make_context: MakeContext) -> None:
    context = make_context(devices=3)
    devices_data.hand_entered(context.config)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_devices(app, pilot)
        by_name = names(app)
        assert by_name == [
            "000-Нягтлан-PC",
            "001-darga-pc",
            "002-Бүртгэл-01",
            "?= printer-copy",  # flagged duplicates carry a mark
            "?= Принтер-Санхүү",
        ]
        assert "2 marked ?= may be duplicates" in text(app, "#devices-status")
        await pilot.press("u")
        assert names(app) == by_name[::-1]
        assert "by Name ▼" in text(app, "#devices-status")
        await pilot.press("ctrl+r", "s")  # back to ascending, then the next column: Status
        assert "by Status ▲" in text(app, "#devices-status")
        table = app.screen.query_one(InventoryTable)
        statuses = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert statuses == ["in repair", "in use", "in use", "in use", "spare"]
        await pilot.press("ctrl+o", "ctrl+o", "ctrl+o")  # health, last seen, type
        assert "by Type ▲" in text(app, "#devices-status")
        assert names(app)[:2] == ["?= printer-copy", "?= Принтер-Санхүү"]  # empty type last
        await pilot.press("s", "s", "s", "s")  # model, place, person, then round to Tag
        assert "by Tag ▲" in text(app, "#devices-status")
        assert names(app)[:2] == ["?= printer-copy", "?= Принтер-Санхүү"]  # A-0008 < ХӨ-0007


def many_records(count: int) -> list[dict[str, object]]:
    return [
        {"key": f"dev-{i:04d}", "name": f"{i:04d}-{NAMES[i % len(NAMES)]}", "location": "Төв"}
        for i in range(count)
    ]


@sync
async def test_a_keystroke_lays_out_one_page_of_five_thousand(make_context: MakeContext) -> None:
    rows = build_rows(many_records(5000), {}, "en")
    data = DevicesData(rows, fit_widths(labels("en"), (r.cells for r in rows), CAPS))
    app = SoumnetApp(make_context(devices=1), ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_devices(app, pilot)
        screen.fetch = lambda: data  # type: ignore[method-assign]  # the store's 5,000 rows
        loads = screen.loads
        await pilot.press("r")
        while screen.loads == loads:
            await pilot.pause(0.05)
        table = screen.query_one(InventoryTable)
        assert table.row_count == PAGE and table.total == 5000
        await pilot.press("f", "0", "1")
        assert table.row_count == PAGE  # never the 5,000 rows
        found = len(matching(rows, "01"))
        assert 1000 < found < 5000  # "01" in the number, or the name Бүртгэл-01
        assert f"{found} of 5000 devices" in text(app, "#devices-status")
        await pilot.press("9", "9")
        assert names(app) == ["0199-Ажилтан-Ү"]
        await pilot.press("backspace", "backspace", "escape")
        for _ in range(PAGE):
            await pilot.press("down")
        await pilot.pause()
        assert table.row_count == 2 * PAGE  # the next page, laid out at the end


@sync
async def test_device_page_shows_facts_health_interfaces_history_alerts(
    make_context: MakeContext,
) -> None:
    context = make_context(devices=3)
    config = context.config
    devices_data.health_history(config)
    devices_data.facts(config)
    devices_data.repair(config)
    devices_data.snmp_switch(config, up=False)
    devices_data.evaluate_alerts(config)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_devices(app, pilot)
        await pilot.press("enter")  # the first row: 000-Нягтлан-PC
        await wait_loaded(app, pilot, DevicePage)
        page = app.screen
        assert isinstance(page, DevicePage)
        facts = text(app, "#page-facts")
        assert "Record: dev-0000" in facts
        assert "Make: Dell" in facts and "Serial number: SN-3080-1" in facts
        assert "Windows 10 Pro 22H2 · Intel Core i5-10500 ×12 · 8.0 GB memory" in facts
        day = page.query_one("#spark-day-disk_percent", Sparkline).data
        month = page.query_one("#spark-month-disk_percent", Sparkline).data
        assert day is not None and 4 <= len(day) <= 5  # one report every 6 h
        assert month is not None and 30 <= len(month) <= 31
        assert "Disk %, 24 h (now 97)" in text(app, "#label-day-disk_percent")
        assert "Дэлгэц солив" in text(app, "#page-maintenance")
        assert "repair (open)" in text(app, "#page-maintenance")
        assert "disk" in text(app, "#page-alerts").lower()
        assert text(app, "#page-interfaces") == "No SNMP interfaces"
        for key in ("o", "d", "n"):  # the app's screen letters do not fire on the page
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is page, key
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DevicesScreen)
        # the switch's page: SNMP system group, interfaces and its down alert
        await pilot.press("f", *"core")
        await pilot.press("escape", "enter")
        await wait_loaded(app, pilot, DevicePage)
        assert "SNMP system: core-switch · TP-Link T1600G · up 12 days" in text(app, "#page-facts")
        interfaces = text(app, "#page-interfaces")
        assert "gi1: up · in 2.5 Mbit/s · out 120.0 kbit/s · errors 1" in interfaces
        assert "gi2: down" in interfaces
        assert "core-switch is down" in text(app, "#page-alerts")


@sync
async def test_device_page_updates_live(make_context: MakeContext) -> None:
    context = make_context(devices=1)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_devices(app, pilot)
        await pilot.press("enter")
        await wait_loaded(app, pilot, DevicePage)
        assert text(app, "#page-maintenance") == "No maintenance logged"
        devices_data.repair(context.config)
        loads = app.screen.loads  # type: ignore[attr-defined]
        while app.screen.loads == loads:  # type: ignore[attr-defined]
            await pilot.pause(0.1)  # the next poll, without a key pressed
        assert "Дэлгэц солив" in text(app, "#page-maintenance")


async def fill(pilot: Pilot[None], form: DeviceForm, values: dict[str, str]) -> None:
    for field, value in values.items():
        widget = form.query_one(f"#field-{field}")
        if isinstance(widget, Select):
            widget.value = value
        else:
            assert isinstance(widget, Input)
            widget.value = value
    await pilot.pause()


@sync
async def test_add_a_device_by_hand_is_audited(make_context: MakeContext) -> None:
    context = make_context(devices=2)
    layout = Layout(context.config.hub_dir)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_devices(app, pilot)
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, DeviceForm)
        await pilot.press(*"Сканнер-01")  # the name field has the focus
        await fill(
            pilot,
            form,
            {
                "asset_tag": "ХӨ-0101",
                "type": "scanner",
                "purchase_price": "450 000",
                "purchase_date": "2025-09-01",
                "location": "Бүртгэл",
            },
        )
        await pilot.press("f6")
        await wait_loaded(app, pilot, DevicesScreen)
        await settle(app, pilot)
        assert "?= " not in " ".join(names(app))
        assert "Сканнер-01" in names(app)
        assert any("Сканнер-01 added" in n.message for n in app._notifications)
    record = devices.get_device(layout, "asset:ХӨ-0101")
    assert record["purchase_price"] == 450000.0 and record["type"] == "scanner"
    assert set(record["manual"]) == {
        "name",
        "asset_tag",
        "type",
        "purchase_price",
        "purchase_date",
        "location",
        "status",
    }
    entry = audit.entries(layout)[-1]
    assert (entry["who"], entry["action"], entry["target"]) == (
        "officer",
        "device.add",
        "asset:ХӨ-0101",
    )


@sync
async def test_form_reads_values_as_the_command_line_does(make_context: MakeContext) -> None:
    """Thousands commas, dotted dates and a switch named by its name, as in the CLI; a value
    that could be read two ways or a switch that does not exist is one line under its field."""
    context = make_context(devices=2)
    layout = Layout(context.config.hub_dir)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_devices(app, pilot)
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, DeviceForm)
        values = {"name": "Нягтлан ПК", "asset_tag": "НС-007", "purchase_date": "2023.03.15"}
        await fill(pilot, form, {**values, "purchase_price": "3.5", "connected_to": "Гол свич"})
        before = store_bytes(context)
        await pilot.press("f6")
        await settle(app, pilot)
        assert app.screen is form
        errors = {
            str(w.id).removeprefix("error-"): str(w.render())
            for w in form.query(".dev-field-error")
            if str(w.render())
        }
        assert sorted(errors) == ["connected_to", "purchase_price"]
        assert errors["connected_to"] == "connected_to: no device Гол свич"
        assert store_bytes(context) == before
        await fill(pilot, form, {"purchase_price": "650,000", "connected_to": "001-darga-pc"})
        await pilot.press("f6")
        await wait_loaded(app, pilot, DevicesScreen)
        await settle(app, pilot)
    record = devices.get_device(layout, "asset:НС-007")
    assert (record["purchase_price"], record["purchase_date"], record["connected_to"]) == (
        650000,
        "2023-03-15",
        "dev-0001",
    )
    assert field_text("mn", "purchase_price", record["purchase_price"]) == "650 000"


@sync
async def test_bad_fields_each_get_one_message_and_nothing_is_written(
    make_context: MakeContext,
) -> None:
    context = make_context(devices=2)
    before = store_bytes(context)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_devices(app, pilot)
        await pilot.press("ctrl+n")
        form = app.screen
        assert isinstance(form, DeviceForm)
        await fill(
            pilot,
            form,
            {
                "purchase_date": "2025-02-30",
                "purchase_price": "-5",
                "ip": "10.0.0.300",
                "location": "Санхүү",
            },
        )
        await pilot.press("f6")
        await settle(app, pilot)
        assert app.screen is form  # the form stays, with what was typed
        errors = {
            str(w.id).removeprefix("error-"): str(w.render())
            for w in form.query(".dev-field-error")
            if str(w.render())
        }
        assert errors == {
            "name": "name: required",
            "purchase_date": "purchase_date: '2025-02-30' is not a date (2023-03-15 or 2023.03.15)",
            "purchase_price": "purchase_price: '-5' is not an amount in whole tögrög"
            " (45000, 45 000, 45,000, 45 000 ₮)",
            "ip": "ip: '10.0.0.300' is not an IP address",
        }
        assert "Nothing saved" in str(form.query_one("#form-status", Static).render())
        assert form.query_one("#field-location", Input).value == "Санхүү"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DevicesScreen)
    assert store_bytes(context) == before


@sync
async def test_a_taken_asset_tag_is_refused_by_the_records_module(
    make_context: MakeContext,
) -> None:
    context = make_context(devices=1)
    devices_data.hand_entered(context.config)
    before = store_bytes(context)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_devices(app, pilot)
        await pilot.press("a", *"copy")
        form = app.screen
        assert isinstance(form, DeviceForm)
        await fill(pilot, form, {"asset_tag": "ХӨ-0007"})
        await pilot.press("f6")
        await settle(app, pilot)
        error = str(form.query_one("#error-asset_tag", Static).render())
        assert error == "asset_tag: asset tag 'ХӨ-0007' is already used"
    assert store_bytes(context) == before


@sync
async def test_edit_marks_only_changed_fields_manual_and_is_audited(
    make_context: MakeContext,
) -> None:
    context = make_context(lang="mn", devices=2)
    layout = Layout(context.config.hub_dir)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(120, 40)) as pilot:  # wide enough to show the location
        await open_devices(app, pilot)
        await pilot.press("down", "у")  # e on the Mongolian layout
        form = app.screen
        assert isinstance(form, DeviceForm)
        assert form.query_one("#field-name", Input).value == "001-darga-pc"
        await pilot.press("f6")  # nothing changed: nothing written
        await pilot.pause()
        assert any(n.message == "Өөрчлөлт алга" for n in app._notifications)
        await fill(pilot, form, {"location": "Даргын өрөө", "status": "in_repair"})
        await pilot.press("f6")
        await wait_loaded(app, pilot, DevicesScreen)
        await settle(app, pilot)
        table = app.screen.query_one(InventoryTable)
        row = [str(c) for c in table.get_row_at(1)]
        assert row[1] == "001-darga-pc" and row[7] == "Даргын өрөө" and row[2] == "засварт"
    record = devices.get_device(layout, "dev-0001")
    assert record["manual"] == ["location", "status"]
    entry = audit.entries(layout)[-1]
    assert entry["action"] == "device.edit" and entry["who"] == "officer"
    assert entry["before"]["location"] is None and entry["after"]["location"] == "Даргын өрөө"


@sync
async def test_edit_from_the_device_page(make_context: MakeContext) -> None:
    context = make_context(devices=1)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_devices(app, pilot)
        await pilot.press("enter")
        await wait_loaded(app, pilot, DevicePage)
        await pilot.press("ctrl+e")
        form = app.screen
        assert isinstance(form, DeviceForm)
        await fill(pilot, form, {"assigned_to": "Болд"})
        await pilot.press("f6")
        await wait_loaded(app, pilot, DevicePage)
        loads = app.screen.loads  # type: ignore[attr-defined]
        while app.screen.loads == loads:  # type: ignore[attr-defined]
            await pilot.pause(0.05)
        assert "Assigned to *: Болд" in text(app, "#page-facts")


@sync
async def test_auditor_every_write_key_of_the_devices_screens_is_refused(
    make_context: MakeContext,
) -> None:
    """An auditor never reaches Devices; even pushed there, every write key refuses."""
    context = make_context(role="auditor", devices=2)
    before = store_bytes(context)
    refused = "Your role is read-only: this change is refused"
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(DevicesScreen(context))
        await wait_loaded(app, pilot, DevicesScreen)
        for key in DEVICES_WRITE_KEYS:
            for name in keys_for(key).split(","):
                app._notifications.clear()
                await pilot.press(name)
                await settle(app, pilot)
                assert isinstance(app.screen, DevicesScreen), name
                assert [n.message for n in app._notifications] == [refused], name
        await pilot.press("enter")
        await wait_loaded(app, pilot, DevicePage)
        for key in PAGE_WRITE_KEYS:
            for name in keys_for(key).split(","):
                app._notifications.clear()
                await pilot.press(name)
                await settle(app, pilot)
                assert isinstance(app.screen, DevicePage), name
                assert [n.message for n in app._notifications] == [refused], name
        # A form pushed past the keys still refuses to save.
        form = DeviceForm(context, None)
        await app.push_screen(form)
        await pilot.press(*"x")
        app._notifications.clear()
        await pilot.press("f6")
        await settle(app, pilot)
        assert [n.message for n in app._notifications] == [refused]
    assert store_bytes(context) == before


def test_rows_health_and_matching() -> None:
    latest = {
        "a": {"health": {"ts": "2026-03-01T10:00:00Z", "data": {"cpu": {"percent": 95}}}},
        "b": {"snmp": {"ts": "2026-03-01T10:00:00Z", "data": {"up": False}}},
        "c": {"health": {"ts": "2026-03-01T10:00:00Z", "data": {"disks": [{"percent": 20}]}}},
    }
    records = [
        {"key": "a", "name": "Нягтлан"},
        {"key": "b", "name": "switch", "location": "Серверийн өрөө"},
        {"key": "c", "name": "x", "aliases": ["d"]},
        {"key": "e", "name": "none"},
    ]
    assert [health_of(latest.get(r["key"], {})) for r in records] == ["busy", "down", "ok", "none"]
    rows = build_rows(records, latest, "mn")
    assert [r.key for r in matching(rows, "серверийн")] == ["b"]
    assert [r.key for r in matching(rows, "НЯГТ")] == ["a"]
    assert [r.key for r in matching(rows, "  ")] == [r.key for r in rows]
    assert dict((r.key, r.cells[3]) for r in rows)["b"] == "УНТАРСАН"


def test_sparkline_averages_per_hour_and_day() -> None:
    t = datetime(2026, 3, 1, 10, tzinfo=UTC)
    points = [
        Point(t, 10, 10, 10, 1),
        Point(t + timedelta(minutes=30), 30, 30, 30, 1),
        Point(t + timedelta(hours=2), 0, 5, 9, 3),  # an hourly roll-up of 3 samples
        Point(t + timedelta(days=1), 7, 7, 7, 1),
    ]
    assert averages(points, "hour") == [20.0, 5.0, 7.0]
    assert averages(points, "day") == [(10 + 30 + 15) / 5, 7.0]
    assert averages([], "day") == []


def test_devices_texts_are_in_both_languages() -> None:
    """Same placeholders in both languages; Mongolian texts with letters are Cyrillic."""
    from tui.messages import T
    from tui.texts.devices import TEXTS

    for key, (_en, mn) in TEXTS.items():
        en_names, mn_names = T.placeholders(key)
        assert en_names == mn_names, key
        words = re.sub(
            r"\{\w+\}|\b(?:[A-Z][\w/-]*|Wi-Fi|SNMP|snmp|IP|MAC|CPU|BIOS|UPS|F6|Escape|Ctrl|f|a|\?=)\b",
            "",
            mn,
        )
        if re.search(r"[a-z]{3,}", words):
            raise AssertionError(f"{key}: Latin words in the Mongolian text: {mn}")


@sync
async def test_a_record_that_is_gone_is_one_message(make_context: MakeContext) -> None:
    """A page or an edit for a key no longer in the records says so and crashes nothing."""
    context = make_context(devices=1)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_devices(app, pilot)
        await app.push_screen(DevicePage(context, "dev-9999"))
        await wait_loaded(app, pilot, DevicePage)
        assert text(app, "#page-title") == "Device dev-9999 is no longer in the records"
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DevicePage)
        assert [n.message for n in app._notifications][-1] == (
            "Device dev-9999 is no longer in the records"
        )


def test_validate_entry_requires_a_name_on_add_and_edit() -> None:
    _, problems = devices.validate_entry({"asset_tag": "A-1"}, new=True)
    assert [(p.field, str(p)) for p in problems] == [("name", "name: required")]
    _, problems = devices.validate_entry({"name": "  "}, new=False)  # an edit may not clear it
    assert [p.field for p in problems] == ["name"]
    clean, problems = devices.validate_entry({"location": "Төв"}, new=False)
    assert (clean, problems) == ({"location": "Төв"}, [])
    _, problems = devices.validate_entry({"name": "", "purchase_price": "x"}, new=True)
    assert [p.field for p in problems] == ["purchase_price", "name"]  # one per bad field


@sync
async def test_not_a_duplicate_from_the_device_page_is_confirmed_and_audited(
    make_context: MakeContext,
) -> None:
    context = make_context(devices=1)
    first, second = devices_data.hand_entered(context.config)
    layout = Layout(context.config.hub_dir)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(DevicePage(context, first))
        await wait_loaded(app, pilot, DevicePage)
        assert text(app, "#page-title") == "Принтер-Санхүү (ХӨ-0007)"
        assert "?= May be the same equipment as: printer-copy (A-0008)" in text(app, "#page-facts")
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no is the safe answer: nothing changes
        await settle(app, pilot)
        assert isinstance(app.screen, DevicePage)
        assert devices.get_device(layout, first)["duplicates"] == [second]
        page = app.screen
        loads = page.loads
        await pilot.press("ctrl+d", "y")
        while page.loads == loads:
            await pilot.pause(0.05)
        assert "?=" not in text(app, "#page-facts")
        done = "Принтер-Санхүү (ХӨ-0007): marked as not a duplicate"
        assert any(n.message == done for n in app._notifications)
        app._notifications.clear()
        await pilot.press("d")  # nothing left to dismiss: said, and no question asked
        await settle(app, pilot)
        assert isinstance(app.screen, DevicePage)
        assert [n.message for n in app._notifications] == [
            "This device is not marked as a possible duplicate"
        ]
    assert devices.get_device(layout, first)["duplicates"] == []
    assert devices.get_device(layout, second)["duplicates"] == []
    entry = audit.entries(layout)[-1]
    assert entry["action"] == "device.not_duplicate" and entry["who"] == context.user
    assert entry["target"] == first and entry["before"] == [second]


@sync
async def test_merge_from_the_device_page_is_confirmed_and_audited(
    make_context: MakeContext,
) -> None:
    """Issue 12 point 7: `m` on a device's page merges the record marked ?= into this one
    after a yes; no changes nothing; the merge is in the audit trail."""
    context = make_context(devices=1)
    first, second = devices_data.hand_entered(context.config)
    layout = Layout(context.config.hub_dir)
    maintenance.add_entry(
        layout,
        {"device": second, "date": "2026-03-02", "kind": "repair", "description": "Хор солив"},
        "officer",
    )
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(DevicePage(context, first))
        await wait_loaded(app, pilot, DevicePage)
        page = app.screen
        await pilot.press("m")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question.startswith(
            "Are Принтер-Санхүү (ХӨ-0007) and printer-copy (A-0008) the same device?"
        )
        await pilot.press("n")  # no: nothing changes
        await settle(app, pilot)
        assert app.screen is page and len(devices.list_devices(layout)) == 3
        loads = page.loads
        await pilot.press("f7", "y")
        while page.loads == loads:
            await pilot.pause(0.05)
        assert "?=" not in text(app, "#page-facts")
        assert "Хор солив" in text(app, "#page-maintenance")
        done = "printer-copy (A-0008) merged into Принтер-Санхүү (ХӨ-0007)"
        assert any(n.message == done for n in app._notifications)
    assert second not in {d["key"] for d in devices.list_devices(layout)}
    assert devices.get_device(layout, second)["key"] == first
    entry = audit.entries(layout)[-1]
    assert entry["action"] == "device.merge" and entry["who"] == context.user
    assert entry["target"] == first and entry["before"]["other"]["key"] == second


@sync
async def test_an_empty_store_says_so_instead_of_reading_forever(
    make_context: MakeContext,
) -> None:
    app = SoumnetApp(make_context(devices=0), ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_devices(app, pilot)
        assert text(app, "#devices-status").startswith("No device yet"), text(
            app, "#devices-status"
        )
