"""`serve` makes the report of each ended period at the set office time, once."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from foundation.config import ConfigError
from inventory.reports import schedule
from inventory.store.layout import Layout
from tests.conftest import write_config
from tests.reports.seed import seed
from tui.config import TuiConfig as Config
from tui.config import load

SETTINGS = (
    '[reports]\nperiods = ["month", "quarter"]\nat = "08:00"\n'
    'formats = ["text", "json"]\nlangs = ["mn", "en"]\n'
)


@pytest.fixture
def scheduled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    config = load(write_config(tmp_path / "site", SETTINGS))
    layout = Layout(config.hub_dir)
    layout.init()
    seed(config, monkeypatch)
    october = datetime(2026, 10, 1, tzinfo=UTC).timestamp()
    os.utime(layout.marker, (october, october))  # the hub was set up in October
    return config


def test_the_ended_months_report_is_made_at_the_set_office_time_once(scheduled: Config) -> None:
    lines: list[str] = []
    before = datetime(2026, 11, 30, 23, 59, tzinfo=UTC)  # 1 December 07:59 in Ulaanbaatar
    assert schedule.due(scheduled, before) == []
    at = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    names = sorted(d.path.name for d in schedule.due(scheduled, at))
    assert names == [
        "soumnet-report-2026-11-en.json",
        "soumnet-report-2026-11-en.txt",
        "soumnet-report-2026-11-mn.json",
        "soumnet-report-2026-11-mn.txt",
    ]  # Q4 has not ended; Q3 ended before the hub was set up (the next test)
    written = schedule.make_due(scheduled, lines.append, "en", at)
    assert sorted(p.name for p in written) == names and len(lines) == 4
    text = (scheduled.reports_dir / "soumnet-report-2026-11-mn.txt").read_text(encoding="utf-8")
    assert "2026 оны 11 дүгээр сар" in text and "695\u202f000" in text
    assert (
        schedule.due(scheduled, at) == []
        and schedule.make_due(scheduled, lines.append, "en", at) == []
    )


def test_periods_that_ended_before_the_hub_existed_are_not_made(scheduled: Config) -> None:
    """Q3 ended on 1 October 00:00 local, before the hub was set up that day (UTC midnight)."""
    at = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    assert not [d for d in schedule.due(scheduled, at) if d.period.kind == "quarter"]
    january = datetime(2027, 1, 1, 0, 0, tzinfo=UTC)
    quarters = {
        d.period.label for d in schedule.due(scheduled, january) if d.period.kind == "quarter"
    }
    assert quarters == {"2026-Q4"}


def test_a_report_that_cannot_be_written_is_one_line_and_tried_again(
    scheduled: Config,
) -> None:
    scheduled.reports_dir.parent.mkdir(parents=True, exist_ok=True)
    scheduled.reports_dir.write_text("not a folder")
    lines: list[str] = []
    at = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    assert schedule.make_due(scheduled, lines.append, "en", at) == []
    assert len(lines) == 4
    assert all(line.startswith("the report soumnet-report-2026-11-") for line in lines)
    scheduled.reports_dir.unlink()
    assert len(schedule.make_due(scheduled, lines.append, "en", at)) == 4


def test_the_scheduler_runs_in_a_thread_and_never_twice_at_once(scheduled: Config) -> None:
    lines: list[str] = []
    runner = schedule.Scheduler(scheduled, lines.append, "en")
    at = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    assert runner.check(at) is True
    assert runner.check(at) is False  # still running, or nothing left
    runner.join(120)
    assert len(list(scheduled.reports_dir.iterdir())) == 4
    assert runner.check(at) is False


def test_a_wrong_time_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as found:
        load(write_config(tmp_path / "site", '[reports]\nat = "8am"\n'))
    assert "reports.at: expected a time of day such as '08:00', got '8am'" in str(found.value)
