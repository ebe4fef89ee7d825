"""`soumnet-hub`: set up the hub, take batches from agents, and write them into the store."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from agent import atomicio
from agent.cliutil import CommandError, add_config_option, cli_lang, load_config, main_wrapper
from agent.config import current_user
from inventory import ingest, serve
from inventory.layout import Layout
from inventory.messages import T

LOCAL_CONFIG = """\
# soumnet configuration for a hub and an agent on this machine (written by 'soumnet-hub init').
# Every key is described in README.md. Relative paths are relative to this file.

[office]
name = "Soum office"

[hub]
data_dir = "hub"

[agent]
data_dir = "agent"
hub = "local"
health_interval_seconds = 10
sync_interval_seconds = 5

[ui]
lang = "mn"

[users.{user}]
role = "it"
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="soumnet-hub", description=__doc__)
    add_config_option(parser)
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="create the hub's data folder")
    init.add_argument(
        "--local",
        action="store_true",
        help="also write a configuration for a hub and agent on this machine, if none exists",
    )
    run = sub.add_parser("serve", help="move spooled batches into the store (the one writer)")
    run.add_argument("--once", action="store_true", help="apply what is waiting, then exit")
    take = sub.add_parser("ingest", help="take one batch on standard input (forced command)")
    take.add_argument("--agent", required=True, help="the agent id this channel belongs to")
    return parser


def run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "init" and args.local:
        _write_local_config(args.config)
    config = load_config(args.config)
    lang = cli_lang(config)
    layout = Layout(config.hub_dir)
    if args.command == "init":
        created = layout.init()
        print(T(lang, "hub.init.created" if created else "hub.init.exists", folder=layout.root))
        return 0
    if args.command == "serve":
        return serve.serve(config, once=args.once, log=_log, lang=lang)
    if args.command == "ingest":
        return ingest.run(args.agent, config, sys.stdin.buffer, sys.stdout.buffer)
    raise AssertionError(args.command)  # pragma: no cover - argparse restricts commands


def _write_local_config(path: Path | None) -> None:
    if path is None:
        raise CommandError("init --local needs --config FILE", 2)
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    atomicio.write_text(path, LOCAL_CONFIG.format(user=_toml_key(current_user())))
    print(T(cli_lang(), "hub.init.config_written", file=path))


def _toml_key(name: str) -> str:
    return name if name.replace("-", "").replace("_", "").isalnum() else f'"{name}"'


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return main_wrapper("soumnet-hub", run, argv)
    except OSError as exc:
        print(
            f"soumnet-hub: {T(cli_lang(), 'hub.io_error', reason=exc.strerror or exc)}",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())
