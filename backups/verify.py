"""Check an archive without its key (hash, signatures, chain) or with it (restore test)."""

from __future__ import annotations

import socket
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyrage

from backups import restore_tests, sshsig
from backups.manifest import check_signed, sha256_bytes, sha256_file
from backups.messages import BackupProblem
from backups.names import manifest_path, report_path
from backups.restore import check_archive_file, restore_test


@dataclass(frozen=True)
class Verified:
    fingerprint: str
    report: dict[str, object]
    files_tested: int | None = None
    entry: Path | None = None
    """The signed restore-test entry written, when a signing key was given."""


def verify_report(path: Path) -> tuple[dict[str, object], str]:
    """A report's signature and its link to the previous report (when that file is beside it)."""
    report, _body, fingerprint = check_signed(path, "report")
    prev_name = report.get("previous_report")
    prev_hash = report.get("previous_report_sha256")
    if isinstance(prev_name, str) and prev_name:
        prev = path.with_name(Path(prev_name).name)
        if prev.exists() and sha256_file(prev) != prev_hash:
            raise BackupProblem(
                "verify_mismatch",
                file=str(path),
                reason=BackupProblem("mismatch.previous_report", name=prev.name),
            )
    return report, fingerprint


def _check_archive(archive: Path, sha256: Future[str], report: dict[str, object]) -> None:
    if sha256.result() != report.get("archive_sha256"):
        raise BackupProblem(
            "verify_mismatch",
            file=str(archive),
            reason=BackupProblem("mismatch.archive_sha256"),
        )


def verify_archive(
    archive: Path,
    identities: Sequence[pyrage.x25519.Identity] = (),
    signing_key: sshsig.SigningKey | None = None,
) -> Verified:
    """Hash, signatures and chain; with identities a full restore test, recorded as a signed
    entry (passed or failed) when `signing_key` is given."""
    check_archive_file(archive)
    report, fingerprint = verify_report(report_path(archive))
    manifest_file = manifest_path(archive)
    manifest, manifest_body, manifest_fp = check_signed(manifest_file, "manifest")
    if manifest_fp != fingerprint:
        raise BackupProblem(
            "verify_mismatch",
            file=str(manifest_file),
            reason=BackupProblem("mismatch.other_key"),
        )
    if sha256_bytes(manifest_body) != report.get("manifest_sha256"):
        raise BackupProblem(
            "verify_mismatch",
            file=str(manifest_file),
            reason=BackupProblem("mismatch.manifest_hash"),
        )
    with ThreadPoolExecutor(1, thread_name_prefix="archive-sha256") as pool:
        # The archive's hash is checked first, as always; with identities it is computed
        # while the restore test decrypts the same file (both mostly outside the GIL).
        archive_sha256 = pool.submit(sha256_file, archive)
        if not identities:
            _check_archive(archive, archive_sha256, report)
            return Verified(fingerprint, report)
        try:
            entries = manifest.get("files")
            if not isinstance(entries, list):
                what = BackupProblem("what.manifest")
                raise BackupProblem("unreadable_json", file=str(manifest_file), what=what)
            checked, problems = restore_test(archive, identities, entries)
        except BackupProblem:
            _check_archive(archive, archive_sha256, report)
            raise
        _check_archive(archive, archive_sha256, report)
    entry = None
    if signing_key is not None:
        tested = datetime.now(UTC)
        host = socket.gethostname()
        entry = restore_tests.record(
            archive, signing_key, tested=tested, files_checked=checked, problems=problems, host=host
        )
    if problems:
        raise BackupProblem("verify_mismatch", file=str(archive), reason=problems[0])
    return Verified(fingerprint, report, checked, entry)
