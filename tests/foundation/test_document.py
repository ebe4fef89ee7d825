"""Every renderer of foundation.document, used as its readers do: the PDF read back with
pdftotext and looked at as PNG pages, HTML as a browser gets it, CSV with the csv module as
Excel opens it, XLSX with openpyxl."""

from __future__ import annotations

import csv
import io
import logging
import re
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from PIL import Image

from foundation.document.charts import BAR, chart_svg
from foundation.document.csvfile import cell
from foundation.document.fonts import NoFont, dejavu_sans
from foundation.document.model import (
    THOUSANDS,
    Chart,
    Column,
    Document,
    Fact,
    Facts,
    Paragraph,
    Section,
    Signature,
    Table,
)
from foundation.document.render import CONTENT_TYPE, FORMATS, SUFFIX, render
from foundation.document.xlsx import _SheetNames
from foundation.i18n import Lang
from tests.conftest import ROOT, require_program

ARTEFACTS = ROOT / "build" / "test-artefacts" / "document"
OFFICE = ZoneInfo("Asia/Ulaanbaatar")
ROWS = 60

WORDS = {
    "mn": {
        "title": "Тайлан: мэдээллийн технологийн хүртээмж",
        "period": "2026 оны 11 дүгээр сар",
        "org": ("Увс аймаг", "Наранбулаг сум", "Засаг даргын Тамгын газар"),
        "made": "Бэлтгэсэн 2026-12-03 14:05",
        "devices": "Төхөөрөмж",
        "name": "Нэр",
        "availability": "Хүртээмж",
        "hours": "Цаг",
        "cost": "Зардал, ₮",
        "seen": "Сүүлд харагдсан",
        "total": "Нийт",
        "work": "Засвар үйлчилгээ",
        "facts": "Ерөнхий",
        "count": "Төхөөрөмжийн тоо",
        "since": "Эхэлсэн",
        "warning": "Нөөц хуулбарын шалгалт амжилтгүй боллоо",
        "note": "Энэ тайланг сар бүр гаргана.",
        "chart_a": "Өдрийн хүртээмж",
        "chart_w": "Ажлын цаг, төрлөөр",
        "prepared": "Бэлтгэсэн",
        "approved": "Баталсан",
        "it": "МТ-ийн мэргэжилтэн",
        "head": "Тамгын газрын дарга",
        "empty": "Бүртгэл алга",
        "none": "Хоосон хүснэгт",
    },
    "en": {
        "title": "Report: IT availability",
        "period": "November 2026",
        "org": ("Uvs aimag", "Naranbulag soum", "Governor's Office"),
        "made": "Made 2026-12-03 14:05",
        "devices": "Devices",
        "name": "Name",
        "availability": "Availability",
        "hours": "Hours",
        "cost": "Cost, MNT",
        "seen": "Last seen",
        "total": "Total",
        "work": "Maintenance",
        "facts": "Overview",
        "count": "Devices",
        "since": "Since",
        "warning": "The backup check failed",
        "note": "This report is made every month.",
        "chart_a": "Availability per day",
        "chart_w": "Hours of work by kind",
        "prepared": "Prepared by",
        "approved": "Approved by",
        "it": "IT officer",
        "head": "Head of the office",
        "empty": "No entries",
        "none": "Empty table",
    },
}
LONG_NAME = "ПК-01 нягтлан бодогчийн компьютер, санхүүгийн алба, хоёрдугаар давхар, 204 тоот"
AVAILABILITY = tuple(97.0 + (d % 4) for d in range(30))
NAMES = ("Бат-Эрдэнэ", "Сарангэрэл", "Отгонбаяр", "Наранцэцэг", "<script>alert(1)</script>")


def sample(lang: Lang) -> Document:
    w = WORDS[lang]
    seen = datetime(2026, 11, 30, 9, 41, tzinfo=OFFICE)
    rows = tuple(
        (
            f"{NAMES[i % len(NAMES)]} {i + 1:02d}" if i else LONG_NAME,
            99.5 - i * 0.25,
            1.5 * (i % 7),
            1250000 if i == 0 else (None if i == 3 else 15000 * i),
            None if i == 5 else seen,
        )
        for i in range(ROWS)
    )
    devices = Table(
        columns=(
            Column(w["name"], "text", 3),
            Column(w["availability"], "percent", 1.2),
            Column(w["hours"], "hours", 1),
            Column(w["cost"], "money", 1.3),
            Column(w["seen"], "datetime", 1.7),
        ),
        rows=rows,
        total=(w["total"], "", sum(r[2] for r in rows), sum(r[3] or 0 for r in rows), ""),
    )
    work = Table(
        columns=(Column(w["name"], "text", 2), Column(w["since"], "date", 1)),
        rows=((NAMES[0], date(2026, 11, 2)), (NAMES[4], date(2026, 11, 28))),
        title=w["work"],
    )
    days = tuple(f"11-{d:02d}" for d in range(1, 31))
    return Document(
        lang=lang,
        title=w["title"],
        subtitle=w["period"],
        organisation=w["org"],
        made=w["made"],
        sections=(
            Section(
                w["facts"],
                (
                    Facts((Fact(w["count"], 60, "int"), Fact(w["since"], date(2026, 11, 1)))),
                    Paragraph(w["warning"], emphasis=True),
                    Paragraph(w["note"]),
                    Chart(w["chart_a"], days, AVAILABILITY, "%", "line", 100),
                ),
            ),
            Section(w["devices"], (devices,), sheet=w["devices"] + " / [2026-11]: *?"),
            Section(
                w["work"],
                (
                    work,
                    Table((Column(w["name"]),), (), title=w["none"], empty=w["empty"]),
                    Chart(w["chart_w"], ("Принтер", "Сүлжээ", "ПК"), (12.5, 3.0, 7.5), "h"),
                ),
            ),
        ),
        signatures=(
            Signature(w["prepared"], "Б. Болд", w["it"]),
            Signature(w["approved"], "Д. Дорж", w["head"]),
        ),
        metadata={"author": w["org"][2], "subject": w["period"]},
    )


@pytest.fixture(scope="module", params=["mn", "en"])
def lang(request: pytest.FixtureRequest) -> Lang:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def doc(lang: Lang) -> Document:
    return sample(lang)


@dataclass(frozen=True)
class Printed:
    pages: list[str]
    """pdftotext's text of each page."""
    raw: bytes
    info: str
    logged: list[str]
    """What fpdf2 warned of while drawing (an SVG part it could not draw)."""
    pngs: list[Path]
    rasters: list[str]
    """pdfimages' list of bitmap images: none, the charts are vector."""


@pytest.fixture(scope="module")
def printed(doc: Document, lang: Lang, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """One PDF per language, read back as its reader sees it. It is read in a folder of its
    own (two test processes may make the same one); the PDF and its pages as PNG are then
    copied to build/test-artefacts/document/ to be looked at."""
    pdftotext, pdftoppm, pdfinfo, pdfimages = (
        require_program(p) for p in ("pdftotext", "pdftoppm", "pdfinfo", "pdfimages")
    )
    logged: list[str] = []
    handler = _Collect(logged)
    fpdf_logger = logging.getLogger("fpdf")
    fpdf_logger.addHandler(handler)
    try:
        raw = render(doc, "pdf")
    finally:
        fpdf_logger.removeHandler(handler)
    path = tmp_path_factory.mktemp("pdf") / f"report-{lang}.pdf"
    path.write_bytes(raw)
    subprocess.run([pdftoppm, "-r", "50", "-png", str(path), str(path.with_suffix(""))], check=True)
    text = subprocess.run([pdftotext, "-layout", str(path), "-"], check=True, capture_output=True)
    info = subprocess.run([pdfinfo, str(path)], check=True, capture_output=True, text=True)
    images = subprocess.run([pdfimages, "-list", str(path)], check=True, capture_output=True)
    pages = text.stdout.decode("utf-8").split("\f")
    pngs = sorted(path.parent.glob(f"{path.stem}-*.png"))
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTEFACTS.glob(f"{path.stem}-*.png"):
        old.unlink(missing_ok=True)
    for made in (path, *pngs):
        shutil.copyfile(made, ARTEFACTS / made.name)
    rasters = images.stdout.decode("utf-8").splitlines()[2:]
    return Printed([p for p in pages if p.strip()], raw, info.stdout, logged, pngs, rasters)


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.DEBUG)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.into.append(record.getMessage())


def _no_missing_values(text: str) -> None:
    found = re.findall(r"\b(?:None|null|nan|NaN)\b|\[\]", text)
    assert not found, found


def test_formats_are_all_rendered() -> None:
    assert set(FORMATS) == {"text", "html", "pdf", "csv", "xlsx"}
    assert set(SUFFIX) == set(CONTENT_TYPE) == set(FORMATS)
    with pytest.raises(ValueError, match="docx"):
        render(sample("en"), "docx")


def test_pdf_has_the_title_block_sections_and_signatures(printed: Printed, doc: Document) -> None:
    first = printed.pages[0]
    for line in (*doc.organisation, doc.title, doc.subtitle, doc.made):
        assert line in first
    whole = "\n".join(printed.pages)
    for section in doc.sections:
        assert section.title in whole
    assert "ПК-01 нягтлан" in whole and "204 тоот" in whole  # wrapped in its cell, not cut
    for sig in doc.signatures:
        line = next(x for x in whole.splitlines() if f"{sig.role}:" in x)
        assert "____" in line and sig.name in line and sig.position in line
    _no_missing_values(whole)
    assert WORDS[doc.lang]["empty"] in whole


def test_pdf_numbers_keep_their_narrow_spaces(printed: Printed) -> None:
    """The PDF maps the glyph to U+202F; pdftotext writes that (as every Unicode space) as
    an ASCII space, so the reader's text is `1 250 000`, never `1250000` or `1,250,000`."""
    whole = "\n".join(printed.pages)
    assert "1 250 000" in whole
    assert "27 755 000" in whole  # the total row
    assert "99.5 %" in whole and "2026-11-30 09:41" in whole
    assert "1250000" not in whole and "1,250,000" not in whole


def test_pdf_pages_are_numbered_and_headed(printed: Printed, doc: Document) -> None:
    count = len(printed.pages)
    assert count >= 2, "the 60-row table spans pages"
    assert f"Pages:           {count}" in printed.info
    columns = doc.sections[1].blocks[0]
    assert isinstance(columns, Table)
    seen = columns.columns[-1].title
    for number, page in enumerate(printed.pages, start=1):
        lines = [x.strip() for x in page.splitlines() if x.strip()]
        assert lines[-1] == f"{number}/{count}"
        if number > 1:
            assert lines[0] == doc.title  # the short title heads every later page
    table_pages = [p for p in printed.pages if "1 250 000" in p or "Бат-Эрдэнэ 56" in p]
    assert len(table_pages) == 2 and all(seen in p for p in table_pages)


def test_pdf_metadata_fonts_and_pictures(printed: Printed, doc: Document) -> None:
    assert f"Title:           {doc.title}" in printed.info
    assert f"Author:          {doc.metadata['author']}" in printed.info
    assert f"Subject:         {doc.subtitle}" in printed.info
    assert "CreationDate:" in printed.info
    assert b"/Lang (" + doc.lang.encode() + b")" in printed.raw
    assert b"+DejaVuSansBold" in printed.raw  # headings, the total row, the emphasis
    assert printed.logged == []  # fpdf2 drew every part of the charts' SVG
    assert printed.rasters == []
    assert len(printed.pngs) == len(printed.pages)
    assert all(p.stat().st_size > 2000 for p in printed.pngs)


def test_a_heading_is_never_last_on_a_page(tmp_path: Path) -> None:
    """Tables of every length that ends near the bottom of page 1: the next section's heading
    moves to page 2 with its content, never left alone under the table."""
    pdftotext = require_program("pdftotext")
    for count in range(33, 39):
        rows = tuple((f"Row {i}", i) for i in range(count))
        doc = Document(
            "en",
            "Heading test",
            sections=(
                Section("First", (Table((Column("Name"), Column("N", "int")), rows),)),
                Section("Second", (Paragraph("Content of the second section."),)),
            ),
        )
        path = tmp_path / f"{count}.pdf"
        path.write_bytes(render(doc, "pdf"))
        done = subprocess.run([pdftotext, str(path), "-"], check=True, capture_output=True)
        for page in done.stdout.decode("utf-8").split("\f"):
            lines = [x.strip() for x in page.splitlines() if x.strip()]
            if "Second" in lines:
                assert "Content of the second section." in lines, count


def test_pdf_numbers_dates_and_words_do_not_break_in_narrow_columns(tmp_path: Path) -> None:
    """Nine columns, the numbers' ones given almost no width by the builder: they are widened
    until `1 250 000` and `2026-11-03` stay whole, and the texts then lose no word."""
    pdftotext = require_program("pdftotext")
    columns = (
        Column("Огноо", "date", 0.3),
        *(Column(f"Текст {i}", width=2) for i in range(6)),
        Column("Цаг", "hours", 0.2),
        Column("Зардал, ₮", "money", 0.2),
    )
    row = (date(2026, 11, 3), *(["хэрэглэгчийн дэмжлэг"] * 6), 12.5, 1250000)
    table = Table(columns, (row,) * 3)
    path = tmp_path / "narrow.pdf"
    path.write_bytes(render(Document("mn", "x", sections=(Section("s", (table,)),)), "pdf"))
    done = subprocess.run([pdftotext, "-layout", str(path), "-"], check=True, capture_output=True)
    lines = done.stdout.decode("utf-8").splitlines()
    values = [x for x in lines if "2026-11-03" in x]
    assert len(values) == 3 and all("1 250 000" in x and "12.5" in x for x in values)
    assert not any(x.strip().startswith(("эгчийн", "лэг")) for x in lines)


def test_pdf_chart_is_drawn(tmp_path: Path) -> None:
    """The chart's bars are on the page, in their colour: fpdf2 drew matplotlib's paths."""
    pdftoppm = require_program("pdftoppm")
    chart = Chart("Bars", ("a", "b", "c"), (1.0, 2.0, 3.0), "h")
    path = tmp_path / "chart.pdf"
    path.write_bytes(render(Document("en", "x", sections=(Section("s", (chart,)),)), "pdf"))
    subprocess.run([pdftoppm, "-r", "50", "-png", str(path), str(tmp_path / "chart")], check=True)
    with Image.open(tmp_path / "chart-1.png") as page:
        colours = page.convert("RGB").getcolors(1 << 24) or []
    bar = tuple(int(BAR[i : i + 2], 16) for i in (1, 3, 5))
    near = sum(
        n for n, rgb in colours if all(abs(a - b) < 12 for a, b in zip(rgb, bar, strict=True))
    )
    assert near > 2000, near


def test_a_missing_font_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(NoFont) as caught:
        dejavu_sans([tmp_path])
    assert str(tmp_path) in caught.value.text("en")
    assert "fonts-dejavu-core" in caught.value.text("mn")
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"")
    with pytest.raises(NoFont):
        dejavu_sans([tmp_path])  # no bold face: a broken install, not a PDF without bold


def test_html_is_escaped_and_complete(doc: Document) -> None:
    page = render(doc, "html").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert f'<html lang="{doc.lang}">' in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; 05" in page
    assert page.count("<thead>") == 2 and page.count("<tfoot>") == 1
    assert f'<td class="num">1{THOUSANDS}250{THOUSANDS}000</td>' in page
    assert '<td class="num">99.5 %</td>' in page
    assert page.count("<svg ") == 2 and "<metadata" not in page
    assert f'<p class="emphasis">{WORDS[doc.lang]["warning"]}</p>' in page
    for sig in doc.signatures:
        assert f'<span class="role">{sig.role}:</span>' in page
        assert f"{sig.name}, {sig.position}" in page
    assert "@page" in page and "table-header-group" in page
    text_only = page.split("<svg ")[0] + page.split("</svg>")[-1]
    _no_missing_values(text_only)


def test_csv_opens_in_excel_with_numbers(doc: Document) -> None:
    data = render(doc, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r[0] for r in rows[:5]] == [*doc.organisation, doc.title, doc.subtitle]
    w = WORDS[doc.lang]
    head = rows.index([w["name"], w["availability"], w["hours"], w["cost"], w["seen"]])
    assert rows[head - 1] == [w["devices"]]
    assert rows[head + 1] == [LONG_NAME, "99.5", "0.0", "1250000", "2026-11-30 09:41"]
    assert rows[head + 4][3] == ""  # no cost: an empty cell
    assert rows[head + 6][4] == ""  # never seen
    assert rows[head + ROWS + 1] == [w["total"], "", "261.0", "27755000", ""]
    assert rows[head + ROWS + 2] == []
    assert [w["count"], "60"] in rows and [w["since"], "2026-11-01"] in rows
    chart = rows.index([w["chart_a"], "%"])
    assert rows[chart + 1] == ["11-01", "97.0"] and len(rows[chart + 30]) == 2
    assert rows[-2:] == [[s.role, s.name, s.position] for s in doc.signatures]
    empty = rows.index([w["none"]])
    assert rows[empty + 1 : empty + 4] == [[w["name"]], [w["empty"]], []]
    _no_missing_values(data.decode("utf-8"))


def test_csv_never_hands_excel_a_formula() -> None:
    assert cell("=HYPERLINK(1)", "text") == "'=HYPERLINK(1)"
    assert cell("@SUM(A1)", "text") == "'@SUM(A1)"
    assert cell(-5, "int") == -5 and cell(2.25, "percent") == "2.2"
    assert cell(None, "money") == "" and cell(float("nan"), "hours") == ""


def test_xlsx_sheets_numbers_formats_and_charts(doc: Document) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render(doc, "xlsx")))
    w = WORDS[doc.lang]
    cover_name = "Тайлан" if doc.lang == "mn" else "Report"
    assert book.sheetnames == [cover_name, w["facts"], f"{w['devices']} 2026-11", w["work"]]
    cover = book[cover_name]
    cover_text = [c.value for row in cover.iter_rows() for c in row if c.value]
    assert doc.title in cover_text and doc.made in cover_text
    assert f"{doc.signatures[0].role}:" in cover_text
    assert f"{doc.signatures[1].name}, {doc.signatures[1].position}" in cover_text

    sheet = book[f"{w['devices']} 2026-11"]
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref == f"A3:E{3 + ROWS}"
    head = [c.value for c in sheet[3]]
    assert head == [w["name"], w["availability"], w["hours"], w["cost"], w["seen"]]
    assert all(c.font.bold and c.fill.fgColor.rgb.endswith("DEE4EC") for c in sheet[3])
    first = sheet[4]
    assert first[0].value == LONG_NAME
    assert first[1].value == pytest.approx(0.995) and first[1].number_format == "0.0%"
    assert first[2].value == 0 and first[2].number_format == "0.0"
    assert first[3].value == 1250000 and first[3].number_format == "#,##0"
    assert first[4].value == datetime(2026, 11, 30, 9, 41)
    assert first[4].number_format == "yyyy-mm-dd hh:mm"
    assert sheet.cell(7, 4).value is None and sheet.cell(9, 5).value is None
    total = sheet[4 + ROWS]
    assert total[0].value == w["total"] and total[3].value == 27755000
    assert all(c.font.bold and c.border.top.style == "thin" for c in total)
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["C"].width

    facts = book[w["facts"]]
    assert [facts["A3"].value, facts["B3"].value] == [w["count"], 60]
    assert facts["B4"].value == datetime(2026, 11, 1) and facts["B4"].number_format == "yyyy-mm-dd"
    assert len(facts._charts) == 1 and len(book[w["work"]]._charts) == 1
    work = book[w["work"]]
    empty = next(r for r in range(1, 20) if work.cell(r, 1).value == w["none"])
    assert work.cell(empty + 1, 1).value == w["name"] and work.cell(empty + 1, 1).font.bold
    assert work.cell(empty + 2, 1).value == w["empty"]
    series = facts._charts[0].series[0]
    chart_head = next(r for r in range(1, 20) if facts.cell(r, 1).value == w["chart_a"])
    values = f"{w['facts']}!$B${chart_head + 1}:$B${chart_head + 30}"
    assert series.val.numRef.f == values
    assert facts.cell(chart_head + 1, 2).value == AVAILABILITY[0]
    assert book.properties.title == doc.title
    assert book.properties.creator == doc.metadata["author"]


def test_sheet_names_follow_excels_rules() -> None:
    names = _SheetNames()
    long = "Засвар үйлчилгээний бүртгэл, 2026 оны 11 сар"
    assert names.unique(long) == long[:31].rstrip()
    assert names.unique(long) == long[:27].rstrip() + " (2)"
    assert names.unique("a/b\\c[d]:e*f?") == "abcdef"
    assert names.unique("ABCDEF") == "ABCDEF (2)"
    assert names.unique("'?'", 4) == "4"


def test_chart_svg_is_clean_and_readable() -> None:
    chart = Chart("t", tuple(f"2026-11-{d:02d}" for d in range(1, 32)), (50.0,) * 31, "%")
    svg = chart_svg(chart)
    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    assert "<metadata" not in svg and "font-family: 'DejaVu Sans'" in svg  # the PDF's font
    assert svg == chart_svg(chart)  # the same chart is the same bytes
    shown = [label for label in chart.labels if f">{label}</text>" in svg]
    assert 8 <= len(shown) <= 16 and shown[0] == "2026-11-01"
    assert 'width="481.889764pt"' in svg  # 170 mm
    gaps = (float("nan"), 40.0, float("nan"), 60.0)
    for style in ("bar", "line"):  # nothing measured: a gap, not a zero, and no warning
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert chart_svg(Chart("t", tuple("abcd"), gaps, "%", style)).startswith("<svg ")
    names = tuple(f"Нягтлангийн принтер {i}" for i in range(25))
    turned = chart_svg(Chart("t", names, (1.0,) * 25, "h"))
    assert ">Нягтланг…нтер 24</text>" in turned and "rotate(-35 " in turned


def test_text_shows_a_dash_for_no_value(doc: Document) -> None:
    text = render(doc, "text").decode("utf-8")
    assert "1 250 000" in text.replace(THOUSANDS, " ")
    _no_missing_values(text)
