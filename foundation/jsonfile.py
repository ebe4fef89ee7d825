"""Reading and writing one JSON file whole: the outbox's, the sync state's and the store's.

A write replaces the file atomically (temporary file, fsync, rename), so a crash or a full
disk leaves the old or the new whole file; a file that is not JSON is named, never replaced.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from foundation import atomicio
from foundation.i18n import Problem
from foundation.messages import T


class DamagedFile(Problem):
    """A store file that cannot be read as JSON: named, never silently replaced."""

    def __init__(self, file: Path, reason: str) -> None:
        super().__init__(T, "store.damaged_file", file=file, reason=reason)


def write_json(path: Path, data: Any) -> None:
    """Replace `path` atomically with `data` as compact UTF-8 JSON (the store's one format)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomicio.write_text(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def read_json(path: Path) -> Any:
    """The parsed file, None when it does not exist; DamagedFile when it is not JSON."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise DamagedFile(path, str(exc)) from None
