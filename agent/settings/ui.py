"""Settings of the terminal UI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class UiSettings:
    lang: Literal["mn", "en"] = "mn"
    """Language of the terminal UI and reports; `soumnet --lang` overrides it."""
    refresh_seconds: float = 2.0
    """How often screens re-read the store (never more than once a second)."""
    export_dir: Path | None = None
    """Where the terminal UI writes exported reports; default: the user's home folder."""
