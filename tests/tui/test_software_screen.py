"""The Software screen: opened by its key, a licence added with the keyboard alone at 80×24 is
stored, audited under the person and listed; a bad seat count is one line and writes nothing."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from inventory.risks import licences
from inventory.store import audit
from inventory.store.layout import Layout
from tests.tui.conftest import MakeContext
from tests.tui.test_pilot import sync
from tui.app import SoumnetApp
from tui.screens.licence_form import LicenceForm
from tui.screens.software import SoftwareScreen


async def open_software(app: SoumnetApp, pilot: Pilot[None]) -> SoftwareScreen:
    await pilot.press("ctrl+w")
    while not isinstance(app.screen, SoftwareScreen) or not app.screen.loads:
        await pilot.pause(0.05)
    await pilot.pause()
    return app.screen


async def type_form(pilot: Pilot[None], *values: str) -> None:
    for number, value in enumerate(values):
        if number:
            await pilot.press("tab")
        await pilot.press(*value)


@sync
async def test_licence_added_by_keyboard_is_stored_audited_and_listed(
    make_context: MakeContext,
) -> None:
    context = make_context(devices=1)
    layout = Layout(context.config.hub_dir)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_software(app, pilot)
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, LicenceForm)
        await type_form(pilot, "Office 2019", "office", "three")
        await pilot.press("f6")
        for _ in range(100):
            message = str(app.screen.query_one("#licence-form-message", Static).render())
            if "seats" in message.lower():
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, LicenceForm)
        assert licences.licences(layout) == []
        await pilot.press("end", *["backspace"] * 5, "3", "tab", *"2027.06.30")
        loads = screen.loads
        await pilot.press("f6")
        for _ in range(100):
            if app.screen is screen and screen.loads > loads:
                break
            await pilot.pause(0.05)
        else:
            raise AssertionError(app.screen.query_one("#licence-form-message", Static).render())
        await pilot.pause(0.2)
        table = screen.query_one("#sw-licences", DataTable)
        assert table.row_count == 1
        assert "Office 2019" in " ".join(str(cell) for cell in table.get_row_at(0))
    [saved] = licences.licences(layout)
    assert (saved.product, saved.match, saved.seats, str(saved.expires)) == (
        "Office 2019",
        "office",
        3,
        "2027-06-30",
    )
    last = audit.entries(layout)[-1]
    assert (last["who"], last["action"]) == ("officer", "licence.add")
