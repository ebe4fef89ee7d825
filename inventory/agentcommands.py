"""`soumnet-hub agents list|request|approve|reject|revoke`: who may send reports."""

from __future__ import annotations

import argparse
from pathlib import Path

from agent.cliutil import cli_lang
from agent.commands import Command
from agent.config import Config
from inventory import roles
from inventory.agents import Registry, as_json, listing
from inventory.agents_messages import T


def _args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    shown = sub.add_parser("list", help="every agent with its state")
    shown.add_argument("--json", action="store_true", help="machine-readable output")
    filed = sub.add_parser(
        "request", help="file an enrolment request made by 'soumnet-agent enroll'"
    )
    filed.add_argument("file", type=Path)
    for action, text in (
        ("approve", "add the agent's key to authorized_keys, forced to 'ingest'"),
        ("reject", "refuse a pending request"),
        ("revoke", "remove the agent's key from authorized_keys"),
    ):
        sub.add_parser(action, help=text).add_argument("agent")


def _run(args: argparse.Namespace, config: Config) -> int:
    lang = cli_lang(config)
    registry = Registry(config)
    if args.action == "list":
        rows = listing(registry)
        if args.json:
            print(as_json(rows))
        elif not rows:
            print(T(lang, "agents.none"))
        for row in [] if args.json else rows:
            print(f"{row['agent']:<24} {row['state']:<9} {row['fingerprint']}  {row['hostname']}")
        return 0
    who = roles.changer(config)
    if args.action == "request":
        entry = registry.request(args.file)
        print(T(lang, "agents.requested", agent=entry["agent"], fingerprint=entry["fingerprint"]))
    elif args.action == "approve":
        registry.approve(args.agent, who)
        print(T(lang, "agents.approved", agent=args.agent, file=registry.authorized_keys))
    elif args.action == "reject":
        registry.reject(args.agent, who)
        print(T(lang, "agents.rejected", agent=args.agent))
    else:
        registry.revoke(args.agent, who)
        print(T(lang, "agents.revoked", agent=args.agent, file=registry.authorized_keys))
    return 0


COMMANDS = (
    Command("agents", "enrolled agents: list, request, approve, reject, revoke", _args, _run),
)
