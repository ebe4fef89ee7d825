"""Must show 4: a month's report renders in mn and en; the PDF's text (pdftotext) holds the
expected Cyrillic words and figures."""

from __future__ import annotations

import itertools
import json
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from foundation.wire import Report
from inventory.records import alerts, devices, maintenance
from inventory.reports import periodreport
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.conftest import require_program, venv_command
from tui.config import TuiConfig as Config

_ids = itertools.count()
NOV = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)


def rep(kind: str, device: str, ts: datetime, data: dict[str, Any]) -> Report:
    return Report(f"p-{next(_ids)}", "agent-1", kind, device, ts, data)


def feed(layout: Layout, reports: list[Report]) -> None:
    devices.apply_reports(layout, reports)
    Store(layout).apply(reports)


@pytest.fixture
def month(hub: Config) -> Layout:
    layout = Layout(hub.hub_dir)
    # one round in October must not count for November
    feed(layout, [rep("outage", "probe:uplink", NOV - timedelta(days=10), {"state": "lan_down"})])
    for i in range(10):
        ts = NOV + timedelta(hours=i)
        state = "internet_down" if i in (3, 4) else "ok"
        feed(layout, [rep("outage", "probe:uplink", ts, {"state": state})])
        alerts.evaluate(layout, hub.alerts, ts)
    for i in range(4):
        up = i != 2
        data = {"up": up, "name": "Свич-1", "status": "up" if up else "down"}
        feed(layout, [rep("snmp", "snmp:10.0.0.2", NOV + timedelta(days=i), data)])
    printer = {
        "up": True,
        "name": "Принтер HP",
        "printer": {
            "supplies": [{"index": 1, "descr": "Хар хор", "level": 7, "max_capacity": 100}]
        },
    }
    feed(layout, [rep("snmp", "snmp:10.0.0.9", NOV, printer)])
    created = "2026-01-15T10:00:00+00:00"
    feed(layout, [rep("backup", "host:hub", NOV, {"label": "personnel-2025", "created": created})])
    key = devices.add_device(layout, {"name": "Нярав ПК", "type": "pc"}, "bolor")
    for day, kind, minutes, cost, text in (
        (5, "repair", 90, 45000, "Тэжээлийн блок солив"),
        (12, "user_support", 30, 0, "Принтер тохируулав"),
    ):
        maintenance.add_entry(
            layout,
            {
                "device": key,
                "date": date(2026, 11, day).isoformat(),
                "kind": kind,
                "minutes": minutes,
                "cost": cost,
                "description": text,
            },
            "bolor",
        )
    maintenance.add_entry(
        layout,
        {"device": key, "date": "2026-12-01", "kind": "repair", "description": "December"},
        "bolor",
    )
    return layout


def test_periods_parse() -> None:
    p = periodreport.parse_period
    assert (p("2026-11").start, p("2026-11").end) == (date(2026, 11, 1), date(2026, 12, 1))
    assert (p("2026-12").start, p("2026-12").end) == (date(2026, 12, 1), date(2027, 1, 1))
    assert (p("2026-Q3").start, p("2026-Q3").end) == (date(2026, 7, 1), date(2026, 10, 1))
    assert (p("2026-H2").start, p("2026-H2").end) == (date(2026, 7, 1), date(2027, 1, 1))
    assert (p("2026").start, p("2026").end) == (date(2026, 1, 1), date(2027, 1, 1))
    for bad in ("2026-13", "2026-Q5", "26-11", "November"):
        with pytest.raises(periodreport.BadPeriod):
            p(bad)


def test_month_figures(month: Layout) -> None:
    data = periodreport.build(month, periodreport.parse_period("2026-11"), "Баян-Өндөр сум")
    assert data.uplink is not None and (data.uplink.up, data.uplink.samples) == (8, 10)
    (switch,) = [a for a in data.availability if a.key == "snmp:10.0.0.2"]
    assert switch.percent == 75.0
    assert [i["rule"] for i in data.incidents] == ["internet_down"]
    assert data.incidents[0]["minutes"] == 120
    assert data.minutes_total == 120 and len(data.maintenance) == 2
    assert data.supplies == [{"device": "Принтер HP", "supply": "Хар хор", "percent": 7}]
    assert data.backups[0]["label"] == "personnel-2025"
    json.dumps(periodreport.to_json(data))


def test_text_in_both_languages(month: Layout) -> None:
    data = periodreport.build(month, periodreport.parse_period("2026-11"), "Баян-Өндөр сум")
    en = periodreport.render_text(data, "en")
    mn = periodreport.render_text(data, "mn")
    assert "Internet uplink: 80.0 %" in en and "Maintenance work: 2 entries, 2.0 hours" in en
    assert "Интернэт холболт: 80.0 %" in mn and "Засвар үйлчилгээ: 2 бичлэг, 2.0 цаг" in mn
    assert "засвар: 1, 1.5 цаг, зардал 45 000" in mn
    assert "интернэт холболт тасарсан" in mn
    assert "(2.0 цаг)" in mn and " h)" not in mn  # the incident's duration
    assert "(2.0 h)" in en
    html = periodreport.render_html(data, "mn")
    assert "<h2>Доголдол: 1</h2>" in html
    assert periodreport.render_csv(data, "en").startswith("\ufeffsection,")


@pytest.mark.parametrize("lang", ["mn", "en"])
def test_pdf_text_has_cyrillic_words_and_figures(
    month: Layout, cli_env: dict[str, str], tmp_path: Path, lang: str
) -> None:
    pdftotext = require_program("pdftotext")
    out = tmp_path / f"report-{lang}.pdf"
    done = subprocess.run(
        [
            venv_command("soumnet-hub"),
            "report",
            "--period",
            "2026-11",
            "--format",
            "pdf",
            "--lang",
            lang,
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        [pdftotext, "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "80.0 %" in text and "75.0 %" in text
    assert "Тэжээлийн блок солив" in text and "Хар хор 7 %" in text
    if lang == "mn":
        assert "Интернэт холболт: 80.0 %" in text
        assert "Засвар үйлчилгээ: 2 бичлэг, 2.0 цаг" in text
        assert "Нөөцлөлт" in text
    else:
        assert "Maintenance work: 2 entries, 2.0 hours" in text


def test_bad_period_is_one_line(cli_env: dict[str, str]) -> None:
    done = subprocess.run(
        [venv_command("soumnet-hub"), "report", "--period", "2026-Q7"],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=60,
    )
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        == "soumnet-hub: '2026-Q7' is not a period (2026-11, 2026-Q3, 2026-H1 or 2026)"
    )


def test_an_ongoing_incident_is_timed_to_now_and_shown_as_ongoing(hub: Config) -> None:
    """Issue 12 point 23: an alert 11 minutes old in the current month is 0.2 h and ongoing,
    not timed to the end of the month; in a period that has ended it is timed to its end."""
    layout = Layout(hub.hub_dir)
    now = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    began = now - timedelta(minutes=11)
    feed(layout, [rep("snmp", "snmp:10.0.0.2", began, {"up": False, "name": "Свич-1"})])
    alerts.evaluate(layout, hub.alerts, began)
    alerts.evaluate(layout, hub.alerts, now)
    data = periodreport.build(layout, periodreport.parse_period("2026-12"), now=now)
    (incident,) = data.incidents
    assert incident["minutes"] == 11 and incident["ongoing"] is True
    assert "(0.2 h, ongoing)" in periodreport.render_text(data, "en")
    assert "(0.2 цаг, үргэлжилж байна)" in periodreport.render_text(data, "mn")
    # the same alert, still open, in a report of November made in December: to November's end
    older = began - timedelta(days=3)
    feed(layout, [rep("snmp", "snmp:10.0.0.3", older, {"up": False, "name": "Свич-2"})])
    alerts.evaluate(layout, hub.alerts, older)
    alerts.evaluate(layout, hub.alerts, now)
    data = periodreport.build(layout, periodreport.parse_period("2026-11"), now=now)
    (incident,) = data.incidents
    assert incident["ongoing"] is False and incident["resolved_at"] is None
    month_end = datetime(2026, 12, 1, tzinfo=UTC)
    assert incident["minutes"] == round((month_end - older).total_seconds() / 60)


def test_a_failed_archive_run_is_marked_failed_in_the_report(hub: Config) -> None:
    """An auditor must not read a failed yearly run as a good archive."""
    layout = Layout(hub.hub_dir)
    good = {"label": "personnel-2025", "created": "2026-01-15T10:00:00+00:00", "status": "OK"}
    failed = {"label": "personnel-2026", "status": "FAILED", "error": "disk full"}
    feed(layout, [rep("backup", "host:a", NOV, good), rep("backup", "host:b", NOV, failed)])
    data = periodreport.build(layout, periodreport.parse_period("2026-11"), "Баян-Өндөр сум")
    assert sorted((b["label"], b["ok"]) for b in data.backups) == [
        ("personnel-2025", True),
        ("personnel-2026", False),
    ]
    en = periodreport.render_text(data, "en")
    mn = periodreport.render_text(data, "mn")
    assert en.count("FAILED") == 1 and "personnel-2026" in en
    assert mn.count("АМЖИЛТГҮЙ") == 1
