"""Settings of the terminal UI: `[ui]` beyond the language every part reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from foundation.config import LanguageSettings


@dataclass(frozen=True)
class UiSettings(LanguageSettings):
    refresh_seconds: float = 2.0
    """How often screens re-read the store (never more than once a second)."""
    export_dir: Path | None = None
    """Where the terminal UI writes exported reports; default: the user's home folder."""
