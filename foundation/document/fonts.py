"""The TrueType font documents embed: DejaVu Sans (fonts-dejavu-core), which has Cyrillic.
The one font lookup of every PDF soumnet writes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from foundation.i18n import Problem
from foundation.messages import T

FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu
    Path("/usr/share/fonts/dejavu-sans-fonts"),  # Fedora
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),  # Arch
)


class NoFont(Problem):
    def __init__(self, folders: Sequence[Path] = FONT_DIRS) -> None:
        super().__init__(T, "document.no_font", dirs=", ".join(map(str, folders)))


@dataclass(frozen=True)
class Fonts:
    regular: Path
    bold: Path


def font_file(name: str = "DejaVuSans.ttf", folders: Sequence[Path] = FONT_DIRS) -> Path:
    for folder in folders:
        path = folder / name
        if path.is_file():
            return path
    raise NoFont(folders)


def dejavu_sans(folders: Sequence[Path] = FONT_DIRS) -> Fonts:
    """Both faces, or NoFont: a PDF whose headings and totals silently lose their bold
    would hide a broken install."""
    return Fonts(font_file("DejaVuSans.ttf", folders), font_file("DejaVuSans-Bold.ttf", folders))
