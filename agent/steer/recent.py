"""The raw samples of the last two days, kept beside the outbox after the hub has them, so the
hub can ask for them again (the `samples` task: a hub restored from an older backup, a gap in
its history). One file per hour, `<agent data>/steer/recent/YYYYMMDDTHH.jsonl`, one wire
report per line, appended; hours older than `KEEP` are removed. Sent again with their own ids,
they are stored once: the hub ignores a report id it already has."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from foundation.wire import Report, report_from_json, utcnow

FOLDER = Path("steer") / "recent"
KEEP = timedelta(hours=48)
KINDS = frozenset({"health", "snmp", "probe", "outage"})
_HOUR = "%Y%m%dT%H"


class Recent:
    def __init__(self, agent_dir: Path) -> None:
        self.folder = agent_dir / FOLDER
        self._pruned: str | None = None
        self._made = False

    def keep(self, reports: Iterable[Report], now: datetime | None = None) -> None:
        lines = [r.line() for r in reports if r.kind in KINDS]
        if not lines:
            return
        now = now or utcnow()
        hour = now.strftime(_HOUR)
        with contextlib.suppress(OSError):  # only a second copy: never a reason to stop
            if not self._made:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._made = True
            with (self.folder / f"{hour}.jsonl").open("a", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n")
            if self._pruned != hour:
                self._pruned = hour
                oldest = (now - KEEP).strftime(_HOUR)
                for path in self.folder.glob("*.jsonl"):
                    if path.stem < oldest:
                        path.unlink()

    def since(self, hours: float, now: datetime | None = None) -> list[Report]:
        """The kept samples of the last `hours` (at most `KEEP`), oldest first."""
        now = now or utcnow()
        start = now - min(timedelta(hours=hours), KEEP)
        found: list[Report] = []
        for path in sorted(self.folder.glob("*.jsonl")):
            if path.stem < (start - timedelta(hours=1)).strftime(_HOUR):
                continue
            for text in path.read_text(encoding="utf-8").splitlines():
                try:
                    report = report_from_json(json.loads(text))
                except (ValueError, KeyError, TypeError):
                    continue  # a torn last line
                if report.ts >= start:
                    found.append(report)
        return found
