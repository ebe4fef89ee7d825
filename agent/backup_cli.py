"""`soumnet-backup`: the backups' commands and `run`, this machine's yearly archive (the
agent's job, so the console script is the agent's: an office PC has the agent)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from agent.commands import backup
from agent.config import AgentConfig
from backups import cli
from foundation.cli import main_wrapper
from foundation.commands import Command, run_commands

PROG = "soumnet-backup"
COMMANDS: tuple[Command, ...] = (*cli.COMMANDS, *backup.COMMANDS)


def run(argv: Sequence[str] | None) -> int:
    return run_commands(PROG, cli.DESCRIPTION, COMMANDS, AgentConfig, argv)


def main(argv: Sequence[str] | None = None) -> int:
    return main_wrapper(PROG, run, argv)


if __name__ == "__main__":
    sys.exit(main())
