"""The yearly schedule: due once a year at a configured moment, caught up after downtime.

The state (which years are done) is one small JSON file replaced atomically, so a crash or
a clock that goes back can never make the same year run twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from foundation import atomicio


@dataclass(frozen=True)
class Yearly:
    """Month, day, hour and minute (UTC) of the yearly run."""

    month: int = 1
    day: int = 15
    hour: int = 2
    minute: int = 0

    def moment(self, year: int) -> datetime:
        return datetime(year, self.month, self.day, self.hour, self.minute, tzinfo=UTC)

    def report_text(self) -> str:
        """How a backup report states the schedule: `yearly MM-DD HH:MM UTC`."""
        return f"yearly {self.month:02d}-{self.day:02d} {self.hour:02d}:{self.minute:02d} UTC"

    @classmethod
    def from_report(cls, text: object) -> Yearly | None:
        """The schedule a report states (`report_text`, as the agent's yearly job writes
        it); None for an archive made by hand ("manual") or a text of another form."""
        try:
            # a leap year, so that a 29 February schedule reads back
            when = datetime.strptime(f"2000 {text}", "%Y yearly %m-%d %H:%M UTC")
        except ValueError:
            return None
        return cls(when.month, when.day, when.hour, when.minute)


@dataclass(frozen=True)
class State:
    years_done: tuple[int, ...] = ()
    last_run: str | None = None

    @property
    def latest_year(self) -> int | None:
        return max(self.years_done) if self.years_done else None


def load_state(path: Path) -> State:
    """The recorded state; a missing file means nothing has run yet."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return State()
    years = tuple(sorted(int(y) for y in data.get("years_done", [])))
    last = data.get("last_run")
    return State(years, str(last) if last else None)


def save_state(path: Path, state: State) -> None:
    data = {"years_done": list(state.years_done), "last_run": state.last_run}
    atomicio.write_text(path, json.dumps(data, indent=1) + "\n")


def due_year(now: datetime, yearly: Yearly, state: State) -> int | None:
    """The year whose archive is due now, or None.

    Due when the year's moment has passed and neither this year nor a later one is done:
    a machine that was off runs at its next check; a clock set back finds a later year
    already done and runs nothing."""
    year = now.astimezone(UTC).year
    if now < yearly.moment(year):
        return None
    latest = state.latest_year
    if latest is not None and latest >= year:
        return None
    return year


def next_run(now: datetime, yearly: Yearly, state: State) -> datetime:
    """When the next yearly run will happen (now, when one is overdue)."""
    if due_year(now, yearly, state) is not None:
        return now
    return yearly.moment(max(now.astimezone(UTC).year, (state.latest_year or 0) + 1))


def run_if_due(
    state_file: Path,
    yearly: Yearly,
    job: Callable[[int], None],
    clock: Callable[[], datetime],
    force: bool = False,
) -> int | None:
    """Run `job(year)` when due (or `force`, the manual `--now`); record the year after success.

    A job that raises records nothing, so it is tried again at the next check."""
    state = load_state(state_file)
    now = clock()
    year = now.astimezone(UTC).year if force else due_year(now, yearly, state)
    if year is None:
        return None
    job(year)
    done = tuple(sorted({*state.years_done, year}))
    save_state(state_file, State(done, clock().astimezone(UTC).isoformat()))
    return year
