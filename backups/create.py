"""One complete run: the archive, its signed manifest and its signed, chained report.

Shared by `soumnet-backup create` and the agent's yearly job.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from backups import report as report_mod
from backups import sshsig
from backups.archive import Outcome, Progress, create_archive
from backups.manifest import write_manifest, write_signed
from backups.names import ARCHIVE_SUFFIX, manifest_path, report_path
from backups.settings import DumpSettings, describe


@dataclass(frozen=True)
class Created:
    archive: Path
    report_file: Path
    report: dict[str, Any]
    outcome: Outcome


def create_signed(
    *,
    sources: Sequence[Path],
    label: str,
    out_dir: Path,
    recipients: Sequence[str],
    signing_key: Path,
    excludes: Sequence[str] = (),
    office: str = "",
    retention_years: int | None = None,
    schedule: str = "manual",
    progress: Progress | None = None,
    sqlite: Sequence[Path] = (),
    dumps: Sequence[DumpSettings] = (),
) -> Created:
    """Create and sign; a FAILED run still leaves its signed report (and nothing else)."""
    key = sshsig.SigningKey.load(signing_key)
    out_dir.mkdir(parents=True, exist_ok=True)
    started, archive = _free_name(out_dir, label)
    outcome = create_archive(
        list(sources), archive, list(recipients), list(excludes), progress, sqlite, dumps
    )
    ended = datetime.now(UTC)
    manifest_sha = None
    if outcome.problem is None:
        totals = {
            "entries": len(outcome.entries),
            "files": sum(1 for e in outcome.entries if e.type == "file"),
            "bytes": outcome.input_bytes,
        }
        entries = (e.manifest_text() for e in outcome.entries)
        manifest_sha = write_manifest(manifest_path(archive), archive.name, entries, totals, key)
    rpath = report_path(archive)
    data = report_mod.build(
        label=label,
        archive=archive,
        sources=describe(sources, sqlite, dumps),
        excludes=list(excludes),
        recipients=list(recipients),
        outcome=outcome,
        started=started,
        ended=ended,
        manifest_sha256=manifest_sha,
        signing_fingerprint=sshsig.fingerprint(key.public),
        previous=report_mod.previous_report(out_dir, rpath),
        retention_years=retention_years,
        office=office,
        schedule=schedule,
    )
    write_signed(rpath, data, key)
    return Created(archive, rpath, data, outcome)


def _free_name(out_dir: Path, label: str) -> tuple[datetime, Path]:
    """The start time and the archive's name, `LABEL-YYYYMMDDTHHMMSSZ`: a second run in the
    same second waits for the next one rather than take (and replace) the first's files."""
    while True:
        started = datetime.now(UTC)
        archive = out_dir / f"{label}-{started:%Y%m%dT%H%M%SZ}{ARCHIVE_SUFFIX}"
        taken = (archive, archive.with_name(archive.name + ".partial"), report_path(archive))
        if not any(os.path.lexists(path) for path in taken):
            return started, archive
        time.sleep(1.0 - started.microsecond / 1e6)
