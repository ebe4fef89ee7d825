"""Who this installation belongs to: printed on reports and archives."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OfficeSettings:
    name: str = "Soum office"
    """The office's name as it should appear on reports, e.g. "Баян-Өндөр сумын ЗДТГ"."""
    aimag: str = ""
    """The aimag (province) the soum belongs to."""
    soum: str = ""
    """The soum (district)."""
