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
    sync_interval_seconds: int = 60
    """How often the outbox is offered to the hub."""
    batch_max_reports: int = 500
    """The most reports sent in one batch."""
