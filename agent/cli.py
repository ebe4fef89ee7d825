"""`soumnet-agent`: measure this machine and the office network, deliver it to the hub."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from agent.commands import collect, facts, network, service, status
from agent.config import AgentConfig
from foundation.cli import main_wrapper
from foundation.commands import Command, run_commands

PROG = "soumnet-agent"
# Each subcommand group lives in the module named for it; add a group here.
COMMANDS: tuple[Command, ...] = (
    *collect.COMMANDS,
    *network.COMMANDS,
    *status.COMMANDS,
    *facts.COMMANDS,
    *service.COMMANDS,
)


def run(argv: Sequence[str] | None) -> int:
    return run_commands(PROG, __doc__, COMMANDS, AgentConfig, argv)


def main(argv: Sequence[str] | None = None) -> int:
    return main_wrapper(PROG, run, argv)


if __name__ == "__main__":
    sys.exit(main())
