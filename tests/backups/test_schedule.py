"""Must show 5: yearly, caught up after downtime, never twice a year even if the clock goes back."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from backups.schedule import Yearly, due_year, load_state, next_run, run_if_due

YEARLY = Yearly(month=1, day=15, hour=2, minute=0)


class Clock:
    def __init__(self, when: datetime) -> None:
        self.when = when

    def __call__(self) -> datetime:
        return self.when


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_not_due_before_the_moment_then_due(tmp_path: Path) -> None:
    runs: list[int] = []
    clock = Clock(at(2026, 1, 15, 1, 59))
    state = tmp_path / "schedule.json"
    assert run_if_due(state, YEARLY, runs.append, clock) is None
    clock.when = at(2026, 1, 15, 2, 0)
    assert run_if_due(state, YEARLY, runs.append, clock) == 2026
    assert run_if_due(state, YEARLY, runs.append, clock) is None
    assert runs == [2026]


def test_missed_run_is_caught_up_at_next_start(tmp_path: Path) -> None:
    runs: list[int] = []
    state = tmp_path / "schedule.json"
    # the machine was off on 15 January; it is switched on in March
    assert run_if_due(state, YEARLY, runs.append, Clock(at(2026, 3, 2, 8, 30))) == 2026
    assert runs == [2026]


def test_never_twice_in_one_year_when_the_clock_goes_back(tmp_path: Path) -> None:
    runs: list[int] = []
    state = tmp_path / "schedule.json"
    clock = Clock(at(2026, 1, 15, 2, 5))
    assert run_if_due(state, YEARLY, runs.append, clock) == 2026
    for when in (
        at(2026, 1, 15, 2, 1),
        at(2026, 1, 14, 23, 0),
        at(2025, 12, 31, 23, 0),
        at(2025, 6, 1),
        at(2026, 12, 31, 23, 59),
    ):
        clock.when = when
        assert run_if_due(state, YEARLY, runs.append, clock) is None
    clock.when = at(2027, 1, 15, 2, 0)
    assert run_if_due(state, YEARLY, runs.append, clock) == 2027
    assert runs == [2026, 2027]
    assert load_state(state).years_done == (2026, 2027)


def test_failed_run_is_retried_and_not_recorded(tmp_path: Path) -> None:
    state = tmp_path / "schedule.json"
    clock = Clock(at(2026, 2, 1))

    def failing(year: int) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        run_if_due(state, YEARLY, failing, clock)
    assert load_state(state).years_done == ()
    runs: list[int] = []
    assert run_if_due(state, YEARLY, runs.append, clock) == 2026


def test_manual_now_runs_and_counts_for_the_year(tmp_path: Path) -> None:
    state = tmp_path / "schedule.json"
    runs: list[int] = []
    clock = Clock(at(2026, 1, 3))
    assert run_if_due(state, YEARLY, runs.append, clock, force=True) == 2026
    clock.when = at(2026, 1, 16)
    assert run_if_due(state, YEARLY, runs.append, clock) is None
    assert runs == [2026]


def test_next_run() -> None:
    from backups.schedule import State

    assert next_run(at(2026, 1, 1), YEARLY, State()) == at(2026, 1, 15, 2, 0)
    assert next_run(at(2026, 5, 1), YEARLY, State((2026,))) == at(2027, 1, 15, 2, 0)
    assert next_run(at(2025, 5, 1), YEARLY, State((2026,))) == at(2027, 1, 15, 2, 0)
    assert next_run(at(2026, 5, 1), YEARLY, State((2025,))) == at(2026, 5, 1)
    assert due_year(at(2026, 5, 1), YEARLY, State((2025,))) == 2026


def test_the_schedule_a_report_states_reads_back() -> None:
    """The text the agent's yearly job writes; an archive made by hand has no schedule."""
    assert Yearly.from_report("yearly 01-15 02:00 UTC") == Yearly(1, 15, 2, 0)
    assert Yearly.from_report("yearly 02-29 23:30 UTC") == Yearly(2, 29, 23, 30)
    assert Yearly.from_report("manual") is None
    assert Yearly.from_report(None) is None
    assert Yearly.from_report("yearly 13-01 02:00 UTC") is None


def test_the_schedule_text_is_written_and_read_by_one_type() -> None:
    for yearly in (Yearly(2, 29, 23, 59), Yearly(1, 5, 2, 0)):
        assert Yearly.from_report(yearly.report_text()) == yearly
    assert Yearly(1, 5, 2, 0).report_text() == "yearly 01-05 02:00 UTC"
