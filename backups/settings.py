"""Settings of the yearly archive of the staff database (`[backup]`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from backups.messages import T
from foundation.i18n import Problem
from foundation.settings import SettingsError

DUMP_NAME = re.compile(r"^[\w.+-]{1,100}$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class BackupSettingError(SettingsError):
    """A `[backup]` value of the right type that still cannot work (e.g. month 13)."""

    def __init__(self, key: str, problem_key: str, /, **values: object) -> None:
        self.problem = Problem(T, problem_key, **values)
        ValueError.__init__(self, f"{key}: {self.problem}")
        self.key = key


@dataclass(frozen=True)
class DumpSettings:
    """`[[backup.dumps]]`: a command whose standard output is one file of the archive."""

    name: str = ""
    """The file's name in the archive (letters, digits, `.`, `_`, `+`, `-`), e.g.
    "staff.sql"; it must differ from every other source's name."""
    command: tuple[str, ...] = ()
    """The program and its arguments, run without a shell, e.g. ["pg_dump", "-Fc", "staff"].
    A non-zero exit fails the run (no archive is kept); anything it writes on standard error
    makes the run a WARNING and is quoted in the report."""


def _dumps() -> tuple[DumpSettings, ...]:
    return ()


@dataclass(frozen=True)
class BackupSettings:
    sources: tuple[Path, ...] = ()
    """Folders and files to archive (e.g. the personnel database's folder). Empty (and no
    `sqlite` or `dumps`): no yearly archive is made on this machine."""
    excludes: tuple[str, ...] = ()
    """Glob patterns of paths (relative to a source) or names to leave out, e.g. "*.tmp"."""
    sqlite: tuple[Path, ...] = ()
    """SQLite database files, copied consistently through SQLite's online backup API (also
    while a program writes to them); each is archived under its own file name."""
    dumps: tuple[DumpSettings, ...] = field(default_factory=_dumps)
    """Database dumps from a configured command (`pg_dump`, `mysqldump`, …)."""
    label: str = "staff"
    """The archive's name prefix: files are LABEL-YEAR-YYYYMMDDTHHMMSSZ.tar.zst.age."""
    recipients: tuple[str, ...] = ()
    """age public keys (age1…) the archive is encrypted to: the working key and the escrow
    key. Only public keys belong here; this machine can never decrypt its own archives."""
    recipient_names: dict[str, str] = field(default_factory=dict)
    """Who holds each recipient's key, as the archive report names it: a table of recipient
    (`age1…`) = name, e.g. "IT officer's working key". A recipient not named here is shown
    as "not named in the configuration"."""
    out_dir: Path | None = None
    """Folder the archives are written to; default: "backups" in the agent's data folder."""
    signing_key: Path | None = None
    """The agent's Ed25519 private key (OpenSSH format) that signs manifests and reports;
    default: the agent's SSH key."""
    month: int = 1
    """Month (1-12) of the yearly run."""
    day: int = 15
    """Day of the month of the yearly run (1-28 is safe every year; 29 February runs on
    leap years only)."""
    time: str = "02:00"
    """Time of day (UTC, HH:MM) of the yearly run; a run missed while the machine was off
    happens at the next start."""
    retention_years: int = 0
    """How many years archives are kept; 0: forever. Deletion is done on the hub only, by IT
    staff, and not before an archive's expiry unless a reason is given."""

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise BackupSettingError("backup.month", "setting.month", got=self.month)
        if not 1 <= self.day <= DAYS[self.month - 1]:
            raise BackupSettingError("backup.day", "setting.day", got=self.day)
        if not TIME.match(self.time):
            raise BackupSettingError("backup.time", "setting.time", got=self.time)
        if self.retention_years < 0:
            raise BackupSettingError(
                "backup.retention_years", "setting.retention", got=self.retention_years
            )
        if not DUMP_NAME.match(self.label):
            raise BackupSettingError("backup.label", "setting.name", got=self.label)
        for i, dump in enumerate(self.dumps):
            key = f"backup.dumps[{i}]"
            if not DUMP_NAME.match(dump.name) or dump.name in (".", ".."):
                raise BackupSettingError(f"{key}.name", "setting.name", got=dump.name)
            if not dump.command or not dump.command[0]:
                raise BackupSettingError(f"{key}.command", "setting.command")
        seen: set[str] = set()
        named = [("sources", p.name) for p in self.sources]
        named += [("sqlite", p.name) for p in self.sqlite]
        named += [("dumps", d.name) for d in self.dumps]
        for key, name in named:
            if name in seen:
                raise BackupSettingError(f"backup.{key}", "setting.duplicate", name=name)
            seen.add(name)


def describe(
    trees: Sequence[Path], sqlite: Sequence[Path], dumps: Sequence[DumpSettings]
) -> list[str]:
    """How the report and the agent's status name the sources (here, not with the copying
    code: the agent service names them without loading sqlite3)."""
    out = [str(p) for p in trees]
    out += [f"sqlite:{p}" for p in sqlite]
    out += [f"dump:{d.name}: {' '.join(d.command)}" for d in dumps]
    return out
