"""Must show 2: CSV round trip (Cyrillic, commas, quotes, newlines, BOM); a broken file imports
nothing and names every bad row."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest

from inventory.records import csvio, devices
from inventory.store import audit
from inventory.store.layout import Layout
from tests.conftest import venv_command
from tui.config import TuiConfig as Config

TRICKY = {
    "name": "Нягтлан бодогчийн ПК",
    "asset_tag": "СУМ-001",
    "type": "pc",
    "make": 'Dell "OptiPlex"',
    "model": "7010, SFF",
    "serial": "ABC123",
    "macs": "AA-BB-CC-DD-EE-01 aa:bb:cc:dd:ee:02",
    "ip": "192.168.1.20",
    "location": "Тамгын газар, 2-р өрөө",
    "assigned_to": "Б. Болормаа",
    "department": "Санхүү",
    "purchase_date": "2021-03-15",
    "purchase_price": "1 850 000",
    "warranty_end": "2024-03-15",
    "status": "in_use",
    "notes": 'мөр 1\nline 2, with comma; "quoted"',
}


def test_round_trip_keeps_every_field(hub: Config, tmp_path: Path) -> None:
    layout = Layout(hub.hub_dir)
    key = devices.add_device(layout, TRICKY, "officer")
    devices.add_device(layout, {"name": "Принтер", "type": "printer"}, "officer")
    out = tmp_path / "devices.csv"
    assert csvio.export_devices(layout, out) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    mine = next(r for r in rows if r["key"] == key)
    assert mine["notes"] == TRICKY["notes"]
    assert mine["location"] == TRICKY["location"]
    assert mine["make"] == TRICKY["make"]
    assert mine["macs"] == "aa:bb:cc:dd:ee:01 aa:bb:cc:dd:ee:02"
    assert mine["purchase_price"] == "1850000"

    # import into a fresh hub: the same records come back
    other = Layout(tmp_path / "other-hub")
    other.init()
    result = csvio.import_devices(other, _without_keys(out, tmp_path), "officer")
    assert len(result.added) == 2
    before = {d["name"]: devices.editable(d) for d in devices.list_devices(layout)}
    after = {d["name"]: devices.editable(d) for d in devices.list_devices(other)}
    assert before == after
    assert after[TRICKY["name"]]["macs"] == ["aa:bb:cc:dd:ee:01", "aa:bb:cc:dd:ee:02"]
    assert after[TRICKY["name"]]["purchase_price"] == 1850000.0
    assert [e["action"] for e in audit.entries(other)] == ["device.import_add"] * 2

    # re-importing the export into the same hub matches in place (keys given), adds nothing
    again = csvio.import_devices(layout, out, "officer")
    assert again.added == again.updated == [] and sorted(again.unchanged) == sorted(
        d["key"] for d in devices.list_devices(layout)
    )
    assert len(devices.list_devices(layout)) == 2


def _without_keys(path: Path, folder: Path) -> Path:
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(["key" if row is rows[0] else "", *row[1:]])
    target = folder / "nokeys.csv"
    target.write_bytes(out.getvalue().encode("utf-8-sig"))
    return target


def test_import_without_bom_and_with_a_subset_of_columns(hub: Config, tmp_path: Path) -> None:
    layout = Layout(hub.hub_dir)
    path = tmp_path / "plain.csv"
    path.write_text('name,type,location\n"Сканнер, Canon",scanner,"Өрөө ""3"""\n', "utf-8")
    csvio.import_devices(layout, path, "officer")
    (doc,) = devices.list_devices(layout)
    assert doc["name"] == "Сканнер, Canon" and doc["location"] == 'Өрөө "3"'
    assert doc["manual"] == ["location", "name", "type"]


BROKEN = (
    "\ufeffname,type,purchase_date,macs,purchase_price,status,asset_tag\n"
    "Good PC,pc,2020-01-01,,100,in_use,T-1\n"  # row 2: fine
    "Bad type,toaster,2020-01-01,,,in_use,\n"  # row 3: unknown type
    '"Two\nlines",pc,2020-13-45,zz:zz,-5,,\n'  # row 4: date, mac, price
    "Short row,pc\n"  # row 5: cells missing
    "Same tag,pc,,,,,T-1\n"  # row 6: asset tag used twice
    "Good too,laptop,,,,spare,T-2\n"  # row 7: fine
)


def test_broken_file_imports_nothing_and_names_every_bad_row(hub: Config, tmp_path: Path) -> None:
    layout = Layout(hub.hub_dir)
    devices.add_device(layout, {"name": "Existing"}, "officer")
    stored_before = layout.devices.read_bytes()
    path = tmp_path / "broken.csv"
    path.write_bytes(BROKEN.encode("utf-8"))
    with pytest.raises(csvio.BadRows) as caught:
        csvio.import_devices(layout, path, "officer")
    bad = {r.row: r for r in caught.value.rows}
    assert sorted(bad) == [3, 4, 5, 6]
    fields_4 = {getattr(p, "field", None) for p in bad[4].problems}
    assert fields_4 == {"purchase_date", "macs", "purchase_price"}
    text_en, text_mn = caught.value.text("en"), caught.value.text("mn")
    assert "row 3" in text_en and "toaster" in text_en and "row 6" in text_en
    assert "3-р мөр" in text_mn and "юу ч оруулаагүй" in text_mn
    assert layout.devices.read_bytes() == stored_before, "nothing was imported"
    assert len(audit.entries(layout)) == 1


def test_not_csv_at_all(hub: Config, tmp_path: Path) -> None:
    layout = Layout(hub.hub_dir)
    path = tmp_path / "latin1.csv"
    path.write_bytes("name\nCafé\n".encode("latin-1"))
    with pytest.raises(csvio.BadCsv):
        csvio.import_devices(layout, path, "officer")
    path.write_text("colour,size\nred,1\n", "utf-8")
    with pytest.raises(csvio.BadCsv, match="colour"):
        csvio.import_devices(layout, path, "officer")
    assert devices.list_devices(layout) == []


def test_command_line_import_reports_one_line_and_exit_status(
    hub: Config, cli_env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(BROKEN.encode("utf-8"))
    done = subprocess.run(
        [venv_command("soumnet-hub"), "devices", "import", str(path)],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=60,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "4 bad rows" in lines[0] and "row 5" in lines[0]
    good = tmp_path / "good.csv"
    good.write_text("name,type\nРоутер,router\n", "utf-8")
    env = {**cli_env, "SOUMNET_LANG": "mn"}
    done = subprocess.run(
        [venv_command("soumnet-hub"), "devices", "import", str(good)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "1 төхөөрөмж орууллаа" in done.stdout
    assert [d["name"] for d in devices.list_devices(Layout(hub.hub_dir))] == ["Роутер"]


EXCEL_ROWS = [
    ["name", "asset_tag", "type", "status", "purchase_price", "purchase_date", "connected_to"],
    ["Үндсэн свич", "НС-001", "Свич", "ашиглалтад", "2,450,000", "2021.03.15", ""],
    ["Нягтлан ПК", "НС-007", "Компьютер", "ашиглалтад", "3,500", "2023-03-15", "НС-001"],
    ["Принтер", "НС-008", "Принтер", "нөөцөд", "650 000 ₮", "", "Үндсэн свич"],
    ["Сканнер", "", "Сканнер", "", "", "", "asset:НС-001"],  # the key the switch will get
]


def _csv_bytes(rows: list[list[str]], encoding: str, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def test_values_as_excel_writes_them_are_read_as_meant(hub: Config, tmp_path: Path) -> None:
    """Money with thousands commas, dotted dates, the TUI's words, devices named by tag or by
    a name of the same file."""
    layout = Layout(hub.hub_dir)
    path = tmp_path / "excel.csv"
    path.write_bytes(_csv_bytes(EXCEL_ROWS, "utf-8-sig"))
    result = csvio.import_devices(layout, path, "officer")
    assert len(result.added) == 4 and (result.encoding, result.separator) == ("UTF-8", ",")
    docs = {d.get("asset_tag") or d["name"]: d for d in devices.list_devices(layout)}
    assert docs["НС-001"]["purchase_price"] == 2450000
    assert docs["НС-001"]["purchase_date"] == "2021-03-15"
    assert docs["НС-007"]["purchase_price"] == 3500
    assert docs["НС-008"]["purchase_price"] == 650000
    assert (docs["НС-001"]["type"], docs["НС-008"]["status"]) == ("switch", "spare")
    switch = docs["НС-001"]["key"]
    assert docs["НС-007"]["connected_to"] == docs["НС-008"]["connected_to"] == switch
    assert docs["Сканнер"]["connected_to"] == switch
    assert "connected_to" not in docs["НС-001"], "an empty cell adds no null field"


def test_a_value_that_cannot_be_meant_one_way_is_refused(hub: Config, tmp_path: Path) -> None:
    layout = Layout(hub.hub_dir)
    path = tmp_path / "bad.csv"
    rows = [["name", "purchase_price", "connected_to"], ["ПК", "3.5", ""], ["ПК2", "", "Гол свич"]]
    path.write_bytes(_csv_bytes(rows, "utf-8"))
    with pytest.raises(csvio.BadRows) as caught:
        csvio.import_devices(layout, path, "officer")
    assert sorted(r.row for r in caught.value.rows) == [2, 3]
    assert "'3.5'" in caught.value.text("en") and "Гол свич" in caught.value.text("en")
    assert devices.list_devices(layout) == []


def test_semicolon_separated_file_is_read(hub: Config, tmp_path: Path) -> None:
    layout = Layout(hub.hub_dir)
    path = tmp_path / "semicolon.csv"
    path.write_bytes(_csv_bytes(EXCEL_ROWS, "utf-8-sig", delimiter=";"))
    result = csvio.import_devices(layout, path, "officer")
    assert len(result.added) == 4 and result.separator == ";"
    assert {d["name"] for d in devices.list_devices(layout)} == {r[0] for r in EXCEL_ROWS[1:]}


def test_unknown_columns_name_the_separator_found(hub: Config, tmp_path: Path) -> None:
    layout = Layout(hub.hub_dir)
    path = tmp_path / "tabs.csv"
    path.write_bytes("name|type\nПК|pc\n".encode())
    with pytest.raises(csvio.BadCsv) as caught:
        csvio.import_devices(layout, path, "officer")
    assert "name|type" in caught.value.text("en") and "','" in caught.value.text("en")
    assert "тусгаарлагч" in caught.value.text("mn")


def test_windows_1251_file_is_read_and_named(
    hub: Config, cli_env: dict[str, str], tmp_path: Path
) -> None:
    """Excel's "CSV (comma delimited)" on a Cyrillic Windows: Windows-1251, often with ';'.
    Windows-1251 has no Ө or Ү, so the rows here use only the letters it has."""
    layout = Layout(hub.hub_dir)
    rows = [
        ["name", "type", "location", "purchase_price"],
        ["Нягтлан бодогчийн ПК", "Компьютер", "Тамгын газар, 2 давхар", "1 850 000"],
        ["Сканнер", "Сканнер", "Тамгын газар", "450,000"],
    ]
    path = tmp_path / "cp1251.csv"
    path.write_bytes(_csv_bytes(rows, "cp1251", delimiter=";"))
    done = subprocess.run(
        [venv_command("soumnet-hub"), "devices", "import", str(path)],
        capture_output=True,
        text=True,
        env={**cli_env, "SOUMNET_LANG": "mn"},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Windows-1251" in done.stdout and "';'" in done.stdout
    docs = {d["name"]: d for d in devices.list_devices(layout)}
    assert docs["Нягтлан бодогчийн ПК"]["location"] == "Тамгын газар, 2 давхар"
    assert docs["Сканнер"]["purchase_price"] == 450000


def test_windows_1251_that_lost_letters_is_refused_with_how_to_save(
    hub: Config, tmp_path: Path
) -> None:
    """Excel writes '?' for the Ө and Ү that Windows-1251 lacks: reading it would store wrong
    names, so the line says how to save the file as UTF-8."""
    layout = Layout(hub.hub_dir)
    path = tmp_path / "lost.csv"
    text = "name;location\r\nНягтлан ПК;Санх??гийн алба\r\nПринтер;?р?? 3\r\n"
    path.write_bytes(text.encode("cp1251"))
    with pytest.raises(csvio.BadCsv) as caught:
        csvio.import_devices(layout, path, "officer")
    assert "CSV UTF-8" in caught.value.text("en") and "rows 2, 3" in caught.value.text("en")
    assert "CSV UTF-8" in caught.value.text("mn")
    assert devices.list_devices(layout) == []


def test_reimporting_an_unchanged_export_changes_nothing(hub: Config, tmp_path: Path) -> None:
    layout = Layout(hub.hub_dir)
    devices.add_device(layout, TRICKY, "officer")
    key = devices.add_device(layout, {"name": "Принтер", "type": "printer"}, "officer")
    out = tmp_path / "devices.csv"
    csvio.export_devices(layout, out)
    stored = layout.devices.read_bytes()
    trail = len(audit.entries(layout))
    result = csvio.import_devices(layout, out, "officer")
    assert result.added == [] and result.updated == [] and len(result.unchanged) == 2
    assert layout.devices.read_bytes() == stored, "no manual growth, no null fields added"
    assert len(audit.entries(layout)) == trail

    # one changed cell marks only that field as set by a person
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    header = rows[0]
    for row in rows[1:]:
        if row[0] == key:
            row[header.index("location")] = "Бүртгэл"
    out.write_bytes(_csv_bytes(rows, "utf-8-sig"))
    result = csvio.import_devices(layout, out, "officer")
    assert result.updated == [key] and len(result.unchanged) == 1
    doc = devices.get_device(layout, key)
    assert doc["manual"] == ["location", "name", "type"] and doc["location"] == "Бүртгэл"
    assert "notes" not in doc
    (entry,) = audit.entries(layout)[trail:]
    assert entry["action"] == "device.import_edit" and entry["target"] == key
