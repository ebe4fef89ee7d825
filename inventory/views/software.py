"""What the Software screen shows: every device's programs (to search "which PCs have X") and
every licence with its seats in use.

The programs are re-read only when a software document or a device record changed (their
files' times and sizes), so a screen that polls every few seconds does not parse every PC's
list each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from foundation.i18n import Problem
from inventory.risks import licences
from inventory.risks.software import DevicePrograms, Install, every_device, find_in
from inventory.store.layout import Layout

SHOWN = 500
"""The most installs a search shows (the table stays fast); the count says how many."""


@dataclass(frozen=True)
class SoftwareView:
    devices: tuple[DevicePrograms, ...]
    usage: tuple[licences.Usage, ...]
    problem: Problem | None
    """Why the licence list cannot be read (the programs are still shown)."""
    stamp: tuple[tuple[str, int, int], ...]

    def find(self, text: str) -> list[Install]:
        return find_in(self.devices, text)


def _stamp(layout: Layout) -> tuple[tuple[str, int, int], ...]:
    folder = layout.store / "documents" / "software"
    paths = [layout.devices, *(sorted(folder.glob("*.json")) if folder.is_dir() else [])]
    out = []
    for path in paths:
        try:
            info = Path(path).stat()
        except OSError:
            continue
        out.append((path.name, info.st_mtime_ns, info.st_size))
    return tuple(out)


def software_view(layout: Layout, today: date, before: SoftwareView | None = None) -> SoftwareView:
    """The view; `before` (the last one read) lends its programs when nothing changed."""
    stamp = _stamp(layout)
    if before is not None and before.stamp == stamp:
        devices = before.devices
    else:
        devices = tuple(every_device(layout))
    problem: Problem | None = None
    try:
        usage = tuple(licences.usage_of(licences.licences(layout), list(devices), today))
    except Problem as exc:
        usage, problem = (), exc
    return SoftwareView(devices, usage, problem, stamp)
