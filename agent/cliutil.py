"""What every soumnet command shares: the config option, the language, one-line errors."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from agent.i18n import Lang, Problem, parse_lang
from agent.messages import ConfigError, T

if TYPE_CHECKING:
    from agent.config import Config


class CommandError(Exception):
    """A failure the user can act on: printed as one line, exit status `status`."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def add_config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="configuration file (default: $SOUMNET_CONFIG, /etc/soumnet/soumnet.toml, "
        "or the user's config folder)",
    )


def cli_lang(config: Config | None = None) -> Lang:
    """SOUMNET_LANG or the locale when it names mn/en, else the configured language."""
    for name in ("SOUMNET_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        found = parse_lang(os.environ.get(name))
        if found:
            return found
    return config.ui.lang if config else "en"


def load_config(path: Path | None) -> Config:
    """The validated configuration; a bad file ends the command with status 2. (Loaded
    here, not at start: a command that needs no configuration starts faster.)"""
    from agent.config import load

    return load(path)


def main_wrapper(
    prog: str, run: Callable[[Sequence[str] | None], int], argv: Sequence[str] | None
) -> int:
    """Run a command's body; known failures become one line on standard error."""
    try:
        return run(argv)
    except BrokenPipeError:
        return 141
    except CommandError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return exc.status
    except ConfigError as exc:
        print(f"{prog}: {exc.text(cli_lang())}", file=sys.stderr)
        return 2
    except Problem as exc:
        print(f"{prog}: {exc.text(cli_lang())}", file=sys.stderr)
        return 1
    except OSError as exc:
        reason = exc.strerror or str(exc)
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"{prog}: {T(cli_lang(), 'io_error', reason=reason, where=where)}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130
