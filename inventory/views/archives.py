"""What reached the hub's archive folder: one row per archive report, per source and year.

`inventory.intake.archives` receives files from agents into `archives/<agent>/`; this module reads
that folder back for people. Listing parses the report JSON and checks the report's
signature alone (cheap: a poll never hashes gigabytes); checking the report chain and the
archive's hash is `check`, run on request. The Backups screen and `soumnet-hub archives list`
read the same `ArchivesView`. The signed receipt the hub returned is kept by the agent and
comes back in its next "backup" report, so the store's newest backup report of the agent
says whether the receipt for an archive arrived.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from backups.messages import BackupProblem
from backups.messages import T as backup_texts
from backups.names import ARCHIVE_SUFFIX, REPORT_SUFFIX
from foundation.document.model import Document
from foundation.i18n import Lang
from foundation.kinds import backup
from foundation.kinds.fields import data_of, text
from foundation.kinds.numbers import whole
from foundation.wire import format_ts
from inventory.config import HubConfig
from inventory.intake.agents import Registry, trusted_fingerprints
from inventory.intake.archives import archive_root
from inventory.store.layout import Layout
from inventory.store.store import Store


@dataclass(frozen=True)
class RestoreTest:
    """The newest restore test of one archive, as its signed entry beside it says."""

    entry: str
    entry_sha256: str
    archive: str | None
    status: str | None
    """PASSED or FAILED as the entry says."""
    ts: str | None
    files: int | None


@dataclass(frozen=True)
class ArchiveRow:
    id: str
    """`agent/name`: what `soumnet-hub archives delete` takes."""
    source: str
    """The agent that delivered it (its folder under `archives/`)."""
    label: str
    year: str
    started: str | None
    status: str | None
    """OK, WARNING or FAILED as the signed report says; None when unreadable."""
    archive: str | None
    size: int | None
    sha256: str | None
    received: datetime
    """When the hub stored the report (the file's modification time)."""
    expires: str | None
    """As the signed report says; None: kept forever."""
    present: bool
    """The archive itself is still on the hub (deleting it keeps the report)."""
    restore_test: RestoreTest | None
    receipt: bool
    """The agent checked the hub's signed receipt and reported it back."""
    signature: str
    """`trusted`, `untrusted` or `invalid` (`signer`): the report's signature alone."""
    signer: str | None
    signature_problem: str | None
    report_path: Path

    @property
    def failed(self) -> bool:
        return self.status == "FAILED"

    def to_json(self) -> dict[str, Any]:
        """The fields `soumnet-hub archives list --json` always printed, then the rest."""
        return {
            "id": self.id,
            "agent": self.source,
            "started": self.started,
            "status": self.status,
            "archive_bytes": self.size,
            "expires": self.expires,
            "present": self.present,
            "last_restore_test": asdict(self.restore_test) if self.restore_test else None,
            "signature": self.signature,
            "signer": self.signer,
            "signature_problem": self.signature_problem,
            "label": self.label,
            "year": self.year,
            "archive": self.archive,
            "archive_sha256": self.sha256,
            "received": format_ts(self.received),
            "receipt": self.receipt,
        }


@dataclass(frozen=True)
class ArchivesView:
    rows: tuple[ArchiveRow, ...]
    """By source, newest year first."""

    @property
    def sources(self) -> int:
        return len({r.source for r in self.rows})

    @property
    def failed(self) -> int:
        return sum(1 for r in self.rows if r.failed)

    def find(self, report_path: str | None) -> ArchiveRow | None:
        return next((r for r in self.rows if str(r.report_path) == report_path), None)

    def to_json(self) -> list[dict[str, Any]]:
        return [r.to_json() for r in self.rows]


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


def read_report(path: Path) -> dict[str, Any]:
    """The report's fields as written, unchecked; {} when it cannot be read."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return report if isinstance(report, dict) else {}


def _restore_test(found: dict[str, Any] | None) -> RestoreTest | None:
    """A restore-test entry's summary (`backups.restore_tests.summary`), typed."""
    if found is None:
        return None
    return RestoreTest(
        entry=str(found["entry"]),
        entry_sha256=str(found["entry_sha256"]),
        archive=text(found.get("archive")),
        status=text(found.get("status")),
        ts=text(found.get("ts")),
        files=whole(found.get("files")),
    )


def _row(
    path: Path,
    source: str,
    receipts: set[tuple[str, str]],
    tests: dict[str, dict[str, Any]],
    trusted: set[str],
) -> ArchiveRow:
    received = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    base = path.name[: -len(REPORT_SUFFIX)]
    report = read_report(path)
    started = str(report.get("started") or "")
    archive = report.get("archive")
    signature, fingerprint, problem = signer(path, trusted)
    return ArchiveRow(
        id=f"{source}/{base}",
        source=source,
        label=str(report.get("label") or base),
        year=started[:4] or f"{received:%Y}",
        started=started or None,
        status=text(report.get("status")),
        archive=str(archive) if archive else None,
        size=whole(report.get("archive_bytes")),
        sha256=text(report.get("archive_sha256")),
        received=received,
        expires=text(report.get("expires")),
        present=(path.parent / (base + ARCHIVE_SUFFIX)).exists(),
        restore_test=_restore_test(tests.get(base + ARCHIVE_SUFFIX)),
        receipt=bool(archive) and (source, str(archive)) in receipts,
        signature=signature,
        signer=fingerprint,
        signature_problem=problem,
        report_path=path,
    )


def archives_view(config: HubConfig) -> ArchivesView:
    """Every archive report on the hub, by source, newest year first."""
    # Imported here: cryptography (+9 MiB RSS, +15 ms) only where archives are listed, not
    # for every hub command and `serve`, which load this module.
    import backups.restore_tests as restore_tests

    root = archive_root(config)
    if not root.is_dir():
        return ArchivesView(())
    receipts = _receipts(config)
    registry = Registry(config)
    rows = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        # the newest restore-test entry of each archive (entries come oldest first)
        newest = {str(d.get("archive")): (p, d) for p, d in restore_tests.entries(folder)}
        tests = {name: restore_tests.summary(*entry) for name, entry in newest.items()}
        trusted = trusted_fingerprints(registry, folder.name)
        rows += [
            _row(path, folder.name, receipts, tests, trusted)
            for path in folder.glob(f"*{REPORT_SUFFIX}")
            if not path.name.startswith(".")
        ]
    rows.sort(key=lambda r: (r.source, -int(r.year or 0), r.label))
    return ArchivesView(tuple(rows))


def list_archives(config: HubConfig) -> list[ArchiveRow]:
    """Every archive report on the hub, by source, newest year first."""
    return list(archives_view(config).rows)


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


def report_document(
    report_path: Path, checked: Checked | None, config: HubConfig, lang: Lang
) -> Document:
    """The report as the auditor reads it (`backups.reportdoc`, as `soumnet-backup report`
    prints it), with what `check` found: verified against the key the hub recorded for the
    agent, or the reason it failed. `checked` None while the check runs: the report's fields
    as written, without a verification."""
    import backups.reportdoc as reportdoc  # cryptography and the rest: see `check`

    report = checked.report if checked is not None else read_report(report_path)
    found = None
    if checked is not None:
        agent = report_path.parent.name
        source = backup_texts(lang, "doc.hub_key", agent=agent)
        found = reportdoc.ReportCheck(
            signer=checked.detail if checked.ok else None,
            trusted=reportdoc.TrustedKey(checked.detail, source) if checked.ok else None,
            problem=None if checked.ok else checked.detail,
            file=report_path.name,
            chain=reportdoc.chain_of(report_path, report),
            restore_tests=reportdoc.restore_tests_of(report_path, report),
        )
    return reportdoc.archive_document(
        [report], [found], lang, config.office, config.backup.recipient_names
    )


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
