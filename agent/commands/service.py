"""`soumnet-agent install-service`: making the agent start with the machine."""

from __future__ import annotations

import argparse
import platform
from pathlib import Path

from agent.config import AgentConfig
from agent.messages import T
from agent.service.install import UNIT_DIR, execute, plan, show
from foundation.commands import Command
from foundation.i18n import Lang


def _install_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would be done, change nothing"
    )
    parser.add_argument(
        "--unit-dir",
        type=Path,
        default=UNIT_DIR,
        help=f"where the systemd unit is written (default: {UNIT_DIR})",
    )


def _install(args: argparse.Namespace, config: AgentConfig) -> int:
    lang: Lang = args.lang
    steps = plan(config, platform.system(), args.unit_dir)
    if args.dry_run:
        for step in steps:
            if step.path is not None:
                print(T(lang, "agent.install.would_write", file=step.path))
                print(step.text)
            else:
                print(T(lang, "agent.install.would_run", command=show(step)))
        return 0

    def log(key: str, what: str) -> None:
        print(T(lang, key, file=what, command=what))

    execute(steps, log)
    print(T(lang, "agent.install.done"))
    return 0


COMMANDS = (
    Command(
        "install-service",
        "start the agent with the machine (systemd unit / Windows start-up task)",
        _install_args,
        _install,
    ),
)
