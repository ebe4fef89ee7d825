"""Settings of the reports `serve` makes on its own: which periods, when, in which formats."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Literal

from foundation.i18n import Lang
from foundation.settings import SettingsError

ScheduledKind = Literal["day", "month", "quarter", "half", "year"]
ScheduledFormat = Literal["pdf", "xlsx", "html", "csv", "text", "json"]


@dataclass(frozen=True)
class ReportSettings:
    periods: tuple[ScheduledKind, ...] = ("month", "quarter", "half", "year")
    """The periods whose report `serve` makes once each has ended; empty: none."""
    at: str = "08:00"
    """The office's local time (HH:MM) on the day after a period ends at which it is made."""
    formats: tuple[ScheduledFormat, ...] = ("pdf", "xlsx")
    langs: tuple[Lang, ...] = ("mn",)
    folder: Path | None = None
    """Where the files are kept; default: `reports/` in the hub's data folder."""

    def __post_init__(self) -> None:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", self.at):
            raise SettingsError("reports.at", "settings.expected_time", got=repr(self.at))

    @property
    def time(self) -> time:
        hour, minute = self.at.split(":")
        return time(int(hour), int(minute))
