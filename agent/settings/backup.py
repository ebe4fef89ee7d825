"""Settings of the yearly archive of the staff database (`[backup]`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BackupSettings:
    sources: tuple[Path, ...] = ()
    """Folders and files to archive (e.g. the personnel database's folder). Empty: no
    yearly archive is made on this machine."""
    excludes: tuple[str, ...] = ()
    """Glob patterns of paths (relative to a source) or names to leave out, e.g. "*.tmp"."""
    label: str = "staff"
    """The archive's name prefix: files are LABEL-YYYYMMDDTHHMMSSZ.tar.zst.age."""
    recipients: tuple[str, ...] = ()
    """age public keys (age1…) the archive is encrypted to: the working key and the escrow
    key. Only public keys belong here; this machine can never decrypt its own archives."""
    out_dir: Path | None = None
    """Folder the archives are written to; default: "backups" in the agent's data folder."""
    signing_key: Path | None = None
    """The agent's Ed25519 private key (OpenSSH format) that signs manifests and reports;
    default: the agent's SSH key."""
    month: int = 1
    """Month (1-12) of the yearly run."""
    day: int = 15
    """Day of the month of the yearly run."""
    time: str = "02:00"
    """Time of day (UTC, HH:MM) of the yearly run; a run missed while the machine was off
    happens at the next start."""
    retention_years: int = 0
    """How many years archives are kept; 0: forever. Deletion is done on the hub only."""
