"""`soumnet-agent facts`: what this machine is (hardware, system, disks)."""

from __future__ import annotations

import argparse
import json

from agent.collectors.facts import facts_report
from agent.config import AgentConfig
from foundation.commands import Command


def _facts_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the report as indented JSON")


def _facts(args: argparse.Namespace, config: AgentConfig) -> int:
    report = facts_report(config)
    indent = 2 if args.json else None
    print(json.dumps(report.to_json(), ensure_ascii=False, indent=indent))
    return 0


COMMANDS = (Command("facts", "print this machine's hardware facts", _facts_args, _facts),)
