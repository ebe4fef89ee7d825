"""TinyDB storage that replaces its file atomically, and helpers to open such files.

TinyDB's JSONStorage rewrites its file in place: a crash or a full disk leaves broken JSON.
This storage writes a temporary file, fsyncs it and renames it over the old one, so every
store file is always either the old or the new whole file.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import Storage

from agent import atomicio
from agent.i18n import Problem
from agent.messages import T


class DamagedFile(Problem):
    """A store file that cannot be read as JSON: named, never silently replaced."""

    def __init__(self, file: Path, reason: str) -> None:
        super().__init__(T, "store.damaged_file", file=file, reason=reason)


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly

    def read(self) -> dict[str, dict[str, Any]] | None:
        return read_json(self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.readonly:
            raise PermissionError(f"{self.path}: opened read-only")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        atomicio.write_text(self.path, text)

    def close(self) -> None:
        pass


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


class _BatchMiddleware(CachingMiddleware):
    """Collect every write of one `batch()` and write the file once, at the end."""

    WRITE_CACHE_SIZE = 1 << 30


@contextlib.contextmanager
def batch(path: Path) -> Iterator[TinyDB]:
    """Open a store file for a group of changes that reach the disk as one atomic write."""
    db = TinyDB(path, storage=_BatchMiddleware(AtomicJSONStorage))
    try:
        yield db
    except BaseException:
        # Leave the file as it was: drop the cached changes instead of flushing them.
        middleware: Any = db.storage
        middleware.cache = None
        middleware._cache_modified_count = 0
        raise
    db.close()


def open_readonly(path: Path) -> TinyDB:
    """A TinyDB over `path` for readers (the TUI, reports): any write raises."""
    return TinyDB(path, storage=AtomicJSONStorage, readonly=True)
