"""`soumnet-hub`: the hub's records, the agents' channel, and the reports."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from foundation.cli import main_wrapper
from foundation.commands import Command, dispatch, execute
from inventory.commands import (
    agents,
    archives,
    doctor,
    hub,
    install,
    network,
    notify,
    records,
    software,
)
from inventory.config import HubConfig

PROG = "soumnet-hub"
# Each subcommand group lives in the module named for it; add a group here.
COMMANDS: tuple[Command, ...] = (
    *hub.COMMANDS,
    *network.COMMANDS,
    *agents.COMMANDS,
    *doctor.COMMANDS,
    *records.COMMANDS,
    *archives.COMMANDS,
    *install.COMMANDS,
    *notify.COMMANDS,
    *software.COMMANDS,
)


def run(argv: Sequence[str] | None) -> int:
    args = dispatch(PROG, __doc__, COMMANDS).parse_args(argv)
    if args.command == "init" and args.local:
        hub.write_local_config(args.config)  # before the configuration is loaded
    return execute(args, HubConfig)


def main(argv: Sequence[str] | None = None) -> int:
    return main_wrapper(PROG, run, argv)


if __name__ == "__main__":
    sys.exit(main())
