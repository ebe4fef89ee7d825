"""Sources that are not plain folders: SQLite databases and database dumps.

Each becomes one file in the archive, under its own name. Both are first written to a
temporary file beside the archive (never held in memory): a SQLite file through SQLite's
online backup API, so a program writing to it meanwhile cannot make the copy inconsistent;
a dump by pointing the command's standard output straight at the file.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from backups.messages import BackupProblem
from backups.settings import DumpSettings

STDERR_QUOTED = 2000
"""Characters of a dump's standard error quoted in the report."""
BUSY_SECONDS = 30.0


@dataclass(frozen=True)
class Prepared:
    """A temporary file to archive as `name`, with the mode and mtime to record."""

    name: str
    path: Path
    mode: int
    mtime: float


@dataclass(frozen=True)
class Notice:
    """A dump's message on standard error: the run becomes a WARNING."""

    source: str
    message: str


def copy_sqlite(source: Path, target: Path) -> Prepared:
    """A consistent copy of a live database (one read transaction over all pages)."""
    if not source.is_file():
        raise BackupProblem("source_missing", path=str(source))
    st = source.stat()
    uri = f"file:{quote(str(source.resolve()))}?mode=ro"
    try:
        src = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise BackupProblem("sqlite_failed", path=str(source), reason=str(exc)) from None
    os.chmod(target, 0o600)
    return Prepared(source.name, target, st.st_mode & 0o7777, st.st_mtime)


def run_dump(dump: DumpSettings, target: Path, stderr_file: Path) -> tuple[Prepared, Notice | None]:
    """Run the dump with its standard output going to `target`; FAILED on a non-zero exit."""
    started = time.time()
    try:
        with open(target, "xb") as out, open(stderr_file, "w+b") as err:
            code = subprocess.run(
                list(dump.command), stdin=subprocess.DEVNULL, stdout=out, stderr=err, check=False
            ).returncode
            err.seek(0)
            message = err.read(STDERR_QUOTED * 4).decode("utf-8", "replace").strip()
    except OSError as exc:
        raise BackupProblem(
            "dump_failed", name=dump.name, reason=exc.strerror or str(exc)
        ) from None
    message = message[:STDERR_QUOTED]
    if code != 0:
        reason = f"exit status {code}" + (f": {message}" if message else "")
        raise BackupProblem("dump_failed", name=dump.name, reason=reason)
    notice = Notice(f"dump:{dump.name}", message) if message else None
    return Prepared(dump.name, target, 0o600, started), notice


def prepare(
    sqlite: Sequence[Path], dumps: Sequence[DumpSettings], workdir: Path
) -> tuple[list[Prepared], list[Notice]]:
    """Every SQLite copy and dump, as temporary files in `workdir`."""
    prepared: list[Prepared] = []
    notices: list[Notice] = []
    for i, path in enumerate(sqlite):
        prepared.append(copy_sqlite(path, workdir / f"sqlite-{i}"))
    for i, dump in enumerate(dumps):
        item, notice = run_dump(dump, workdir / f"dump-{i}", workdir / f"dump-{i}.stderr")
        prepared.append(item)
        if notice is not None:
            notices.append(notice)
    return prepared, notices
