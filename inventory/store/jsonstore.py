"""TinyDB storage that replaces its file atomically, and helpers to open such files.

TinyDB's JSONStorage rewrites its file in place: a crash or a full disk leaves broken JSON.
This storage writes a temporary file, fsyncs it and renames it over the old one, so every
store file is always either the old or the new whole file.
"""

from __future__ import annotations

import contextlib
import json
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import Storage

from foundation import atomicio
from foundation.jsonfile import DamagedFile, read_json, write_json


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly

    def read(self) -> dict[str, dict[str, Any]] | None:
        return read_json(self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.readonly:
            raise PermissionError(f"{self.path}: opened read-only")
        write_json(self.path, data)

    def close(self) -> None:
        pass


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


def table(data: Any, name: str, path: Path) -> dict[str, Any]:
    """TinyDB table `name` of the parsed file `path` (doc id → doc), created when missing;
    DamagedFile when the file is not shaped like a TinyDB file (it is never overwritten)."""
    if not isinstance(data, dict):
        raise DamagedFile(path, "not a JSON object")
    found = data.setdefault(name, {})
    if not isinstance(found, dict):
        raise DamagedFile(path, f"table {name!r} is not a JSON object")
    return found


def next_doc_id(docs: dict[str, Any]) -> int:
    """The id TinyDB would give the next document of a table."""
    return max((int(k) for k in docs), default=0) + 1


Identity = tuple[int, int, int, int]


def _identity(path: Path) -> Identity | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class FileCache:
    """Parsed store files kept between writes by the one process that writes them (`serve`).

    Re-reading and re-parsing a shard before every change was most of the cost of applying a
    batch. Each entry is checked against the file's identity (inode, size, times) before use,
    so a file replaced by anyone else is read again; the least recently used entries are
    forgotten beyond `max_bytes` of file size. Callers change the parsed data in place and
    then call `write` at once; a write that fails forgets the entry, so the file stays the
    truth."""

    def __init__(self, max_bytes: int = 32 << 20) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Path, tuple[Identity, int, Any]] = OrderedDict()
        self._bytes = 0

    def read(self, path: Path) -> Any:
        """The parsed file (shared with the cache: change it only to `write` it), or None."""
        identity = _identity(path)
        entry = self._entries.get(path)
        if identity is not None and entry is not None and entry[0] == identity:
            self._entries.move_to_end(path)
            return entry[2]
        self.forget(path)
        if identity is None:
            return None
        data = read_json(path)
        if data is not None:
            self._remember(path, identity, data)
        return data

    @contextlib.contextmanager
    def changing(self, path: Path) -> Iterator[None]:
        """Around changes to the parsed data of `path`: if they fail half way, the entry is
        forgotten so that the next `read` parses the file again."""
        try:
            yield
        except BaseException:
            self.forget(path)
            raise

    def write(self, path: Path, data: Any) -> None:
        """Replace `path` atomically with `data` and keep `data` as its parsed content."""
        self.forget(path)
        write_json(path, data)
        identity = _identity(path)
        if identity is not None:
            self._remember(path, identity, data)

    def forget(self, path: Path) -> None:
        entry = self._entries.pop(path, None)
        if entry is not None:
            self._bytes -= entry[1]

    def __contains__(self, path: object) -> bool:
        return path in self._entries

    def _remember(self, path: Path, identity: Identity, data: Any) -> None:
        size = identity[1]
        if size > self.max_bytes:
            return
        self._entries[path] = (identity, size, data)
        self._bytes += size
        while self._bytes > self.max_bytes:
            _, (_, dropped, _) = self._entries.popitem(last=False)
            self._bytes -= dropped


@dataclass
class _Log:
    identity: Identity
    text: str
    keys: set[str]
    next_id: int
    empty: bool


class AppendCache:
    """Files holding one TinyDB table that only grows (a day's raw samples), kept by their
    one writer (`serve`) as the file's text and the keys already stored.

    Adding documents then serialises only the new ones and splices them into the text before
    the closing braces, instead of parsing and re-serialising the whole day on every batch;
    the file is still replaced whole and atomically. An entry is checked against the file's
    identity before use (a file changed by anyone else is read again), and the least recently
    used entries are forgotten beyond `max_bytes` of text."""

    def __init__(self, max_bytes: int = 64 << 20) -> None:
        self.max_bytes = max_bytes
        self._logs: OrderedDict[Path, _Log] = OrderedDict()
        self._bytes = 0

    def keys(self, path: Path, name: str, key: str) -> set[str]:
        """The `key` of every document of table `name` (do not change the set)."""
        return self._load(path, name, key).keys

    def add(self, path: Path, name: str, docs: Sequence[dict[str, Any]], key: str) -> int:
        """Store the docs of table `name` whose `key` is not stored yet; returns how many."""
        log = self._load(path, name, key)
        new: list[dict[str, Any]] = []
        seen = set(log.keys)
        for doc in docs:
            if doc[key] not in seen:
                seen.add(doc[key])
                new.append(doc)
        if not new:
            return 0
        parts = ",".join(
            f'"{log.next_id + n}":{json.dumps(doc, ensure_ascii=False, separators=(",", ":"))}'
            for n, doc in enumerate(new)
        )
        text = f"{log.text[:-2]}{'' if log.empty else ','}{parts}}}}}"
        self._drop(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomicio.write_text(path, text)
        identity = _identity(path)
        if identity is not None:
            self._keep(path, _Log(identity, text, seen, log.next_id + len(new), False))
        return len(new)

    def _load(self, path: Path, name: str, key: str) -> _Log:
        identity = _identity(path)
        log = self._logs.get(path)
        if log is not None and log.identity == identity:
            self._logs.move_to_end(path)
            return log
        self._drop(path)
        found = read_json(path) if identity is not None else None
        data = {} if found is None else found
        docs = table(data, name, path)
        # the grown table goes last, so that new documents go just before the closing braces
        ordered = {k: v for k, v in data.items() if k != name}
        ordered[name] = docs
        text = json.dumps(ordered, ensure_ascii=False, separators=(",", ":"))
        keys = {doc[key] for doc in docs.values() if isinstance(doc, dict) and key in doc}
        log = _Log(identity or (0, 0, 0, 0), text, keys, next_doc_id(docs), not docs)
        if identity is not None:
            self._keep(path, log)
        return log

    def _drop(self, path: Path) -> None:
        log = self._logs.pop(path, None)
        if log is not None:
            self._bytes -= len(log.text)

    def _keep(self, path: Path, log: _Log) -> None:
        if len(log.text) > self.max_bytes:
            return
        self._logs[path] = log
        self._bytes += len(log.text)
        while self._bytes > self.max_bytes:
            _, dropped = self._logs.popitem(last=False)
            self._bytes -= len(dropped.text)
