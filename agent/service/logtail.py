"""The agent's own log, kept small in its data folder (`agent.log`), so that the hub's
`status` task can send the last lines of it (the service's output otherwise goes to the
service manager, which the hub cannot read)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from foundation.wire import format_ts, utcnow

FILE = "agent.log"
MAX_BYTES = 256 * 1024
"""At this size the older half is dropped."""


class LogTail:
    def __init__(self, folder: Path, also: Callable[[str], None]) -> None:
        self.path = folder / FILE
        self.also = also

    def __call__(self, line: str) -> None:
        self.also(line)
        with contextlib.suppress(OSError):  # a full disk must not stop the service
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(f"{format_ts(utcnow())} {line}\n")
            if self.path.stat().st_size > MAX_BYTES:
                kept = self.path.read_bytes()[-MAX_BYTES // 2 :]
                self.path.write_bytes(kept[kept.find(b"\n") + 1 :])

    def last(self, count: int = 20) -> list[str]:
        try:
            return self.path.read_text(encoding="utf-8", errors="replace").splitlines()[-count:]
        except OSError:
            return []
