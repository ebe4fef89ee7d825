"""The audit trail: every change made by a person, append-only and hash-chained.

Each entry carries `seq` (1, 2, 3, …), the hash of the entry before it (`prev`) and its own
`hash` = SHA-256 over `prev` and the entry's canonical JSON. Entries live in monthly shards
(`store/audit/YYYY-MM.json`) so an append never rewrites a large file; `store/audit/head.json`
names the last entry. `verify` recomputes the chain: an edited entry breaks its hash, a deleted
entry breaks the sequence and the next `prev`, a deleted last entry no longer matches the head.

Writers hold `Layout.write_lock()` (person-writes and `serve` share it) and make their change
inside `recorded(...)`: its entries are staged first (written and fsynced beside their files),
renamed into place only when the change's own write succeeded, and removed when it failed. So
a trail that cannot be written (a full disk, a read-only folder) stops the change before the
store is touched, and a change that cannot be stored leaves no entry: both or neither.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from foundation import atomicio
from foundation.i18n import Problem
from foundation.jsonfile import read_json
from foundation.wire import format_ts, utcnow
from inventory.records_messages import T
from inventory.store.jsonstore import next_doc_id, table
from inventory.store.layout import Layout

GENESIS = "0" * 64


def _digest(prev: str, body: dict[str, Any]) -> str:
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev + "\n" + text).encode("utf-8")).hexdigest()


def _head_path(layout: Layout) -> Path:
    return layout.audit_head


def _head(layout: Layout) -> dict[str, Any]:
    found = read_json(_head_path(layout))
    return found if isinstance(found, dict) else {"seq": 0, "hash": GENESIS}


@dataclass(frozen=True)
class Change:
    """What one audit entry says: who did what to which record, before and after."""

    who: str
    action: str
    target: str
    before: Any
    after: Any


class TrailUnwritable(Problem):
    """The audit entry could not be written, so the change it describes was not applied."""

    def __init__(self, folder: Path, exc: OSError) -> None:
        super().__init__(T, "audit.unwritable", folder=folder, reason=exc.strerror or str(exc))


@contextlib.contextmanager
def recorded(
    layout: Layout, *changes: Change, now: datetime | None = None
) -> Iterator[list[dict[str, Any]]]:
    """Make a change inside this block (caller holds the write lock): the entries of `changes`
    are staged before it and stored with it, or not at all. TrailUnwritable when staging fails;
    an exception from the block removes the staged entries and passes on."""
    now = now or utcnow()
    head = _head(layout)
    made: list[dict[str, Any]] = []
    for change in changes:
        body = {
            "seq": int(head["seq"]) + 1,
            "ts": format_ts(now),
            "who": change.who,
            "action": change.action,
            "target": change.target,
            "before": change.before,
            "after": change.after,
            "prev": head["hash"],
        }
        head = {**body, "hash": _digest(str(head["hash"]), body)}
        made.append(head)
    staged: list[tuple[Path, Path]] = []
    try:
        if made:
            layout.audit.mkdir(parents=True, exist_ok=True)
            shard = layout.audit / f"{now:%Y-%m}.json"
            data = read_json(shard) or {}
            docs = table(data, "entries", shard)
            for entry in made:
                docs[str(next_doc_id(docs))] = entry
            for path, value in (
                (shard, data),
                (_head_path(layout), {"seq": head["seq"], "hash": head["hash"]}),
            ):
                text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
                staged.append((atomicio.stage_bytes(path, text.encode("utf-8")), path))
    except OSError as exc:
        for tmp, _ in staged:
            atomicio.discard(tmp)
        raise TrailUnwritable(layout.audit, exc) from None
    try:
        yield made
    except BaseException:
        for tmp, _ in staged:
            atomicio.discard(tmp)
        raise
    for tmp, path in staged:
        atomicio.commit(tmp, path)


def record(
    layout: Layout,
    who: str,
    action: str,
    target: str,
    before: Any,
    after: Any,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Append one entry on its own (caller holds the write lock); returns it."""
    with recorded(layout, Change(who, action, target, before, after), now=now) as made:
        pass
    return made[0]


def entries(layout: Layout) -> list[dict[str, Any]]:
    """Every entry, in order of `seq`."""
    found: list[dict[str, Any]] = []
    if not layout.audit.is_dir():
        return found
    for shard in sorted(layout.audit.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9].json")):
        data = read_json(shard) or {}
        found.extend((data.get("entries") or {}).values())
    return sorted(found, key=lambda e: e.get("seq", 0) if isinstance(e.get("seq"), int) else 0)


@dataclass(frozen=True)
class Finding:
    """One break in the chain: which entry and what is wrong (a message key of the catalog)."""

    seq: int
    problem: str


def verify(layout: Layout) -> list[Finding]:
    """Every break in the chain; an empty list means the trail is intact."""
    findings: list[Finding] = []
    prev = GENESIS
    expected = 1
    for entry in entries(layout):
        seq = entry.get("seq")
        if not isinstance(seq, int):
            findings.append(Finding(0, "audit.bad_entry"))
            continue
        if seq != expected:
            findings.append(Finding(expected, "audit.missing"))
        if entry.get("prev") != prev:
            findings.append(Finding(seq, "audit.broken_link"))
        body = {k: v for k, v in entry.items() if k != "hash"}
        if entry.get("hash") != _digest(str(entry.get("prev")), body):
            findings.append(Finding(seq, "audit.edited"))
        prev = str(entry.get("hash"))
        expected = seq + 1
    head = _head(layout)
    if int(head["seq"]) != expected - 1 or (head["seq"] and head["hash"] != prev):
        findings.append(Finding(int(head["seq"]), "audit.tail_missing"))
    return findings
