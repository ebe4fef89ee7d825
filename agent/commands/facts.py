"""`soumnet-agent facts | install-service`: what this machine is, and making the agent a service."""

from __future__ import annotations

import argparse
import json
import platform
from pathlib import Path

from agent.collectors.facts import facts_report
from agent.config import AgentConfig
from agent.messages import T
from agent.service.install import UNIT_DIR, execute, plan, show
from foundation.cli import cli_lang
from foundation.commands import Command


def _facts_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the report as indented JSON")


def _facts(args: argparse.Namespace, config: AgentConfig) -> int:
    report = facts_report(config)
    indent = 2 if args.json else None
    print(json.dumps(report.to_json(), ensure_ascii=False, indent=indent))
    return 0


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
    lang = cli_lang(config)
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
    Command("facts", "print this machine's hardware facts", _facts_args, _facts),
    Command(
        "install-service",
        "start the agent with the machine (systemd unit / Windows start-up task)",
        _install_args,
        _install,
    ),
)
