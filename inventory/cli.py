"""`soumnet-hub`: the hub's records, the agents' channel, and the reports."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from agent.cliutil import load_config, main_wrapper
from agent.commands import Command, dispatch
from inventory import (
    agentcommands,
    archivecommands,
    doctor,
    hubcommands,
    hubinstall,
    network,
    recordcommands,
)

# Each subcommand group lives beside what it does; add a group here.
COMMANDS: tuple[Command, ...] = (
    *hubcommands.COMMANDS,
    *network.COMMANDS,
    *agentcommands.COMMANDS,
    *doctor.COMMANDS,
    *recordcommands.COMMANDS,
    *archivecommands.COMMANDS,
    *hubinstall.COMMANDS,
)


def run(argv: Sequence[str] | None) -> int:
    args = dispatch("soumnet-hub", __doc__, COMMANDS).parse_args(argv)
    if args.command == "init" and getattr(args, "local", False):
        hubcommands.write_local_config(args.config)
    config = load_config(args.config)
    command: Command = args._command
    return command.run(args, config)


def main(argv: Sequence[str] | None = None) -> int:
    return main_wrapper("soumnet-hub", run, argv)


if __name__ == "__main__":
    sys.exit(main())
