"""The Devices table fits the terminal: at PuTTY's 80 columns no word is cut at the edge
(the type read "Компьют"); a name longer than its column ends in "…", never silently."""

from __future__ import annotations

from rich.cells import cell_len
from textual.geometry import Region

from inventory.records import devices
from inventory.store.layout import Layout
from tests.tui.conftest import MakeContext
from tests.tui.test_devices import open_devices
from tests.tui.test_pilot import sync
from tui.app import SoumnetApp
from tui.context import Context
from tui.widgets.devices.devices_table import InventoryTable
from tui.widgets.devices.widths import fit_room

LONG_NAME = "Санхүүгийн-хэлтэс-PC-012"  # 24 cells: the name column's cap
LONG_TAG = "ХӨ-2024-0117"  # 12 cells: the tag column's cap


def test_fit_room_keeps_the_first_columns_whole_and_drops_what_does_not_fit() -> None:
    widths = (12, 24, 10, 10, 10, 11, 22, 18, 18)
    floors = (6, 12, None, None, None, None, 8, 8, 8)
    # 80 columns less a scrollbar: the name gives up cells so that the type fits whole
    fitted = fit_room(widths, floors, keep=6, room=78)
    assert fitted[2:6] == (10, 10, 10, 11)
    assert sum(w + 2 for w in fitted if w) <= 78
    assert fitted[6:] == (0, 0, 0)  # make/model, location, assigned: left out, not cut
    # wide enough: every column at its own width
    assert fit_room(widths, floors, keep=6, room=200) == widths
    # a later free-text column takes what is left when at least its floor fits
    fitted = fit_room(widths, floors, keep=6, room=130)
    assert fitted[:7] == widths[:7] and 8 <= fitted[7] < 18 and fitted[8] == 0
    assert sum(w + 2 for w in fitted if w) <= 130


def hand_entered(context: Context) -> None:
    layout = Layout(context.config.hub_dir)
    for fields in (
        {"name": LONG_NAME, "asset_tag": LONG_TAG, "type": "pc", "make": "Lenovo"},
        {"name": "Зөөврийн", "asset_tag": "A-2", "type": "laptop", "model": "ThinkPad E14"},
        {"name": "Хэвлэгч", "type": "printer", "location": "2 давхар, 204 тоот"},
    ):
        devices.add_device(layout, fields, "officer")


def table_lines(table: InventoryTable) -> list[str]:
    region = Region(0, 0, table.size.width, table.size.height)
    return [strip.text.rstrip() for strip in table.render_lines(region)]


@sync
async def test_the_table_fits_80_columns_without_cutting_a_word(
    make_context: MakeContext,
) -> None:
    context = make_context(lang="mn", devices=0)
    hand_entered(context)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_devices(app, pilot)
        table = screen.query_one(InventoryTable)
        lines = table_lines(table)
        header, rows = lines[0], [line for line in lines[1:] if line.strip()]
        assert header.split() == ["Дугаар", "Нэр", "Төлөв", "Байдал", "Сүүлд", "Төрөл"]
        assert all(cell_len(line) <= table.size.width for line in lines)
        pc = next(line for line in rows if "Санхүү" in line)
        assert "Компьютер" in pc.split()  # the type whole, the name shortened with "…"
        assert any(word.endswith("…") for word in pc.split()), pc
        laptop = next(line for line in rows if "Зөөврийн " in line)
        assert laptop.rstrip().endswith("Зөөврийн ПК"), laptop
        assert any("Принтер" in line for line in rows)
        assert table.virtual_size.width <= table.size.width  # nothing to scroll to


@sync
async def test_a_wider_terminal_shows_more_columns_whole(make_context: MakeContext) -> None:
    context = make_context(lang="en", devices=0)
    hand_entered(context)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_devices(app, pilot)
        table = screen.query_one(InventoryTable)
        lines = table_lines(table)
        assert "Make/model" in lines[0].split()
        assert any(LONG_NAME in line and LONG_TAG in line for line in lines)
        assert any("ThinkPad E14" in line for line in lines)
        assert all(cell_len(line) <= table.size.width for line in lines)
        assert table.virtual_size.width <= table.size.width
