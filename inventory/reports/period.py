"""The period a report covers: a day, week, month, quarter, half-year or year, in the office's
time zone (a November report begins at midnight of 1 November in Ulaanbaatar, not in UTC).

Written as `2026-12-02`, `2026-W49` (ISO week, Monday first), `2026-11`, `2026-Q4`, `2026-H1` or
`2026`; named in words on the
report (`2026 оны 11 дүгээр сар`, `2026 оны IV улирал`, `2026 оны эхний хагас жил`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from foundation.i18n import Lang, Problem
from inventory.reports.messages import T

PeriodKind = Literal["day", "week", "month", "quarter", "half", "year"]
KINDS: tuple[PeriodKind, ...] = ("day", "week", "month", "quarter", "half", "year")
ROMAN = ("I", "II", "III", "IV")
FRONT_VOWEL_MONTHS = frozenset({1, 4, 9, 11})
"""Months whose Mongolian ordinal takes `-дүгээр` (нэг, дөрөв, ес); the rest take `-дугаар`."""


class BadPeriod(Problem):
    def __init__(self, text: str) -> None:
        super().__init__(T, "report.bad_period", period=text)


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: date
    end: date
    """Exclusive."""

    @property
    def label(self) -> str:
        """As written on the command line and in file names."""
        if self.kind == "day":
            return self.start.isoformat()
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month + 2) // 3}"
        if self.kind == "half":
            return f"{self.start.year}-H{1 if self.start.month == 1 else 2}"
        return str(self.start.year)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """[start, end) as UTC instants: the office's midnights."""
        return _midnight(self.start, tz), _midnight(self.end, tz)

    def words(self, lang: Lang) -> str:
        year, month = self.start.year, self.start.month
        if self.kind == "day":
            return T(lang, "period.day", year=year, month=_month(lang, month), day=self.start.day)
        if self.kind == "week":
            iso_year, week, _ = self.start.isocalendar()
            last = self.end - timedelta(days=1)
            return T(
                lang,
                "period.week",
                year=iso_year,
                week=week,
                first=f"{self.start:%m-%d}",
                last=f"{last:%m-%d}",
            )
        if self.kind == "month":
            return T(lang, "period.month", year=year, month=_month(lang, month))
        if self.kind == "quarter":
            return T(lang, "period.quarter", year=year, roman=ROMAN[(month - 1) // 3])
        if self.kind == "half":
            return T(lang, "period.half1" if month == 1 else "period.half2", year=year)
        return T(lang, "period.year", year=year)

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        return containing(self.kind, self.start - timedelta(days=1))


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tz).astimezone(UTC)


def _month(lang: Lang, month: int) -> str:
    if lang == "mn":
        return f"{month} {'дүгээр' if month in FRONT_VOWEL_MONTHS else 'дугаар'}"
    return T(lang, f"month.{month}")


def containing(kind: PeriodKind, day: date) -> Period:
    """The period of `kind` that holds `day`."""
    if kind == "day":
        return Period("day", day, day + timedelta(days=1))
    if kind == "week":
        monday = day - timedelta(days=day.weekday())
        return Period("week", monday, monday + timedelta(days=7))
    size = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
    first = (day.month - 1) // size * size + 1
    last = first + size
    end = date(day.year + 1, 1, 1) if last > 12 else date(day.year, last, 1)
    return Period(kind, date(day.year, first, 1), end)


def parse_period(text: str) -> Period:
    """'2026-12-02', '2026-W49', '2026-11', '2026-Q3', '2026-H1', '2026' -> the period
    [start, end)."""
    found = re.fullmatch(
        r"(\d{4})(?:-(?:(\d{2})(?:-(\d{2}))?|Q([1-4])|H([12])|W(\d{2})))?",
        text.strip(),
        re.IGNORECASE,
    )
    if not found:
        raise BadPeriod(text)
    year = int(found[1])
    try:
        if found[6]:
            return containing("week", date.fromisocalendar(year, int(found[6]), 1))
        if found[3]:
            return containing("day", date(year, int(found[2]), int(found[3])))
        if found[2]:
            return containing("month", date(year, int(found[2]), 1))
    except ValueError:
        raise BadPeriod(text) from None
    if found[4]:
        return containing("quarter", date(year, 3 * int(found[4]) - 2, 1))
    if found[5]:
        return containing("half", date(year, 6 * int(found[5]) - 5, 1))
    return containing("year", date(year, 1, 1))
