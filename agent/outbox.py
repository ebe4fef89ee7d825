"""The agent's outbox: every report stays here until the hub has acknowledged it.

One TinyDB file (`outbox.json`, table `reports`) written atomically, so a crash or a full
disk never loses what was already kept. Reports are kept in the order they were made.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

from agent.jsonstore import batch, read_json
from agent.wire import Report, report_from_json

# What is in the outbox was made here; its age is no reason to refuse it.
_ANY = timedelta(days=365 * 100)


class Outbox:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "outbox.json"

    def add(self, reports: Iterable[Report]) -> None:
        docs = [r.to_json() for r in reports]
        if not docs:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        with batch(self.path) as db:
            db.table("reports").insert_multiple(docs)

    def _docs(self) -> list[dict[str, object]]:
        data = read_json(self.path) or {}
        table = data.get("reports") or {}
        return [table[k] for k in sorted(table, key=int)]

    def oldest(self, limit: int) -> list[Report]:
        return [report_from_json(doc, max_skew=_ANY) for doc in self._docs()[:limit]]

    def depth(self) -> int:
        return len(self._docs())

    def forget(self, ids: Iterable[str]) -> int:
        """Drop acknowledged reports; returns how many were dropped."""
        gone = set(ids)
        if not gone or not self.path.exists():
            return 0
        with batch(self.path) as db:
            table = db.table("reports")
            removed = table.remove(lambda doc: doc.get("id") in gone)
        return len(removed)
