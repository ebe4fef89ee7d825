"""What every soumnet command shares: the config option, the language, one-line errors."""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TypeVar

from foundation.config import BaseConfig, configured_lang, load_as
from foundation.i18n import LANGS, Lang, Problem, env_lang, parse_lang
from foundation.messages import ConfigError, T, os_reason

C = TypeVar("C", bound=BaseConfig)


class CommandError(Exception):
    """A failure the user can act on: printed as one line, exit status `status`."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


# argparse's own messages, read back into ours so that a usage error is one translated line
# (argparse translates only through gettext catalogs nobody ships in mn); a test checks that
# each message the running Python writes is read back.
_ARG = r"argument (?P<name>\S+): "
_USAGE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern + r"\Z", re.DOTALL), key)
    for pattern, key in (
        (r"the following arguments are required: (?P<names>.+)", "cli.usage.required"),
        (r"unrecognized arguments: (?P<names>.+)", "cli.usage.unrecognized"),
        (
            _ARG + r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)",
            "cli.usage.choice",
        ),
        (_ARG + r"invalid int value: (?P<value>.+)", "cli.usage.int"),
        (_ARG + r"invalid float value: (?P<value>.+)", "cli.usage.float"),
        (_ARG + r"invalid \S+ value: (?P<value>.+)", "cli.usage.value"),
        (_ARG + r"expected one argument", "cli.usage.one_value"),
        (_ARG + r"expected at least one argument", "cli.usage.values"),
        (_ARG + r"expected at most one argument", "cli.usage.at_most_one"),
        (_ARG + r"expected (?P<count>\d+) arguments?", "cli.usage.count"),
        (_ARG + r"not allowed with argument (?P<other>\S+)", "cli.usage.conflict"),
        (_ARG + r"ignored explicit argument (?P<value>.+)", "cli.usage.no_value"),
        (r"ambiguous option: (?P<name>\S+) could match (?P<choices>.+)", "cli.usage.ambiguous"),
        (r"one of the arguments (?P<names>.+) is required", "cli.usage.one_of"),
    )
)


class UsageError(Problem):
    """A command line argparse refused, as one translated line that points to `--help`."""

    def __init__(self, prog: str, message: str, commands: Sequence[str] = ()) -> None:
        """`commands`: the subcommands `prog` takes, if any (argparse names them by the
        internal name of their slot, e.g. `action`)."""
        read = ((key, pattern.match(message)) for pattern, key in _USAGE)
        key, found = next(((k, m) for k, m in read if m), ("cli.usage.other", None))
        values = found.groupdict() if found else {"detail": message}
        if commands and key in ("cli.usage.required", "cli.usage.choice"):
            key = "cli.usage.command" if key == "cli.usage.choice" else "cli.usage.no_command"
            values = {"value": values.get("value", ""), "choices": ", ".join(commands)}
        problem = Problem(T, key, **values)
        super().__init__(T, "cli.usage", problem=problem, help=f"{prog} --help")


class Parser(argparse.ArgumentParser):
    """argparse's parser whose usage errors are raised as UsageError (argparse prints its
    usage and an English message over several lines, then exits)."""

    def error(self, message: str) -> NoReturn:
        sub = [a for a in self._actions if isinstance(a, argparse._SubParsersAction)]
        slot = sub[0].dest if sub else None
        named = re.match(r"argument (\S+): invalid choice", message)
        missing = message == f"the following arguments are required: {slot}"
        if sub and ((named and named[1] == slot) or missing):
            raise UsageError(self.prog, message, tuple(sub[0].choices))
        raise UsageError(self.prog, message)

    def _get_formatter(self) -> argparse.HelpFormatter:
        """argparse's own formatter, told the width it would look up itself: argparse asks
        shutil for it at every argument added, and shutil (with bz2, lzma, zlib and their
        libraries) cost each agent service 0.6 MiB for help text it never prints."""
        kind = self.formatter_class
        if isinstance(kind, type) and issubclass(kind, argparse.HelpFormatter):
            return kind(prog=self.prog, width=help_width())
        return super()._get_formatter()


def help_width() -> int:
    """argparse's width: `shutil.get_terminal_size().columns - 2`, read as shutil reads it
    ($COLUMNS, else the terminal of standard output, else 80)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return (columns or 80) - 2


def add_config_option(parser: argparse.ArgumentParser, default: object = None) -> None:
    """`--config FILE`; `default` is argparse.SUPPRESS on a subcommand (add_shared_options)."""
    parser.add_argument(
        "--config",
        type=Path,
        default=default,
        help="configuration file (default: $SOUMNET_CONFIG, /etc/soumnet/soumnet.toml, "
        "or the user's config folder); a file named here must exist",
    )


def add_lang_option(parser: argparse.ArgumentParser, default: object = None) -> None:
    """`--lang mn|en`, the first choice of `cli_lang`."""
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default=default,
        help="language of what the command prints (default: SOUMNET_LANG or the locale, "
        "else ui.lang of the configuration)",
    )


def add_shared_options(parser: argparse.ArgumentParser, again: bool = False) -> None:
    """`--config` and `--lang`, which every soumnet command takes. `again`: on a subcommand,
    where they may be given after its name as well; they are set only when given there
    (argparse would otherwise replace a value given before the subcommand by the default),
    and a subcommand's own `--lang` (e.g. a report's language) is left as it is."""
    for name, add in (("--config", add_config_option), ("--lang", add_lang_option)):
        if name not in parser._option_string_actions:
            add(parser, argparse.SUPPRESS if again else None)
        elif again:
            parser._option_string_actions[name].default = argparse.SUPPRESS


def command_parser(prog: str, description: str | None) -> Parser:
    """The parser of a soumnet command: one-line usage errors, `--config` and `--lang`."""
    parser = Parser(prog=prog, description=description)
    add_shared_options(parser)
    return parser


_HUB = ("tinydb", "jinja2", "fpdf", "prometheus_client")
EXTRAS: dict[str, tuple[str, ...]] = {"hub": _HUB, "tui": ("textual", *_HUB)}
"""What each extra of pyproject.toml installs, as imported: an office PC installs the agent
alone (`pip install soumnet`), without the hub's or the terminal UI's packages."""


def missing_extra(modules: Sequence[str]) -> str | None:
    """The first of `modules` that is not installed (checked without importing it)."""
    return next((name for name in modules if importlib.util.find_spec(name) is None), None)


def needs_extra(prog: str, extra: str, module: str) -> int:
    """Say in one line, as every command's errors, which extra `prog` needs (instead of the
    traceback of an import); exit status 1."""

    def refuse(argv: Sequence[str] | None) -> int:
        raise Problem(T, "cli.needs_extra", extra=extra, module=module)

    return main_wrapper(prog, refuse, None)


def cli_lang(config: BaseConfig | Path | None = None, chosen: str | None = None) -> Lang:
    """The language of every line a command prints, success or error: `chosen` (a command's
    `--lang`), else SOUMNET_LANG or the locale when it names mn/en, else `ui.lang` of the
    configuration: the loaded one, or the file at `config` or the default place, read for
    that key alone (a file that does not load still says its language)."""
    found = parse_lang(chosen) or env_lang()
    if found:
        return found
    if isinstance(config, BaseConfig):
        return config.ui.lang
    return configured_lang(config)


def load_config(path: Path | None, kind: type[C]) -> C:
    """The validated configuration; a bad file ends the command with status 2. A file named
    on the command line or in SOUMNET_CONFIG must exist (a mistyped name must not silently
    mean all defaults); only the default places may hold none. (Loaded here, not at start: a
    command that needs no configuration starts faster.) `kind` is the part's own layer of
    the configuration (see foundation.config)."""
    return load_as(kind, path, required=path is not None or bool(os.environ.get("SOUMNET_CONFIG")))


def _option(argv: Sequence[str], name: str) -> str | None:
    """The value of option `name` (`--name VALUE` or `--name=VALUE`) before any `--`."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == name and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith(name + "="):
            return arg[len(name) + 1 :]
    return None


def main_wrapper(
    prog: str, run: Callable[[Sequence[str] | None], int], argv: Sequence[str] | None
) -> int:
    """Run a command's body; known failures become one line on standard error, in the
    language of the command's other lines (its `--lang` and `--config` are read from the
    command line again: the failure may have come before or from parsing it)."""
    try:
        return run(argv)
    except BrokenPipeError:
        return 141
    except KeyboardInterrupt:
        return 130
    except (CommandError, Problem, OSError) as exc:
        words = list(sys.argv[1:] if argv is None else argv)
        named = _option(words, "--config")
        lang = cli_lang(Path(named) if named else None, _option(words, "--lang"))
        print(f"{prog}: {_error_text(exc, lang)}", file=sys.stderr)
        return _status(exc)


def _error_text(exc: CommandError | Problem | OSError, lang: Lang) -> str:
    if isinstance(exc, Problem):
        return exc.text(lang)
    if isinstance(exc, OSError):
        reason = os_reason(exc)
        where = f" ({exc.filename})" if exc.filename else ""
        return Problem(T, "io_error", reason=reason, where=where).text(lang)
    return str(exc)


def _status(exc: CommandError | Problem | OSError) -> int:
    if isinstance(exc, CommandError):
        return exc.status
    if isinstance(exc, ConfigError | UsageError):
        return 2
    return 3 if isinstance(exc, OSError) else 1
