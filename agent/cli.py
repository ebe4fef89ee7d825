"""`soumnet-agent`: measure this machine and the office network, deliver it to the hub."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from agent.commands import collect as agentcommands
from agent.commands import facts as factcommands
from agent.commands import network as netcommands
from agent.commands import status as statuscommands
from agent.config import AgentConfig
from foundation.cli import load_config, main_wrapper
from foundation.commands import Command, dispatch

# Each subcommand group lives beside what it does; add a group here.
COMMANDS: tuple[Command, ...] = (
    *agentcommands.COMMANDS,
    *netcommands.COMMANDS,
    *statuscommands.COMMANDS,
    *factcommands.COMMANDS,
)


def run(argv: Sequence[str] | None) -> int:
    args = dispatch("soumnet-agent", __doc__, COMMANDS).parse_args(argv)
    config = load_config(args.config, AgentConfig)
    command: Command = args._command
    return command.run(args, config)


def main(argv: Sequence[str] | None = None) -> int:
    return main_wrapper("soumnet-agent", run, argv)


if __name__ == "__main__":
    sys.exit(main())
