"""Signed restore-test entries: proof that an archive was decrypted and checked in full.

`verify --identity` writes `L-….restore-test-YYYYMMDDTHHMMSSZ.json` (and its `.sig`) beside
the archive's report, signed like the report. The next report's `last_restore_test` names
the newest entry in its folder; the offsite copy carries entries the hub has not received.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from backups import sshsig
from backups.manifest import sha256_file, write_signed
from backups.names import base_of, report_path, sig_path

FORMAT = "soumnet-restore-test/1"
MARK = ".restore-test-"


def entry_path(archive: Path, tested: datetime) -> Path:
    base = base_of(archive)
    return base.with_name(f"{base.name}{MARK}{tested.astimezone(UTC):%Y%m%dT%H%M%SZ}.json")


def record(
    archive: Path,
    key: sshsig.SigningKey,
    *,
    tested: datetime,
    files_checked: int,
    problems: list[str],
    host: str,
) -> Path:
    """Write and sign one entry; returns its path."""
    report = report_path(archive)
    data: dict[str, Any] = {
        "format": FORMAT,
        "archive": archive.name,
        "archive_sha256": sha256_file(archive),
        "report": report.name,
        "report_sha256": sha256_file(report) if report.exists() else None,
        "tested": tested.astimezone(UTC).isoformat(),
        "host": host,
        "status": "FAILED" if problems else "PASSED",
        "files_checked": files_checked,
        "problems": problems,
        "signing_key_fingerprint": sshsig.fingerprint(key.public),
    }
    path = entry_path(archive, tested)
    write_signed(path, data, key)
    return path


def entries(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every readable entry in `folder`, oldest first (unsigned or unreadable ones left out)."""
    found: list[tuple[Path, dict[str, Any]]] = []
    for path in folder.glob(f"*{MARK}*.json"):
        if not sig_path(path).exists():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("format") == FORMAT:
            found.append((path, data))
    return sorted(found, key=lambda item: str(item[1].get("tested", "")))


def summary(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """What a report or a listing shows of one entry (`status`, `ts`, `files` as the hub's
    archive listing reads them)."""
    return {
        "entry": path.name,
        "entry_sha256": sha256_file(path),
        "archive": data.get("archive"),
        "status": data.get("status"),
        "ts": data.get("tested"),
        "files": data.get("files_checked"),
    }


def latest_summary(folder: Path, archive: str | None = None) -> dict[str, Any] | None:
    """The newest entry in `folder` (of one archive when named), or None."""
    found = [(p, d) for p, d in entries(folder) if archive is None or d.get("archive") == archive]
    return summary(*found[-1]) if found else None


def unsent(folder: Path) -> list[Path]:
    """Entries (and their signatures) not yet named in any offsite receipt in `folder`."""
    sent: set[str] = set()
    for receipt in folder.glob("*.receipt.json"):
        try:
            files = json.loads(receipt.read_text(encoding="utf-8")).get("files", [])
            sent.update(str(item.get("name")) for item in files if isinstance(item, dict))
        except (OSError, ValueError, AttributeError):
            continue
    out: list[Path] = []
    for path, _data in entries(folder):
        if path.name not in sent:
            out += [path, sig_path(path)]
    return out
