"""Settings of the hub: where its records live and who may use the terminal UI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Role = Literal["it", "auditor"]


@dataclass(frozen=True)
class HubSettings:
    data_dir: Path | None = None
    """Folder of the hub's store, spool and archives; default: the platform's data folder
    (e.g. ~/.local/share/soumnet/hub). A relative path is relative to this file."""
    spool_poll_seconds: float = 1.0
    """How often `soumnet-hub serve` looks for new batches in the spool."""
    max_batch_bytes: int = 8 * 1024 * 1024
    """The largest batch `soumnet-hub ingest` accepts from one agent connection."""
    max_report_bytes: int = 256 * 1024
    """The largest single report; a larger one is rejected with that reason."""
    max_clock_skew_hours: float = 24.0
    """A report stamped further than this in the future is rejected."""
    header_timeout_seconds: float = 30.0
    """`ingest` gives up on a connection whose header line has not arrived within this."""
    batch_timeout_seconds: float = 600.0
    """`ingest` gives up on a batch of reports not received in full within this (4 MiB over a
    slow uplink of 128 kbit/s takes about 260 s)."""
    archive_timeout_seconds: float = 6 * 3600.0
    """`ingest` gives up on an archive delivery (archive, manifest, report) not received in full
    within this; what was received of it is removed and the agent sends it again."""
    max_archive_bytes: int = 64 * 1024**3
    """The most bytes one archive delivery may announce."""


@dataclass(frozen=True)
class UserSettings:
    role: Role = "it"
    """`it`: everything; `auditor`: read-only backups, reports and audit trail."""
