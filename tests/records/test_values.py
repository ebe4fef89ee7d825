"""A person's values are read as they meant them, or refused with one line naming the field and
the forms it takes: money, dates, the words of types, statuses and kinds, device references.
The same rule holds on every way in (the records module here, the command line below, the CSV
import in test_csv.py, the TUI forms in tests/tui)."""

from __future__ import annotations

import json
import subprocess

import pytest

from inventory.records import devices, maintenance
from inventory.store.layout import Layout
from tests.conftest import venv_command
from tui.config import TuiConfig as Config


@pytest.mark.parametrize(
    "text",
    [
        "45000",
        "45 000",
        "45,000",
        "45 000 ₮",
        "45000₮",
        "45\u00a0000",  # no-break space, as Excel and Word write it
        "45\u2009000",  # thin space
        "45\u202f000 ₮",  # narrow no-break space
        "45 000 төг",
        "45,000.00",  # Excel's number format with two decimals: a zero decimal part is exact
        "45000.0",
    ],
)
def test_money_forms(text: str) -> None:
    clean, problems = devices.validate({"purchase_price": text})
    assert problems == []
    assert clean["purchase_price"] == 45000 and isinstance(clean["purchase_price"], int)


def test_thousands_with_comma_are_thousands() -> None:
    for text, value in (("3,500", 3500), ("650,000", 650000), ("2,450,000", 2450000)):
        clean, problems = devices.validate({"purchase_price": text})
        assert problems == [] and clean["purchase_price"] == value, text


@pytest.mark.parametrize(
    "text",
    ["3.5", "45 000.50", "3,5", "3.500", "45,00,0", "1,2345", "-5000", "free", "45 000 $", "4 5"],
)
def test_money_that_is_not_whole_tugrug_is_refused(text: str) -> None:
    _clean, problems = devices.validate({"purchase_price": text})
    (problem,) = problems
    assert problem.field == "purchase_price"
    en = problem.text("en")
    assert en.startswith(f"purchase_price: '{text}'") and "45 000 ₮" in en, en
    assert "төгрөг" in problem.text("mn")


def test_maintenance_cost_and_minutes_follow_the_same_rule(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    key = devices.add_device(layout, {"name": "Принтер"}, "bolor")
    entry = maintenance.add_entry(
        layout,
        {"device": key, "date": "2023.03.15", "kind": "засвар", "description": "Бөмбөр"}
        | {"cost": "45,000", "minutes": "1 200"},
        "bolor",
    )
    assert (entry["cost"], entry["minutes"], entry["date"], entry["kind"]) == (
        45000,
        1200,
        "2023-03-15",
        "repair",
    )
    with pytest.raises(maintenance.InvalidEntry) as caught:
        maintenance.edit_entry(layout, entry["number"], {"cost": "3.5", "minutes": "1.5"}, "b")
    assert sorted(p.field for p in caught.value.problems) == ["cost", "minutes"]
    assert maintenance.get_entry(layout, entry["number"])["cost"] == 45000


@pytest.mark.parametrize("text", ["2023-03-15", "2023.03.15", " 2023.3.15 "])
def test_date_forms(text: str) -> None:
    clean, problems = devices.validate({"purchase_date": text, "warranty_end": text})
    assert problems == [] and clean["purchase_date"] == clean["warranty_end"] == "2023-03-15"


@pytest.mark.parametrize("text", ["15.03.2023", "03/15/2023", "2023-02-30", "2023.13.01", "soon"])
def test_dates_that_are_not_one_day_are_refused(text: str) -> None:
    _clean, (problem,) = devices.validate({"purchase_date": text})
    assert problem.field == "purchase_date"
    assert "2023-03-15" in problem.text("en") and "2023.03.15" in problem.text("en")
    assert "огноо" in problem.text("mn")


def test_types_statuses_and_kinds_take_the_words_the_tui_shows(hub: Config) -> None:
    for given, field, code in (
        ("Принтер", "type", "printer"),
        ("принтер", "type", "printer"),
        ("printer", "type", "printer"),
        ("Wi-Fi point", "type", "access_point"),
        ("Тог баригч", "type", "ups"),
        ("ашиглалтад", "status", "in_use"),
        ("in use", "status", "in_use"),
        ("in_repair", "status", "in_repair"),
    ):
        clean, problems = devices.validate({field: given})
        assert problems == [] and clean[field] == code, given
    layout = Layout(hub.hub_dir)
    key = devices.add_device(layout, {"name": "ПК"}, "bolor")
    base = {"device": key, "date": "2026-11-10", "description": "x"}
    for given, code in (
        ("засвар", "repair"),
        ("user support", "user_support"),
        ("доголдол", "incident"),
    ):
        assert maintenance.add_entry(layout, {**base, "kind": given}, "b")["kind"] == code
    entry = maintenance.add_entry(layout, {**base, "kind": "repair", "status": "хаагдсан"}, "b")
    assert entry["status"] == "closed"


def test_a_wrong_word_lists_the_words_of_the_language() -> None:
    _clean, (problem,) = devices.validate({"type": "toaster"})
    assert "Принтер" in problem.text("mn") and "Свич" in problem.text("mn")
    assert "printer" in problem.text("en") and "Принтер" not in problem.text("en")


def test_one_word_for_each_kind_everywhere() -> None:
    """The TUI's form, its device page and the reports take their words from one table."""
    from inventory.records import values
    from inventory.records_messages import T as RECORDS
    from tui.messages import T as TUI

    mn = [values.word("mn", "kind", kind) for kind in maintenance.KINDS]
    assert len(set(mn)) == len(mn)
    for catalog in (RECORDS.messages, TUI.messages):
        for key, (_en, text) in catalog.items():
            if not key.startswith("word."):
                assert text not in ("хэрэглэгчийн туслалцаа", "осол саатал"), key
    assert not [k for k in TUI.messages if ".kind." in k or k.startswith("devices.type.")]


def _two_printers(layout: Layout) -> tuple[str, str, str]:
    a = devices.add_device(layout, {"name": "Принтер", "asset_tag": "НС-007"}, "b")
    b = devices.add_device(layout, {"name": "Принтер", "asset_tag": "НС-008"}, "b")
    switch = devices.add_device(layout, {"name": "Үндсэн свич", "type": "switch"}, "b")
    return a, b, switch


def test_a_device_is_named_by_key_asset_tag_or_unique_name(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    a, _b, switch = _two_printers(layout)
    assert a == "asset:НС-007"
    for ref in ("asset:НС-007", "НС-007", "нс-007"):
        assert devices.resolve_device(layout, ref)["key"] == a, ref
    assert devices.resolve_device(layout, " үндсэн свич ")["key"] == switch
    with pytest.raises(devices.AmbiguousDevice) as caught:
        devices.resolve_device(layout, "Принтер")
    assert "asset:НС-007" in caught.value.text("en") and "asset:НС-008" in caught.value.text("en")
    with pytest.raises(devices.UnknownDevice):
        devices.resolve_device(layout, "Сканнер")


def test_connected_to_must_name_a_device(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    a, _b, switch = _two_printers(layout)
    devices.edit_device(layout, "НС-007", {"connected_to": "Үндсэн свич"}, "b")
    assert devices.get_device(layout, a)["connected_to"] == switch
    before = layout.devices.read_bytes()
    for ref in ("Гол свич", "Принтер"):
        with pytest.raises(devices.InvalidDevice) as caught:
            devices.edit_device(layout, a, {"connected_to": ref}, "b")
        assert [p.field for p in caught.value.problems] == ["connected_to"]
    with pytest.raises(devices.InvalidDevice):
        devices.add_device(layout, {"name": "ПК", "connected_to": "Гол свич"}, "b")
    assert layout.devices.read_bytes() == before


def _hub(cli_env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [venv_command("soumnet-hub"), *args],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=60,
    )


def test_command_line_reads_values_and_device_references(
    hub: Config, cli_env: dict[str, str]
) -> None:
    layout = Layout(hub.hub_dir)
    added = _hub(cli_env, "devices", "add", "name=Үндсэн свич", "type=Свич")
    assert added.returncode == 0, added.stderr
    added = _hub(
        cli_env,
        "devices",
        "add",
        "name=Нягтлан ПК",
        "asset_tag=НС-007",
        "type=Компьютер",
        "status=ашиглалтад",
        "purchase_price=650,000",
        "purchase_date=2023.03.15",
        "connected_to=Үндсэн свич",
    )
    assert added.returncode == 0, added.stderr
    doc = devices.get_device(layout, "asset:НС-007")
    assert (doc["purchase_price"], doc["purchase_date"], doc["type"], doc["status"]) == (
        650000,
        "2023-03-15",
        "pc",
        "in_use",
    )
    assert doc["connected_to"] == devices.resolve_device(layout, "Үндсэн свич")["key"]
    done = _hub(cli_env, "maintenance", "add", "device=НС-007", "date=2023.03.16")
    assert done.returncode != 0
    done = _hub(
        cli_env,
        "maintenance",
        "add",
        "device=НС-007",
        "date=2023.03.16",
        "kind=засвар",
        "description=Сэнс солив",
        "cost=45,000",
    )
    assert done.returncode == 0, done.stderr
    listed = json.loads(
        _hub(cli_env, "maintenance", "list", "--device", "Нягтлан ПК", "--json").stdout
    )
    assert [(e["device"], e["cost"], e["kind"]) for e in listed] == [
        ("asset:НС-007", 45000, "repair")
    ]
    assert _hub(cli_env, "devices", "edit", "Нягтлан ПК", "location=Санхүү").returncode == 0
    assert devices.get_device(layout, "asset:НС-007")["location"] == "Санхүү"
    before = layout.devices.read_bytes()
    for args in (
        ("devices", "edit", "НС-007", "connected_to=Гол свич"),
        ("devices", "edit", "НС-007", "purchase_price=3.5"),
        ("devices", "edit", "НС-007", "Санхүү"),
        ("maintenance", "add", "device=НС-009", "date=2023-03-15", "kind=repair", "description=x"),
    ):
        done = _hub({**cli_env, "SOUMNET_LANG": "mn"}, *args)
        lines = done.stderr.strip().splitlines()
        assert done.returncode != 0 and len(lines) == 1, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert layout.devices.read_bytes() == before
    done = _hub({**cli_env, "SOUMNET_LANG": "mn"}, "devices", "edit", "НС-007", "Санхүү")
    assert "FIELD=VALUE хэлбэртэй" in done.stderr, "the line is in the user's language"
