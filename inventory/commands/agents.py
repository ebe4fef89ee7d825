"""`soumnet-hub agents list|request|approve|reject|revoke`: who may send reports."""

from __future__ import annotations

import argparse
import base64
from pathlib import Path

from foundation.commands import Command
from foundation.messages import os_reason
from foundation.wire import dumps
from inventory import roles
from inventory.agents_messages import T
from inventory.config import HubConfig
from inventory.intake import door
from inventory.intake.agents import REQUEST_MAX, AgentsProblem
from inventory.views.agents import agents_view


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


def _run(args: argparse.Namespace, config: HubConfig) -> int:
    lang = args.lang
    if args.action == "list":
        view = agents_view(config)
        if args.json:
            print(dumps(view.to_json()))
            return 0
        if not view.agents:
            print(T(lang, "agents.none"))
        for row in view.agents:
            print(f"{row.agent:<24} {row.state:<9} {row.fingerprint}  {row.hostname}")
        return 0
    roles.changer(config)  # one clear line before anything is sent to serve
    if args.action == "request":
        try:
            with args.file.open("rb") as handle:
                raw = handle.read(REQUEST_MAX + 1)
        except OSError as exc:
            reason = os_reason(exc)
            raise AgentsProblem("agents.bad_request", file=args.file, reason=reason) from None
        data = base64.b64encode(raw).decode("ascii")
        entry = door.command(config, "agent.request", name=str(args.file), data=data)
        print(T(lang, "agents.requested", agent=entry["agent"], fingerprint=entry["fingerprint"]))
    elif args.action == "approve":
        keys = door.command(config, "agent.approve", agent=args.agent)
        print(T(lang, "agents.approved", agent=args.agent, file=keys))
    elif args.action == "reject":
        door.command(config, "agent.reject", agent=args.agent)
        print(T(lang, "agents.rejected", agent=args.agent))
    else:
        keys = door.command(config, "agent.revoke", agent=args.agent)
        print(T(lang, "agents.revoked", agent=args.agent, file=keys))
    return 0


COMMANDS = (
    Command("agents", "enrolled agents: list, request, approve, reject, revoke", _args, _run),
)
