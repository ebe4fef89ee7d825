"""Settings of the agent service on an office machine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class AgentSettings:
    id: str = ""
    """This agent's id at the hub; default: the machine's host name."""
    data_dir: Path | None = None
    """Folder of the agent's outbox and key; default: the platform's data folder."""
    hub: str = "local"
    """`local` hands reports to the hub on this machine; otherwise `USER@HOST[:PORT]`."""
    health_interval_seconds: int = 60
    """How often a health snapshot is taken."""
    software_interval_seconds: int = 3600
    """How often the installed programs are looked at (only read when the package database
    changed; only what changed is sent)."""
    sync_interval_seconds: int = 300
    """How often routine reports are offered to the hub. A report that says something changed
    (a device or the uplink went down or came back, a backup finished) is offered at once."""
    batch_max_reports: int = 500
    """The most reports sent in one batch."""
    hub_host_key: str = ""
    """The hub's SSH host key (`ssh-ed25519 AAAA…`), pinned at enrolment; no other is accepted."""
    key_file: Path | None = None
    """The agent's private Ed25519 key; default: `agent_ed25519` in the data folder."""
    connect_timeout_seconds: float = 20.0
    """TCP connect, SSH banner, authentication and channel open time limit each."""
    exchange_timeout_seconds: float = 300.0
    """How long one batch exchange may take before the connection is given up."""
    keepalive_seconds: int = 15
    """SSH keepalive interval, so a dead uplink is noticed and NAT mappings stay open."""
    retry_min_seconds: float = 30.0
    """The first wait after a failed sync; each failure doubles it (with random jitter)."""
    retry_max_seconds: float = 3600.0
    """The longest wait between sync attempts while the hub is unreachable."""
    batch_max_bytes: int = 4 * 1024 * 1024
    """The most JSON bytes sent in one batch (below the hub's `max_batch_bytes`)."""
    raw_keep_hours: int = 24
    """How long unsent samples are kept as measured; older ones are rolled up into hourly
    min/avg/max reports so that weeks offline fit the outbox's disk bound."""
