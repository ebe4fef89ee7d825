"""The audit trail: every change made by a person, append-only and hash-chained.

Each entry carries `seq` (1, 2, 3, …), the hash of the entry before it (`prev`) and its own
`hash` = SHA-256 over `prev` and the entry's canonical JSON. Entries live in monthly shards
(`store/audit/YYYY-MM.json`) so an append never rewrites a large file; `store/audit/head.json`
names the last entry. `verify` recomputes the chain: an edited entry breaks its hash, a deleted
entry breaks the sequence and the next `prev`, a deleted last entry no longer matches the head.

Writers call `record` while holding `Layout.write_lock()` (person-writes and `serve` share it).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from agent import atomicio
from agent.jsonstore import batch, read_json
from agent.wire import format_ts, utcnow
from inventory.layout import Layout

GENESIS = "0" * 64


def _digest(prev: str, body: dict[str, Any]) -> str:
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev + "\n" + text).encode("utf-8")).hexdigest()


def _head_path(layout: Layout) -> Path:
    return layout.audit / "head.json"


def _head(layout: Layout) -> dict[str, Any]:
    found = read_json(_head_path(layout))
    return found if isinstance(found, dict) else {"seq": 0, "hash": GENESIS}


def record(
    layout: Layout,
    who: str,
    action: str,
    target: str,
    before: Any,
    after: Any,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Append one entry (caller holds the write lock); returns it."""
    now = now or utcnow()
    head = _head(layout)
    body = {
        "seq": int(head["seq"]) + 1,
        "ts": format_ts(now),
        "who": who,
        "action": action,
        "target": target,
        "before": before,
        "after": after,
        "prev": head["hash"],
    }
    entry = {**body, "hash": _digest(str(head["hash"]), body)}
    layout.audit.mkdir(parents=True, exist_ok=True)
    with batch(layout.audit / f"{now:%Y-%m}.json") as db:
        db.table("entries").insert(entry)
    atomicio.write_text(
        _head_path(layout), json.dumps({"seq": entry["seq"], "hash": entry["hash"]})
    )
    return entry


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
