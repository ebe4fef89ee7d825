"""The audit trail as the Audit screen and `soumnet-hub audit list` show it: the entries in
the order of `seq`, and the chain's verification (`inventory.store.audit.verify`), so the
screen, `audit list` and `audit verify` can never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from foundation.kinds.numbers import whole
from foundation.wire import parse_ts
from inventory.store import audit
from inventory.store.layout import Layout


@dataclass(frozen=True)
class AuditEntry:
    seq: int | None
    """None when the stored entry has no whole number there (verification says so)."""
    ts: str
    """As stored: the entry's hash covers this very text."""
    who: str
    action: str
    target: str
    before: Any
    after: Any
    prev: str | None
    hash: str | None

    @property
    def when(self) -> datetime | None:
        try:
            return parse_ts(self.ts)
        except ValueError:
            return None

    def to_json(self) -> dict[str, Any]:
        """The entry's fields as the trail holds them (what `audit list --json` prints)."""
        return {
            "seq": self.seq,
            "ts": self.ts,
            "who": self.who,
            "action": self.action,
            "target": self.target,
            "before": self.before,
            "after": self.after,
            "prev": self.prev,
            "hash": self.hash,
        }


@dataclass(frozen=True)
class AuditView:
    entries: tuple[AuditEntry, ...]
    """Oldest first; only the newest `limit` when the view was built with one."""
    total: int
    """Entries in the whole trail."""
    findings: tuple[audit.Finding, ...]
    """Every break in the chain; none means the trail is intact."""

    @property
    def intact(self) -> bool:
        return not self.findings

    def to_json(self) -> list[dict[str, Any]]:
        return [e.to_json() for e in self.entries]


def audit_view(layout: Layout, limit: int | None = None) -> AuditView:
    """Read and verify the trail; `limit` keeps only the newest entries (a screen stays fast
    however long the trail grows)."""
    found = audit.entries(layout)
    shown = found[-limit:] if limit else found
    return AuditView(tuple(_entry(e) for e in shown), len(found), tuple(audit.verify(layout)))


def _entry(doc: dict[str, Any]) -> AuditEntry:
    prev, digest = doc.get("prev"), doc.get("hash")
    return AuditEntry(
        seq=whole(doc.get("seq")),
        ts=str(doc.get("ts", "")),
        who=str(doc.get("who", "")),
        action=str(doc.get("action", "")),
        target=str(doc.get("target", "")),
        before=doc.get("before"),
        after=doc.get("after"),
        prev=str(prev) if prev is not None else None,
        hash=str(digest) if digest is not None else None,
    )
