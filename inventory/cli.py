"""`soumnet-hub`: the hub's records, the agents' channel, and the reports."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from foundation.cli import load_config, main_wrapper
from foundation.commands import Command, dispatch
from inventory.commands import agents as agentcommands
from inventory.commands import archives as archivecommands
from inventory.commands import doctor
from inventory.commands import hub as hubcommands
from inventory.commands import install as hubinstall
from inventory.commands import records as recordcommands
from inventory.config import HubConfig
from inventory.views import network

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
    config = load_config(args.config, HubConfig)
    command: Command = args._command
    return command.run(args, config)


def main(argv: Sequence[str] | None = None) -> int:
    return main_wrapper("soumnet-hub", run, argv)


if __name__ == "__main__":
    sys.exit(main())
