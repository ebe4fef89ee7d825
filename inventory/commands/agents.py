"""`soumnet-hub agents list|request|approve|reject|revoke`: who may send reports."""

from __future__ import annotations

import argparse
import base64
import tomllib
from pathlib import Path
from typing import Any

from foundation.cli import CommandError
from foundation.commands import Command
from foundation.i18n import Lang
from foundation.messages import os_reason
from foundation.wire import dumps
from inventory import roles
from inventory.agents_messages import T
from inventory.config import HubConfig
from inventory.intake import door
from inventory.intake.agents import REQUEST_MAX, AgentsProblem
from inventory.store.layout import Layout
from inventory.views.agents import agents_view
from inventory.views.steer import steer_view


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
    settings = sub.add_parser("settings", help="the hub's settings for agents: show, set, unset")
    steps = settings.add_subparsers(dest="step", required=True)
    show = steps.add_parser("show", help="a layer's settings; for an agent, what it should run")
    show.add_argument("target", metavar="all|GROUP|AGENT")
    show.add_argument("--json", action="store_true", help="print JSON")
    put = steps.add_parser("set", help="set KEY=VALUE (VALUE as in the configuration file)")
    put.add_argument("target", metavar="all|GROUP|AGENT")
    put.add_argument("pairs", nargs="+", metavar="KEY=VALUE")
    drop = steps.add_parser("unset", help="remove KEY from the layer")
    drop.add_argument("target", metavar="all|GROUP|AGENT")
    drop.add_argument("keys", nargs="+", metavar="KEY")
    groups = sub.add_parser("group", help="named groups of agents: add, remove")
    steps = groups.add_subparsers(dest="step", required=True)
    for step in ("add", "remove"):
        one = steps.add_parser(step, help=f"{step} an agent to or from a group")
        one.add_argument("group", metavar="GROUP")
        one.add_argument("agent", metavar="AGENT")
    tasks = sub.add_parser("task", help="tasks that wait for an agent: add, list, cancel")
    steps = tasks.add_subparsers(dest="step", required=True)
    add = steps.add_parser(
        "add", help="queue a task: archive, facts, poll, status, restore_test --identity PATH"
    )
    add.add_argument("target", metavar="all|GROUP|AGENT")
    add.add_argument("name", metavar="TASK")
    add.add_argument("--expires-days", type=float, default=14.0, help="default 14")
    add.add_argument(
        "--identity", help="restore_test: the age identity file's path on that machine"
    )
    add.add_argument("--hours", type=float, help="samples: the last HOURS (default 24, at most 48)")
    listing = steps.add_parser("list", help="every task, newest first")
    listing.add_argument("--agent")
    listing.add_argument("--json", action="store_true", help="print JSON")
    steps.add_parser("cancel", help="cancel a task still pending").add_argument("id", type=int)


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
    if args.action in ("settings", "group", "task"):
        return _steer(args, config)
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


def _value(pair: str, lang: Lang) -> tuple[str, Any]:
    """`KEY=VALUE`, VALUE as TOML (`120`, `"x"`, `["a", "b"]`), else as text (`кадр`)."""
    key, sep, raw = pair.partition("=")
    if not sep or not key.strip():
        raise CommandError(T(lang, "steer.bad_value", pair=pair), 2)
    try:
        return key.strip(), tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        if raw.strip().startswith(("[", "{", '"')):
            raise CommandError(T(lang, "steer.bad_value", pair=pair), 2) from None
        return key.strip(), raw


def _steer(args: argparse.Namespace, config: HubConfig) -> int:
    lang = args.lang
    layout = Layout(config.hub_dir)
    layout.check()
    if (args.action, args.step) in (("settings", "show"), ("task", "list")):
        roles.check(config, roles.IT, reading=True)
        view = steer_view(config, layout)
        if args.action == "settings":
            found = view.settings(args.target)
            if args.json:
                print(dumps(found))
                return 0
            for line in view.settings_lines(found, lang):
                print(line)
            return 0
        rows = [t for t in view.tasks if args.agent in (None, t.agent)]
        if args.json:
            print(dumps([t.to_json() for t in rows]))
            return 0
        if not rows:
            print(T(lang, "steer.no_tasks"))
        for task in rows:
            print(task.line(lang, config.office.timezone))
        return 0
    roles.changer(config)
    if args.action == "settings" and args.step == "set":
        values = dict(_value(pair, lang) for pair in args.pairs)
        done = door.command(config, "steer.set", target=args.target, values=values)
        print(T(lang, "steer.set", scope=done["scope"], version=done["version"]))
    elif args.action == "settings":
        done = door.command(config, "steer.unset", target=args.target, keys=args.keys)
        print(T(lang, "steer.set", scope=done["scope"], version=done["version"]))
    elif args.action == "group":
        members = door.command(
            config, "steer.group", action=args.step, group=args.group, agent=args.agent
        )
        print(T(lang, "steer.group", group=args.group, members=", ".join(members) or "-"))
    elif args.step == "add":
        task_args: dict[str, Any] = {"identity": args.identity} if args.identity else {}
        if args.hours is not None:
            task_args["hours"] = args.hours
        made = door.command(
            config,
            "steer.task",
            target=args.target,
            name=args.name,
            days=args.expires_days,
            args=task_args,
        )
        if not made:
            raise CommandError(T(lang, "steer.no_agents", target=args.target), 1)
        for task in made:
            print(
                T(lang, "steer.task_added", id=task["id"], name=task["name"], agent=task["agent"])
            )
    else:
        door.command(config, "steer.cancel", id=args.id)
        print(T(lang, "steer.cancelled", id=args.id))
    return 0


COMMANDS = (
    Command(
        "agents",
        "enrolled agents: list, request, approve, reject, revoke; settings, group, task",
        _args,
        _run,
    ),
)
