"""Every form filled with the keyboard alone, as over PuTTY: the first field has the focus,
Tab and Shift+Tab walk the fields in order (no invisible stop), Enter opens a list and picks."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget

from inventory.records import devices, maintenance
from inventory.store.layout import Layout
from tests.tui.conftest import MakeContext
from tests.tui.test_maintenance import DEVICE, open_maintenance, seed
from tests.tui.test_pilot import sync
from tui.app import SoumnetApp
from tui.screens.device_form import DeviceForm
from tui.screens.devices import DevicesScreen
from tui.screens.maintenance_form import MaintenanceForm


def focused_id(app: App[None]) -> str | None:
    widget: Widget | None = app.screen.focused
    return widget.id if widget is not None else None


async def walk(pilot: Pilot[None], key: str, steps: int) -> list[str | None]:
    seen = []
    for _ in range(steps):
        await pilot.press(key)
        await pilot.pause()
        seen.append(focused_id(pilot.app))
    return seen


async def assert_focus_order(pilot: Pilot[None], fields: tuple[str, ...]) -> None:
    """The first field has the focus; Tab goes through every field and back to the first,
    Shift+Tab the other way round."""
    ids = [f"field-{name}" for name in fields]
    assert focused_id(pilot.app) == ids[0]
    assert await walk(pilot, "tab", len(ids)) == [*ids[1:], ids[0]]
    assert await walk(pilot, "shift+tab", len(ids)) == [*reversed(ids)]


async def open_device_form(app: SoumnetApp, pilot: Pilot[None], key: str) -> DeviceForm:
    await pilot.press("d")
    while not isinstance(app.screen, DevicesScreen) or not app.screen.loads:
        await pilot.pause(0.05)
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, DeviceForm), key
    return app.screen


@sync
async def test_maintenance_form_focus_order_on_add_and_edit(make_context: MakeContext) -> None:
    context = make_context(devices=1)
    seed(context)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_maintenance(app, pilot)
        for key in ("a", "e"):  # a new entry, and the selected one
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, MaintenanceForm), key
            await assert_focus_order(pilot, maintenance.FIELDS)
            await pilot.press("escape")
            await pilot.pause()


@sync
async def test_device_form_focus_order_on_add_and_edit(make_context: MakeContext) -> None:
    app = SoumnetApp(make_context(devices=2), ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("a", "e"):
            await open_device_form(app, pilot, key)
            await assert_focus_order(pilot, devices.FIELDS)
            await pilot.press("escape")
            await pilot.pause()


@sync
async def test_screens_tab_between_their_filter_and_table(make_context: MakeContext) -> None:
    app = SoumnetApp(make_context(devices=2), ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        for screen_key, start, other in (
            ("d", "devices-table", "devices-filter"),
            ("m", "maint-table", "maint-search"),
        ):
            await pilot.press(screen_key)
            await pilot.pause()
            assert focused_id(app) == start, screen_key
            assert await walk(pilot, "tab", 2) == [other, start], screen_key
            assert await walk(pilot, "shift+tab", 2) == [other, start], screen_key


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)


@sync
async def test_a_maintenance_entry_typed_with_keys_alone_is_stored(
    make_context: MakeContext,
) -> None:
    context = make_context(lang="mn", devices=1)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_maintenance(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, MaintenanceForm)
        await type_text(pilot, DEVICE)
        await pilot.press("tab", "tab")  # the date keeps today's, the kind is a list:
        await pilot.press("enter", "down", "enter")  # open it, the first kind, pick it
        await pilot.press("tab")
        await type_text(pilot, "Принтерийн хор солив")
        await pilot.press("tab")
        await type_text(pilot, "хор")
        await pilot.press("tab")
        await type_text(pilot, "45000")
        await pilot.press("tab")
        await type_text(pilot, "20")
        await pilot.press("f6")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, MaintenanceForm)
    [entry] = maintenance.list_entries(Layout(context.config.hub_dir))
    assert entry["device"] == DEVICE
    assert entry["kind"] == maintenance.KINDS[0]
    assert entry["description"] == "Принтерийн хор солив"
    assert entry["parts"] == "хор"
    assert entry["cost"] == 45000
    assert entry["minutes"] == 20
    assert entry["done_by"] == "officer"
