"""Periods in the office's time zone and named in words; the figures of a seeded month."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from inventory.reports import figures
from inventory.reports.period import BadPeriod, parse_period
from tests.conftest import venv_command
from tests.reports.seed import COST_TOTAL, NOW, OUTAGE, SWITCH_DOWN, feed, rep, seed
from tui.config import TuiConfig as Config

UB = ZoneInfo("Asia/Ulaanbaatar")


def test_periods_parse_and_begin_at_the_offices_midnight() -> None:
    p = parse_period
    assert (p("2026-11").start, p("2026-11").end) == (date(2026, 11, 1), date(2026, 12, 1))
    assert (p("2026-12").start, p("2026-12").end) == (date(2026, 12, 1), date(2027, 1, 1))
    assert (p("2026-Q3").start, p("2026-Q3").end) == (date(2026, 7, 1), date(2026, 10, 1))
    assert (p("2026-H2").start, p("2026-H2").end) == (date(2026, 7, 1), date(2027, 1, 1))
    assert (p("2026").start, p("2026").end) == (date(2026, 1, 1), date(2027, 1, 1))
    assert (p("2026-12-02").start, p("2026-12-02").end) == (date(2026, 12, 2), date(2026, 12, 3))
    assert [p(t).label for t in ("2026-12-02", "2026-11", "2026-q4", "2026-H1", "2026")] == [
        "2026-12-02",
        "2026-11",
        "2026-Q4",
        "2026-H1",
        "2026",
    ]
    start, end = p("2026-11").bounds(UB)
    assert start == datetime(2026, 10, 31, 16, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    assert p("2026-11").bounds(ZoneInfo("Asia/Hovd"))[0] == datetime(2026, 10, 31, 17, tzinfo=UTC)
    assert p("2026-01").previous().label == "2025-12" and p("2026-Q1").previous().label == "2025-Q4"
    for bad in ("2026-13", "2026-Q5", "26-11", "November", "2026-02-30", "2026-11-1"):
        with pytest.raises(BadPeriod):
            p(bad)


@pytest.mark.parametrize(
    ("text", "mn", "en"),
    [
        ("2026-11", "2026 оны 11 дүгээр сар", "November 2026"),
        ("2026-12", "2026 оны 12 дугаар сар", "December 2026"),
        ("2026-04", "2026 оны 4 дүгээр сар", "April 2026"),
        ("2026-Q4", "2026 оны IV улирал", "Quarter IV of 2026"),
        ("2026-H1", "2026 оны эхний хагас жил", "First half of 2026"),
        ("2026-H2", "2026 оны сүүлийн хагас жил", "Second half of 2026"),
        ("2026", "2026 он", "Year 2026"),
        ("2026-12-02", "2026 оны 12 дугаар сарын 2", "2 December 2026"),
    ],
)
def test_the_period_in_words(text: str, mn: str, en: str) -> None:
    assert (parse_period(text).words("mn"), parse_period(text).words("en")) == (mn, en)


@pytest.fixture
def month(hub: Config, monkeypatch: pytest.MonkeyPatch) -> Config:
    seed(hub, monkeypatch)
    return hub


def test_month_figures(month: Config) -> None:
    data = figures.build(month, parse_period("2026-11"), NOW)
    uplink = data.services[0]
    assert uplink.kind == "outage" and uplink.share == pytest.approx(1.0, abs=0.01)
    down_hours = (OUTAGE[1] - OUTAGE[0]).total_seconds() / 3600
    elapsed_hours = (NOW - data.start).total_seconds() / 3600
    assert uplink.percent == pytest.approx(100 * (1 - down_hours / elapsed_hours), abs=0.1)
    assert sorted(a.name for a in data.services[1:]) == ["E-Mongolia", "ERP"]
    (switch,) = [a for a in data.devices if a.key == "snmp:10.0.0.2"]
    switch_down = (NOW - SWITCH_DOWN).total_seconds() / 3600
    assert switch.percent == pytest.approx(100 * (1 - switch_down / elapsed_hours), abs=0.3)
    (printer,) = [a for a in data.devices if a.key == "snmp:10.0.0.9"]
    assert printer.share < 0.01 and printer.measured == 3600  # an hour: said as such
    assert [i.cause for i in data.incidents] == ["internet", "device"]
    ongoing = data.incidents[-1]
    assert ongoing.ongoing and ongoing.end is None
    assert ongoing.minutes == pytest.approx((NOW - ongoing.start).total_seconds() / 60, abs=1)
    assert data.work_cost == COST_TOTAL and len(data.work) == 13
    assert [w.number for w in data.open_work] == [13]
    assert [i.name for i in data.retired] == ["Проектор"]
    assert [i.asset_tag for i in data.added if i.asset_tag] == ["НС-015", "НС-016"]
    assert [i.asset_tag for i in data.warranties] == ["НС-004", "НС-001", "НС-010"]
    assert data.supplies == [figures.Supply("Принтер HP 402", "Хар хор", 7)]
    assert data.pages == [figures.Pages("Принтер HP 402", 48213)]
    (run,) = data.backups
    assert (run.machine, run.label, run.status, run.size) == (
        "soum-hub",
        "personnel-2026",
        "OK",
        734_003_200,
    )
    # a November report made in December: the switch's alert was open at the month's end
    later = figures.build(month, parse_period("2026-11"), datetime(2026, 12, 3, tzinfo=UTC))
    closed = later.incidents[-1]
    assert not closed.ongoing and closed.end is None
    assert closed.minutes == round((later.end - closed.start).total_seconds() / 60)


def test_a_failed_archive_run_is_failed_in_the_report(hub: Config) -> None:
    """An auditor must not read a failed yearly run as a good archive."""
    from inventory.store.layout import Layout

    layout = Layout(hub.hub_dir)
    ts = datetime(2026, 11, 3, tzinfo=UTC)
    good = {"label": "personnel-2025", "created": "2026-01-15T10:00:00+00:00", "status": "OK"}
    failed = {"label": "personnel-2026", "status": "FAILED", "error": "disk full"}
    feed(layout, [rep("backup", "host:a", ts, good), rep("backup", "host:b", ts, failed)])
    data = figures.build(hub, parse_period("2026-11"), ts + timedelta(hours=1))
    assert sorted((b.label, b.status, b.error) for b in data.backups) == [
        ("personnel-2025", "OK", ""),
        ("personnel-2026", "FAILED", "disk full"),
    ]


def test_a_bad_period_is_one_line(cli_env: dict[str, str]) -> None:
    done = subprocess.run(
        [venv_command("soumnet-hub"), "report", "--period", "2026-Q7"],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "soumnet-hub: '2026-Q7' is not a period (2026-12-02, 2026-11, 2026-Q3, 2026-H1 or 2026)"
    )


def test_stored_times_are_read_leniently() -> None:
    """Records and signed reports of other versions: no offset is UTC, junk is no time."""
    from foundation.wire import stored_ts

    assert stored_ts("2026-11-03T09:00:00+08:00") == datetime(2026, 11, 3, 1, 0, tzinfo=UTC)
    assert stored_ts("2026-11-03T09:00:00") == datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
    assert [stored_ts(v) for v in (None, "", "soon", 17)] == [None] * 4
