"""Settings of the hub's side of agent enrolment (the `[enrolment]` table)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class EnrolmentSettings:
    authorized_keys: Path | None = None
    """The `authorized_keys` file of the hub account agents log in to; approval adds a line,
    revocation removes it. Default: `~/.ssh/authorized_keys` of the user running the hub."""
    hub_command: str = "soumnet-hub"
    """The hub command the forced command runs; give an absolute path when the SSH login's
    PATH does not find it (e.g. a virtualenv)."""
    agent_user: str = ""
    """The hub account agents log in to, whose sshd settings `soumnet-hub doctor` checks;
    default: the user running the hub."""
    sshd_config: Path = Path("/etc/ssh/sshd_config")
    """The SSH server's configuration `soumnet-hub doctor` reads (through `sshd -T`)."""
