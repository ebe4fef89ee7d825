"""`soumnet [--lang mn|en]`: the terminal UI over the hub's records."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from foundation.cli import CommandError, cli_lang, command_parser, load_config, main_wrapper
from foundation.config import current_user, default_path
from foundation.i18n import Lang
from inventory.store.layout import Layout, NotInitialised
from tui.config import TuiConfig
from tui.context import Context
from tui.messages import T

PROG = "soumnet"


def build_parser() -> argparse.ArgumentParser:
    """The frame's parser of every soumnet command: `--config`, `--lang`, one-line errors."""
    return command_parser(PROG, __doc__)


def context_for(config: TuiConfig, lang: Lang | None, user: str | None = None) -> Context:
    """The user's context, in the language every command chooses (`lang`, else SOUMNET_LANG
    or the locale, else `ui.lang`); a user without a configured role is refused with one
    line."""
    user = user or current_user()
    language = cli_lang(config, lang)
    role = config.role_of(user)
    if role is None:
        file = config.path or default_path()
        raise CommandError(T(language, "cli.no_role", user=user, file=file), 1)
    layout = Layout(config.hub_dir)
    try:
        layout.check()
    except NotInitialised as exc:
        raise CommandError(exc.text(language), 1) from None
    return Context(config=config, lang=language, user=user, role=role)


def run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    config = load_config(args.config, TuiConfig)
    context = context_for(config, args.lang)
    from tui.app import SoumnetApp  # Textual is imported only once the user may run it

    SoumnetApp(context).run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return main_wrapper(PROG, run, argv)


if __name__ == "__main__":
    sys.exit(main())
