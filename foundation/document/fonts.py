"""The TrueType font documents embed: DejaVu Sans (fonts-dejavu-core), which has Cyrillic."""

from __future__ import annotations

from pathlib import Path

from foundation.i18n import Problem
from foundation.messages import T

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


class NoFont(Problem):
    def __init__(self) -> None:
        super().__init__(T, "document.no_font", dirs=", ".join(map(str, FONT_DIRS)))


def font_file(name: str = "DejaVuSans.ttf") -> Path:
    for folder in FONT_DIRS:
        path = folder / name
        if path.is_file():
            return path
    raise NoFont()
