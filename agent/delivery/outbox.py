"""The agent's outbox: every report stays here until the hub has acknowledged it.

Sharded so that no write touches more than one small file, for weeks offline:

- `outbox/raw/YYYYMMDDTHH/<µs>.json`  the reports of one `add`, in the folder of the hour
  they were added (never rewritten by later adds);
- `outbox/hourly/YYYYMMDDTHH.json`    that hour after `roll_up`: its periodic samples folded
  into hourly reports (`agent.delivery.rollup`), every other report kept as it was.

Every file is `{"reports": [...]}`, replaced atomically. Roll-up writes the hourly file
before it removes the hour's raw folder, and a raw folder whose hourly file exists is never
read again (only removed), so a crash in between neither loses nor double-counts a sample.
Reports leave oldest first: hourly files, then raw folders, by hour, then by file name.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from agent.delivery import rollup
from agent.messages import T
from foundation import atomicio
from foundation.i18n import Problem
from foundation.jsonfile import DamagedFile, read_json
from foundation.messages import os_reason
from foundation.wire import Report, dumps, report_from_json, utcnow

# What is in the outbox was made here; its age is no reason to refuse it.
_ANY = timedelta(days=365 * 100)
_HOUR = "%Y%m%dT%H"
LEGACY_FILE = "outbox.json"
"""The single-file outbox of earlier versions: moved into the shards on first use."""


class OutboxWriteError(Problem):
    """New reports could not be kept (disk full, no permission); what was kept is intact."""

    def __init__(self, count: int, reason: Problem | str) -> None:
        super().__init__(T, "agent.outbox.write_failed", count=count, reason=reason)


@dataclass(frozen=True)
class OutboxStats:
    raw: int
    """Reports waiting as they were made (samples not yet rolled up, facts, events)."""
    rolled_up: int
    """Hourly roll-up reports waiting."""
    bytes: int
    """Space the outbox takes on disk (allocated blocks where the OS tells them)."""
    files: int


def _disk_bytes(path: Path) -> int:
    info = path.stat()
    blocks = getattr(info, "st_blocks", None)
    return int(blocks) * 512 if blocks is not None else info.st_size


def _shards(folder: Path) -> list[Path]:
    """The shards of a folder in name order (sorting names, not paths: a tenth of the time
    for an hour of samples)."""
    try:
        names = sorted(name for name in os.listdir(folder) if name.endswith(".json"))
    except FileNotFoundError:
        return []
    return [folder / name for name in names]


def _signature(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return info.st_ino, info.st_size, info.st_mtime_ns


def _reports(path: Path) -> list[dict[str, Any]]:
    data = read_json(path) or {}
    found = data.get("reports") if isinstance(data, dict) else None
    return list(found) if isinstance(found, list) else []


def _hour_start(name: str) -> datetime:
    """The hour a raw folder holds, from its name (`_HOUR`), as `datetime.strptime` reads it:
    parsed here, that keeps `_strptime` and `calendar` (0.2 MiB) out of the service."""
    digits = name[:8] + name[9:]
    if len(name) != 11 or name[8] != "T" or not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"time data {name!r} does not match format {_HOUR!r}")
    return datetime(int(name[:4]), int(name[4:6]), int(name[6:8]), int(name[9:]), tzinfo=UTC)


def _write(path: Path, docs: list[dict[str, Any]]) -> None:
    atomicio.write_text(path, dumps({"reports": docs}))


class Outbox:
    def __init__(self, folder: Path, clock: Callable[[], datetime] = utcnow) -> None:
        self.folder = folder
        self.root = folder / "outbox"
        self.raw = self.root / "raw"
        self.hourly = self.root / "hourly"
        self.clock = clock
        self._ids: dict[Path, tuple[tuple[int, int, int], tuple[str, ...]]] = {}
        """The report ids of each shard read lately, with the shard's (inode, size, mtime)
        then: `forget` after a batch drops the shards the hub acknowledged whole without
        reading them again (a shard that changed since is read)."""
        self._made: Path | None = None
        """The raw folder the last add wrote to (not made again for every sample)."""

    # -- adding -----------------------------------------------------------------------------

    def add(self, reports: Iterable[Report]) -> None:
        """Keep `reports` in one new file; OutboxWriteError leaves everything kept as it was."""
        docs = [r.to_json() for r in reports]
        if not docs:
            return
        try:
            self._migrate()
            self._add_docs(docs)
        except OSError as exc:
            raise OutboxWriteError(len(docs), os_reason(exc)) from None

    def _add_docs(self, docs: list[dict[str, Any]]) -> None:
        now = self.clock().astimezone(UTC)
        hour = rollup.hour_of(now)
        # An hour already rolled up (the clock went back) takes no new raw files.
        while (self.hourly / f"{hour:{_HOUR}}.json").exists():
            hour += timedelta(hours=1)
        folder = self.raw / f"{hour:{_HOUR}}"
        if folder != self._made:  # an hour's first add makes its folder
            folder.mkdir(parents=True, exist_ok=True)
            self._made = folder
        micros = int(now.timestamp() * 1_000_000)
        while (folder / f"{micros:017d}.json").exists():
            micros += 1
        try:
            _write(folder / f"{micros:017d}.json", docs)
        except FileNotFoundError:  # the folder was removed since (its hour delivered)
            folder.mkdir(parents=True, exist_ok=True)
            _write(folder / f"{micros:017d}.json", docs)

    def _migrate(self) -> None:
        legacy = self.folder / LEGACY_FILE
        if not legacy.exists():
            return
        data = read_json(legacy) or {}
        table = data.get("reports") or {}
        docs = [table[k] for k in sorted(table, key=int)]
        if docs:
            self._add_docs(docs)
        atomicio.remove(legacy)

    # -- reading ----------------------------------------------------------------------------

    def _files(self) -> Iterator[Path]:
        """Every shard, oldest first; raw folders already rolled up are left out."""
        hours: set[str] = set()
        entries: list[tuple[str, int, Path]] = []
        if self.hourly.is_dir():
            for path in self.hourly.glob("*.json"):
                hours.add(path.stem)
                entries.append((path.stem, 0, path))
        if self.raw.is_dir():
            for folder in self.raw.iterdir():
                if folder.is_dir() and folder.name not in hours:
                    entries.append((folder.name, 1, folder))
        for _, level, path in sorted(entries):
            if level == 0:
                yield path
            else:
                yield from _shards(path)

    def empty(self) -> bool:
        self._migrate()
        return next(self._files(), None) is None

    def pending(self, limit: int, max_bytes: int | None = None) -> list[tuple[str, str]]:
        """(id, JSON line) of up to `limit` reports and about `max_bytes` (at least one),
        oldest first: the body of the next batch."""
        self._migrate()
        out: list[tuple[str, str]] = []
        size = 0
        for path in self._files():
            for doc in self._read(path):
                line = dumps(doc)
                size += len(line.encode("utf-8")) + 1
                if len(out) >= limit or (max_bytes is not None and out and size > max_bytes):
                    return out
                out.append((str(doc.get("id")), line))
        return out

    def _read(self, path: Path) -> list[dict[str, Any]]:
        """A shard's reports; a damaged shard is moved to `outbox/damaged/` (kept for a
        person to look at) and named in the error, so it blocks delivery only once."""
        try:
            docs = _reports(path)
        except DamagedFile:
            self._ids.pop(path, None)
            aside = self.root / "damaged" / f"{path.parent.name}-{path.name}"
            aside.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, aside)
            atomicio.fsync_dir(path.parent)
            raise
        with contextlib.suppress(OSError):
            self._ids[path] = (_signature(path), tuple(str(d.get("id")) for d in docs))
        return docs

    def _known_ids(self, path: Path) -> tuple[str, ...] | None:
        """The ids of a shard read lately and unchanged since; None otherwise."""
        known = self._ids.get(path)
        if known is None:
            return None
        try:
            same = _signature(path) == known[0]
        except OSError:
            same = False
        return known[1] if same else None

    def oldest(self, limit: int, max_bytes: int | None = None) -> list[Report]:
        return [
            report_from_json(json.loads(line), max_skew=_ANY)
            for _, line in self.pending(limit, max_bytes)
        ]

    def stats(self) -> OutboxStats:
        raw = rolled = files = total = 0
        for path in self._files():
            docs = _reports(path)  # only reads: a damaged shard is named, not moved
            up = sum(1 for d in docs if isinstance(d, dict) and d.get("span") is not None)
            rolled += up
            raw += len(docs) - up
        if self.root.is_dir():
            for path in self.root.rglob("*"):
                with contextlib.suppress(FileNotFoundError):
                    if path.is_file():
                        files += 1
                        total += _disk_bytes(path)
        legacy = self.folder / LEGACY_FILE
        if legacy.exists():
            files += 1
            total += _disk_bytes(legacy)
            raw += len((read_json(legacy) or {}).get("reports") or {})
        return OutboxStats(raw, rolled, total, files)

    def depth(self) -> int:
        found = self.stats()
        return found.raw + found.rolled_up

    # -- removing ---------------------------------------------------------------------------

    def forget(self, ids: Iterable[str]) -> int:
        """Drop acknowledged reports; returns how many were dropped."""
        gone = set(ids)
        dropped = 0
        if not gone:
            return 0
        emptied: set[Path] = set()
        for path in self._files():
            known = self._known_ids(path)
            if known is not None and gone.isdisjoint(known):
                continue
            if known is not None and gone.issuperset(known):  # acknowledged whole
                dropped += len(known)
                gone.difference_update(known)
                self._unlink(path)
                emptied.add(path.parent)
            else:
                docs = self._read(path)
                kept = [d for d in docs if d.get("id") not in gone]
                if len(kept) == len(docs):
                    continue
                dropped += len(docs) - len(kept)
                gone -= {d.get("id") for d in docs}
                if kept:
                    _write(path, kept)
                    self._ids.pop(path, None)
                else:
                    self._unlink(path)
                    emptied.add(path.parent)
            if not gone:
                break
        # One fsync per folder: a removal lost in a crash only sends a report again, and the
        # hub counts a report id once.
        for folder in sorted(emptied):
            atomicio.fsync_dir(folder)
            if folder.parent == self.raw:
                with contextlib.suppress(OSError):  # not empty: later adds of the hour
                    folder.rmdir()
        return dropped

    # -- rolling up -------------------------------------------------------------------------

    def roll_up(self, agent: str, keep: timedelta, now: datetime | None = None) -> int:
        """Fold every raw hour that ended more than `keep` ago; returns how many hours."""
        cutoff = (now or self.clock()) - keep
        if not self.raw.is_dir():
            return 0
        done = 0
        for folder in sorted(p for p in self.raw.iterdir() if p.is_dir()):
            start = _hour_start(folder.name)
            if start + timedelta(hours=1) > cutoff:
                break
            target = self.hourly / f"{folder.name}.json"
            if not target.exists():
                docs = [doc for path in _shards(folder) for doc in self._read(path)]
                if docs:
                    self.hourly.mkdir(parents=True, exist_ok=True)
                    _write(target, rollup.roll_up(agent, folder.name, docs))
            self._drop_folder(folder)
            done += 1
        return done

    def _unlink(self, path: Path) -> None:
        path.unlink()
        self._ids.pop(path, None)

    def _drop_folder(self, folder: Path) -> None:
        """Remove a raw hour already kept in its hourly file."""
        for path in folder.iterdir():  # with any temporary file a crash left behind
            self._unlink(path)
        atomicio.fsync_dir(folder)
        with contextlib.suppress(FileNotFoundError):
            os.rmdir(folder)
        atomicio.fsync_dir(self.raw)
