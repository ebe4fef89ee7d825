"""The spool: acknowledged batches that `serve` has not yet moved into the store.

`ingest` writes each accepted batch as one file `<ns>-<agent>-<random>.jsonl` (one report
per line) through a temporary name, fsync and rename; only then does it acknowledge. `serve`
applies files in name order and removes each only after the store writes are durable.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

from foundation import atomicio
from foundation.wire import Report, WireError, loads, report_from_json

SUFFIX = ".jsonl"
# A spooled report was checked against the clock when it arrived; not checked again.
_FAR = timedelta(days=365 * 100)


def write_batch(spool: Path, agent: str, reports: Iterable[Report]) -> Path | None:
    """Durably add a batch; returns its file, or None when there was nothing to write."""
    lines = [r.line() for r in reports]
    if not lines:
        return None
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", agent)[:40]
    name = f"{time.time_ns():020d}-{safe}-{secrets.token_hex(4)}{SUFFIX}"
    path = spool / name
    atomicio.write_text(path, "\n".join(lines) + "\n", mode=0o640)
    return path


def pending(spool: Path) -> list[Path]:
    """Batches waiting, oldest first (temporary files start with a dot and are skipped)."""
    return sorted(p for p in spool.iterdir() if p.suffix == SUFFIX and not p.name.startswith("."))


def read_batch(path: Path) -> list[Report]:
    """The reports of one spooled batch; they were validated by ingest already."""
    reports = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                reports.append(report_from_json(loads(line), max_skew=_FAR))
            except (ValueError, WireError) as exc:
                raise WireError(f"{path.name} line {number}: {exc}") from None
    return reports


def quarantine(path: Path) -> Path:
    """Move a batch that cannot be applied aside, so it is kept but no longer retried."""
    folder = path.parent / "rejected"
    folder.mkdir(exist_ok=True)
    target = folder / path.name
    os.replace(path, target)
    atomicio.fsync_dir(path.parent)
    return target


def remove_applied(paths: Iterable[Path]) -> None:
    """Forget batches whose reports are durably in the store (one folder sync for all)."""
    folders = set()
    for path in paths:
        path.unlink(missing_ok=True)
        folders.add(path.parent)
    for folder in folders:
        atomicio.fsync_dir(folder)
