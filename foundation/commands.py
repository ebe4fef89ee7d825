"""A subcommand group of one of the soumnet commands: its parser and its body, and the frame
every command runs them in (the same `--config` and `--lang`, one-line errors, exit statuses).

Each group lives in the module named for the commands it holds; the command's `cli.py` lists
them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from foundation.cli import add_shared_options, cli_lang, command_parser, load_config
from foundation.config import BaseConfig

Runner = Callable[[argparse.Namespace, Any], int]
"""A command's body: its arguments (`args.lang` is the language of what it prints) and its
part's configuration (a BaseConfig subclass; None for a command that loads none)."""


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Runner
    needs_config: bool = True
    """False: the command runs without a configuration (it is given None), so a machine
    without one, or with a broken one, can still verify or restore an archive."""
    epilog: str | None = None
    """Text after the command's `--help` options, e.g. what its exit statuses mean."""


def dispatch(
    prog: str, description: str | None, commands: Sequence[Command]
) -> argparse.ArgumentParser:
    """The command's parser: `--config` and `--lang` before or after the subcommand."""
    parser = command_parser(prog, description)
    sub = parser.add_subparsers(dest="command", required=True)
    for command in commands:
        child = sub.add_parser(
            command.name, help=command.help, description=command.help, epilog=command.epilog
        )
        command.add_arguments(child)
        add_shared_options(child, again=True)
        child.set_defaults(_command=command)
    return parser


def execute(args: argparse.Namespace, kind: type[BaseConfig]) -> int:
    """Run the subcommand `args` names: its configuration of type `kind` loaded if it needs
    one, and `args.lang` set to the language every line it prints is in."""
    command: Command = args._command
    config = load_config(args.config, kind) if command.needs_config else None
    args.lang = cli_lang(config if config is not None else args.config, args.lang)
    return command.run(args, config)


def run_commands(
    prog: str,
    description: str | None,
    commands: Sequence[Command],
    kind: type[BaseConfig],
    argv: Sequence[str] | None,
) -> int:
    """Parse `argv` and run the subcommand it names (see `execute`)."""
    return execute(dispatch(prog, description, commands).parse_args(argv), kind)
