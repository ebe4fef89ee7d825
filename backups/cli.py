"""`soumnet-backup`: create, verify and restore yearly archives; auditor reports."""

from __future__ import annotations

from backups.commands import create, report, restore, verify
from foundation.commands import Command

DESCRIPTION = __doc__
# The console script is the agent's (agent.backup_cli): it adds `run`, the agent's yearly job.
# Each subcommand group lives in the module named for it; add a group here.
COMMANDS: tuple[Command, ...] = (
    *create.COMMANDS,
    *verify.COMMANDS,
    *restore.COMMANDS,
    *report.COMMANDS,
)
