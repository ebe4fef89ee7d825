"""The auditor report: what was archived, how, whether it succeeded, chained to the last one.

JSON is the signed record; `backups.reportdoc` says it in words for people, in Mongolian or
English.
"""

from __future__ import annotations

import hashlib
import json
import socket
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from backups import restore_tests
from backups.archive import Outcome
from backups.manifest import REPORT_FORMAT, sha256_file
from foundation import __version__


def recipient_fingerprint(recipient: str) -> str:
    return "SHA256:" + hashlib.sha256(recipient.strip().encode()).hexdigest()[:32]


def expiry(started: datetime, years: int) -> datetime:
    """The same moment `years` later (29 February becomes 28 February)."""
    try:
        return started.astimezone(UTC).replace(year=started.year + years)
    except ValueError:
        return started.astimezone(UTC).replace(year=started.year + years, day=28)


def previous_report(out_dir: Path, exclude: Path) -> Path | None:
    """The newest earlier report in `out_dir` (by its start time), to chain to."""
    best: tuple[str, Path] | None = None
    for path in out_dir.glob("*.report.json"):
        if path == exclude:
            continue
        try:
            started = str(json.loads(path.read_text(encoding="utf-8")).get("started", ""))
        except (OSError, ValueError, AttributeError):
            continue
        if best is None or started > best[0]:
            best = (started, path)
    return best[1] if best else None


def build(
    *,
    label: str,
    archive: Path,
    sources: list[str],
    excludes: list[str],
    recipients: list[str],
    outcome: Outcome,
    started: datetime,
    ended: datetime,
    manifest_sha256: str | None,
    signing_fingerprint: str,
    previous: Path | None,
    retention_years: int | None = None,
    office: str = "",
    schedule: str = "manual",
) -> dict[str, Any]:
    files = [e for e in outcome.entries if e.type == "file"]
    expires = expiry(started, retention_years).isoformat() if retention_years else None
    return {
        "format": REPORT_FORMAT,
        "report_id": str(uuid.uuid4()),
        "label": label,
        "office": office,
        "host": socket.gethostname(),
        "agent_version": __version__,
        "sources": sources,
        "excludes": excludes,
        "schedule": schedule,
        "started": started.astimezone(UTC).isoformat(),
        "ended": ended.astimezone(UTC).isoformat(),
        "duration_seconds": round((ended - started).total_seconds(), 3),
        "status": outcome.status,
        "error": outcome.error,
        "changed_files": outcome.changed,
        "unreadable_files": [{"path": p, "reason": r} for p, r in outcome.unreadable],
        "skipped_files": outcome.skipped,
        "source_notices": [{"source": src, "message": msg} for src, msg in outcome.notices],
        "file_count": len(files),
        "entry_count": len(outcome.entries),
        "byte_count": outcome.input_bytes,
        "archive": archive.name if not outcome.error else None,
        "archive_bytes": outcome.archive_bytes,
        "compression_ratio": (
            round(outcome.input_bytes / outcome.archive_bytes, 3) if outcome.archive_bytes else None
        ),
        "archive_sha256": outcome.archive_sha256 or None,
        "manifest_sha256": manifest_sha256,
        "encryption": "age v1, X25519 recipients; zstd; tar pax UTF-8",
        "recipients": recipients,
        "recipient_fingerprints": [recipient_fingerprint(r) for r in recipients],
        "signing_key_fingerprint": signing_fingerprint,
        "offsite_receipt": None,
        "last_restore_test": restore_tests.latest_summary(archive.parent),
        "retention_years": retention_years,
        "expires": expires,
        "previous_report": previous.name if previous else None,
        "previous_report_sha256": sha256_file(previous) if previous else None,
    }
