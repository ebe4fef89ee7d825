"""Must show 1 and 2 of the reports issue: every period in every format and both languages,
from a seeded month, read back as a reader's program reads it (pdftotext, openpyxl, csv).

The PDF pages are rendered to PNG (`pdftoppm`) into `build/test-artefacts/reports/`, kept
for a person to look at after each change of layout."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from foundation.document.model import group_thousands
from foundation.i18n import Lang
from inventory.reports import figures, periodreport
from inventory.reports.period import parse_period
from inventory.reports.perioddoc import document
from tests.conftest import ROOT, require_program, write_config
from tests.reports.seed import COST_TOTAL, NOW, seed
from tui.config import TuiConfig as Config
from tui.config import load

PERIODS = ("2026-11-20", "2026-11", "2026-Q4", "2026-H2", "2026")
ARTEFACTS = ROOT / "build" / "test-artefacts" / "reports"
OFFICE = (
    '[office]\nname = "Баян-Өндөр сумын ЗДТГ"\naimag = "Баянхонгор аймаг"\n'
    'soum = "Баян-Өндөр сум"\n'
    'prepared_by = { name = "Б. Болормаа", position = "Мэдээллийн технологийн мэргэжилтэн" }\n'
    'approved_by = { name = "Д. Ганбат", position = "Тамгын газрын дарга" }\n'
)
KEY = re.compile(r"\b(asset|snmp|host|probe|manual):")
LEFTOVERS = re.compile(r"\bnull\b|\bNone\b|\bnan\b|\bNaN\b|\[\]|\{'|\"\w+\": ")
NAMES = ("Бүртгэлийн ПК", "Үндсэн свич", "Принтер HP 402")


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Config]:
    config = load(write_config(tmp_path_factory.mktemp("office"), OFFICE))
    from inventory.store.layout import Layout

    Layout(config.hub_dir).init()
    with pytest.MonkeyPatch.context() as patch:
        seed(config, patch)
    yield config


def _clean(text: str, where: str) -> None:
    assert not KEY.search(text), f"{where}: a device key: {KEY.search(text)}"
    assert not LEFTOVERS.search(text), f"{where}: {LEFTOVERS.search(text)}"


def _pdf_text(pdf: Path) -> str:
    done = subprocess.run(
        [require_program("pdftotext"), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.mark.parametrize("lang", ["mn", "en"])
@pytest.mark.parametrize("text", PERIODS)
def test_every_period_in_every_format(office: Config, text: str, lang: Lang) -> None:
    period = parse_period(text)
    data = figures.build(office, period, NOW)
    doc = document(data, lang)
    headings = [s.title for s in doc.sections]
    month_or_longer = period.kind != "day"
    cost = group_thousands(data.work_cost)
    assert data.work_cost == (COST_TOTAL if month_or_longer else 0)
    names = NAMES if month_or_longer else NAMES[1:]
    ongoing = next(i for i in data.incidents if i.ongoing)
    ongoing_hours = f"{ongoing.minutes / 60:.1f}"
    ongoing_word = "үргэлжилж байна" if lang == "mn" else "ongoing"
    uplink = data.services[0]
    measured = "хоногийн" if lang == "mn" else "% of"
    if period.kind == "day":
        measured = "өдрийн" if lang == "mn" else "of the day"
    elif uplink.share < 0.1:
        measured = "20 хоног" if lang == "mn" else "20 days"
    signed = ("Б. Болормаа", "Мэдээллийн технологийн мэргэжилтэн", "Д. Ганбат")
    roles = ("Бэлтгэсэн", "Баталсан") if lang == "mn" else ("Prepared by", "Approved by")

    # PDF, as a reader's program extracts it
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTEFACTS / periodreport.file_name(period, "pdf", lang)
    pdf.write_bytes(periodreport.make(office, period, "pdf", lang, NOW))
    text_of_pdf = _pdf_text(pdf)
    pages = text_of_pdf.count("\f") or 1
    for n in range(1, pages + 1):
        assert f"{n}/{pages}" in text_of_pdf, f"page number {n}/{pages}"
    for png in ARTEFACTS.glob(f"{pdf.stem}-*.png"):
        png.unlink()
    subprocess.run(
        [require_program("pdftoppm"), "-r", "60", "-png", str(pdf), str(ARTEFACTS / pdf.stem)],
        check=True,
    )
    assert len(list(ARTEFACTS.glob(f"{pdf.stem}-*.png"))) == pages
    flat = " ".join(text_of_pdf.split())  # table cells wrap; words stay in order
    html = periodreport.make(office, period, "html", lang, NOW).decode()
    plain = periodreport.make(office, period, "text", lang, NOW).decode()
    # pdftotext writes every Unicode space as an ASCII one: the PDF holds the narrow one
    flat = flat.replace(cost.replace("\u202f", " "), cost)
    for where, body in (("pdf", flat), ("html", html), ("text", plain)):
        for heading in headings:
            assert heading in body, f"{where}: heading {heading!r}"
        assert period.words(lang) in body and "Баянхонгор аймаг" in body
        assert cost in body, f"{where}: the cost total"
        for name in names:
            assert name in body, f"{where}: {name}"
        assert measured in body, f"{where}: the measured share"
        assert ongoing_word in body and ongoing_hours in body, f"{where}: ongoing incident"
        for line in (*signed, *roles):
            assert line in body, f"{where}: signature {line!r}"
        _clean(body, where)

    # CSV, as a spreadsheet program reads it
    raw = periodreport.make(office, period, "csv", lang, NOW)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    cells = [c for row in rows for c in row]
    for heading in headings:
        assert heading in cells, f"csv: heading {heading!r}"
    assert str(data.work_cost) in cells, "csv: the cost total as an integer"
    cost_title = "Зардал, ₮" if lang == "mn" else "Cost, ₮"
    assert cost_title in cells, "csv: labelled columns in the report's language"
    _clean("\n".join(",".join(r) for r in rows), "csv")

    # XLSX, read back as a spreadsheet
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(periodreport.make(office, period, "xlsx", lang, NOW)))
    values = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    words = [v for v in values if isinstance(v, str)]
    for heading in headings:
        assert heading in words or heading[:31] in book.sheetnames, f"xlsx: {heading!r}"
    assert data.work_cost in values, "xlsx: the cost total is a number"
    assert cost_title in words
    _clean("\n".join(words), "xlsx")

    # JSON keeps the keys (it is for programs) and its figures agree
    figures_json = json.loads(periodreport.make(office, period, "json", lang, NOW))
    assert figures_json["work_cost"] == (COST_TOTAL if month_or_longer else 0)
