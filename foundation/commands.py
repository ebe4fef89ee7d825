"""A subcommand group of one of the soumnet commands: its parser and its body.

Each group lives in the module that holds what it does; the command's `cli.py` lists them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Runner = Callable[[argparse.Namespace, Any], int]
"""A command's body: its arguments and its part's configuration (a BaseConfig subclass)."""


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Runner
    needs_config: bool = True


def dispatch(
    prog: str, description: str | None, commands: tuple[Command, ...]
) -> argparse.ArgumentParser:
    from foundation.cli import Parser, add_config_option

    parser = Parser(prog=prog, description=description)
    add_config_option(parser)
    sub = parser.add_subparsers(dest="command", required=True)
    for command in commands:
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        command.add_arguments(child)
        child.set_defaults(_command=command)
    return parser
