"""`soumnet-hub init | serve | ingest`: set up the data folder, take batches, write the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from foundation import atomicio
from foundation.cli import CommandError, cli_lang
from foundation.commands import Command
from foundation.config import current_user
from inventory.config import HubConfig
from inventory.intake import ingest, serve
from inventory.messages import T
from inventory.store.layout import Layout

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


def write_local_config(path: Path | None) -> None:
    """`init --local`: a configuration for hub and agent on this machine, if none exists."""
    if path is None:
        raise CommandError(T(cli_lang(), "hub.init.needs_config"), 2)
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    atomicio.write_text(path, LOCAL_CONFIG.format(user=_toml_key(current_user())))
    print(T(cli_lang(path), "hub.init.config_written", file=path))


def _toml_key(name: str) -> str:
    return name if name.replace("-", "").replace("_", "").isalnum() else f'"{name}"'


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _init_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--local",
        action="store_true",
        help="also write a configuration for a hub and agent on this machine, if none exists",
    )


def _init(args: argparse.Namespace, config: HubConfig) -> int:
    layout = Layout(config.hub_dir)
    created = layout.init()
    key = "hub.init.created" if created else "hub.init.exists"
    print(T(args.lang, key, folder=layout.root))
    return 0


def _serve_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--once", action="store_true", help="apply what is waiting, then exit")
    parser.add_argument(
        "--metrics",
        metavar="HOST:PORT",
        default=None,
        help="also serve the current state in the Prometheus text format on HOST:PORT",
    )


def _serve(args: argparse.Namespace, config: HubConfig) -> int:
    # Imported here: prometheus_client (+17 ms, +4 MiB RSS) only for `serve`, not every hub command.
    import inventory.reports.metrics as metrics

    exporter = None
    if args.metrics:
        host, port = metrics.parse_address(args.metrics)
        Layout(config.hub_dir).check()
        exporter = metrics.start(Layout(config.hub_dir), host, port)
    try:
        return serve.serve(config, once=args.once, log=log, lang=args.lang)
    finally:
        if exporter is not None:
            exporter.shutdown()


def _ingest_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--agent", required=True, help="the agent id this channel belongs to")


def _ingest(args: argparse.Namespace, config: HubConfig) -> int:
    return ingest.run(args.agent, config, sys.stdin.buffer, sys.stdout.buffer)


COMMANDS = (
    Command("init", "create the hub's data folder", _init_args, _init),
    Command("serve", "move spooled batches into the store (the one writer)", _serve_args, _serve),
    Command("ingest", "take one batch on standard input (forced command)", _ingest_args, _ingest),
)
