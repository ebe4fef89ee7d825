"""What reached the hub's archive folder: one row per archive report, per source and year.

`inventory.intake.archives` receives files from agents into `archives/<agent>/`; this module reads
that folder back for people. Listing parses the report JSON only (cheap: a poll never
hashes gigabytes); checking signatures, the report chain and the archive's hash is
`check`, run on request. The signed receipt the hub returned is kept by the agent and
comes back in its next "backup" report, so the store's newest backup report of the agent
says whether the receipt for an archive arrived.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from backups.messages import BackupProblem
from foundation.i18n import Lang
from foundation.kinds import backup
from foundation.kinds.fields import data_of
from inventory.config import HubConfig
from inventory.intake.archives import archive_root
from inventory.store.layout import Layout
from inventory.store.store import Store

REPORT_SUFFIX = ".report.json"


@dataclass(frozen=True)
class ArchiveRow:
    source: str
    """The agent that delivered it (its folder under `archives/`)."""
    label: str
    year: str
    status: str
    """OK, WARNING or FAILED as the signed report says; "?" when unreadable."""
    archive: str | None
    size: int | None
    sha256: str | None
    received: datetime
    """When the hub stored the report (the file's modification time)."""
    expires: str | None
    restore_test: str | None
    receipt: bool
    """The agent checked the hub's signed receipt and reported it back."""
    report_path: Path


def _receipts(config: HubConfig) -> set[tuple[str, str]]:
    """(agent, file name) of every file named in a receipt the agents reported back."""
    found: set[tuple[str, str]] = set()
    for kinds in Store(Layout(config.hub_dir)).latest().values():
        sample = kinds.get("backup")
        if not sample:
            continue
        for item in backup.parse(data_of(sample)).receipt:
            found.add((str(sample.get("agent", "")), item.name or ""))
    return found


def _restore_text(value: Any) -> str | None:
    if not value:
        return None
    if isinstance(value, dict):
        return " ".join(str(value.get(k)) for k in ("status", "ts", "files") if value.get(k))
    return str(value)


def read_report(path: Path) -> dict[str, Any]:
    """The report's fields as written, unchecked; {} when it cannot be read."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return report if isinstance(report, dict) else {}


def _row(path: Path, source: str, receipts: set[tuple[str, str]]) -> ArchiveRow:
    received = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    report = read_report(path)
    started = str(report.get("started") or "")
    size = report.get("archive_bytes")
    archive = report.get("archive")
    return ArchiveRow(
        source=source,
        label=str(report.get("label") or path.name[: -len(REPORT_SUFFIX)]),
        year=started[:4] or f"{received:%Y}",
        status=str(report.get("status") or "?"),
        archive=str(archive) if archive else None,
        size=size if isinstance(size, int) and not isinstance(size, bool) else None,
        sha256=str(report["archive_sha256"]) if report.get("archive_sha256") else None,
        received=received,
        expires=str(report["expires"])[:10] if report.get("expires") else None,
        restore_test=_restore_text(report.get("last_restore_test")),
        receipt=bool(archive) and (source, str(archive)) in receipts,
        report_path=path,
    )


def list_archives(config: HubConfig) -> list[ArchiveRow]:
    """Every archive report on the hub, by source, newest year first."""
    root = archive_root(config)
    if not root.is_dir():
        return []
    receipts = _receipts(config)
    rows = [
        _row(path, folder.name, receipts)
        for folder in sorted(p for p in root.iterdir() if p.is_dir())
        for path in folder.glob(f"*{REPORT_SUFFIX}")
        if not path.name.startswith(".")
    ]
    return sorted(rows, key=lambda r: (r.source, -int(r.year or 0), r.label))


@dataclass(frozen=True)
class Checked:
    """The result of checking a report on the hub, without any decryption key."""

    report: dict[str, Any]
    ok: bool
    detail: str
    """The signer's fingerprint when `ok`, else the reason in the asked language."""
    archive_checked: bool
    """The archive's SHA-256 and its signed manifest were checked too (the file is here)."""


def check(report_path: Path, trusted: set[str], lang: Lang = "en") -> Checked:
    """Check the signature against the agent's recorded key (`trusted` fingerprints), the
    chain link and, when the archive is here, its hash."""
    # Imported here, as in `signer`: cryptography, pyrage and zstandard (+12 MiB RSS, +23 ms)
    # only when a signature is checked, not for every hub command, `serve` or the TUI's list.
    from backups.manifest import ARCHIVE_SUFFIX
    from backups.trust import check_trusted
    from backups.verify import verify_archive, verify_report

    report = read_report(report_path)
    name = str(report.get("archive") or "")
    archive = report_path.with_name(Path(name).name) if name.endswith(ARCHIVE_SUFFIX) else None
    try:
        if archive is not None and archive.exists():
            verified = verify_archive(archive)
            check_trusted(report_path, verified.fingerprint, trusted)
            return Checked(dict(verified.report), True, verified.fingerprint, True)
        signed, fingerprint = verify_report(report_path)
        check_trusted(report_path, fingerprint, trusted)
        return Checked(dict(signed), True, fingerprint, False)
    except BackupProblem as exc:
        return Checked(report, False, exc.text(lang), False)
    except OSError as exc:
        return Checked(report, False, str(exc), False)


def signer(report_path: Path, trusted: set[str]) -> tuple[str, str | None, str | None]:
    """(`trusted` | `untrusted` | `invalid`, the signer's fingerprint, the problem in English)
    of a report's signature alone: cheap enough for every row of a listing."""
    from backups.trust import check_trusted  # cryptography and the rest: see `check`
    from backups.verify import verify_report

    try:
        _signed, fingerprint = verify_report(report_path)
    except BackupProblem as exc:
        return "invalid", None, str(exc)
    try:
        check_trusted(report_path, fingerprint, trusted)
    except BackupProblem as exc:
        return "untrusted", fingerprint, str(exc)
    return "trusted", fingerprint, None
