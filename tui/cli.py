"""`soumnet [--lang mn|en]`: the terminal UI over the hub's records."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import cast

from foundation.cli import (
    CommandError,
    Parser,
    add_config_option,
    cli_lang,
    load_config,
    main_wrapper,
)
from foundation.config import current_user, default_path
from foundation.i18n import LANGS, Lang, parse_lang
from inventory.store.layout import Layout, NotInitialised
from tui.config import TuiConfig
from tui.context import Context
from tui.messages import T


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="soumnet", description=__doc__)
    add_config_option(parser)
    parser.add_argument("--lang", choices=LANGS, help="language (default: from configuration)")
    return parser


def context_for(config: TuiConfig, lang: Lang | None, user: str | None = None) -> Context:
    """The user's context; a user without a configured role is refused with one line."""
    user = user or current_user()
    language = lang or parse_lang(os.environ.get("SOUMNET_LANG")) or config.ui.lang
    said = cli_lang(config, lang)  # a line on the command line, as every command's
    role = config.role_of(user)
    if role is None:
        file = config.path or default_path()
        raise CommandError(T(said, "cli.no_role", user=user, file=file), 1)
    layout = Layout(config.hub_dir)
    try:
        layout.check()
    except NotInitialised as exc:
        raise CommandError(exc.text(said), 1) from None
    return Context(config=config, lang=language, user=user, role=role)


def run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    config = load_config(args.config, TuiConfig)
    context = context_for(config, cast(Lang | None, args.lang))
    from tui.app import SoumnetApp  # Textual is imported only once the user may run it

    SoumnetApp(context).run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return main_wrapper("soumnet", run, argv)


if __name__ == "__main__":
    sys.exit(main())
