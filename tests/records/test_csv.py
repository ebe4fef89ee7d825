"""Must show 2: CSV round trip (Cyrillic, commas, quotes, newlines, BOM); a broken file imports
nothing and names every bad row."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest

from agent.config import Config
from inventory import audit, csvio, devices
from inventory.layout import Layout
from tests.conftest import venv_command

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

    # re-importing the export into the same hub updates in place (keys given), adds nothing
    again = csvio.import_devices(layout, out, "officer")
    assert again.added == [] and sorted(again.updated) == sorted(
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
