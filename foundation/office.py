"""Who this installation belongs to: printed on reports and archives."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Ulaanbaatar"


@dataclass(frozen=True)
class Signatory:
    """A person whose name and position a report prints on a line to sign."""

    name: str = ""
    position: str = ""


@dataclass(frozen=True)
class OfficeSettings:
    name: str = "Soum office"
    """The office's name as it should appear on reports, e.g. "Баян-Өндөр сумын ЗДТГ"."""
    aimag: str = ""
    """The aimag (province) the soum belongs to."""
    soum: str = ""
    """The soum (district)."""
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))
    """The office's time zone (an IANA name): screens and reports show times in it, periods
    (a day, a month) begin at its midnight. Storage stays UTC."""
    prepared_by: Signatory = field(default_factory=Signatory)
    """Who prepares the period reports: `prepared_by = { name = "Б. Болд", position = "…" }`."""
    approved_by: Signatory = field(default_factory=Signatory)
    """Who approves them, printed on the last line of each report."""
