"""`soumnet-hub notify test | log`: whether messages leave the hub, and what became of them."""

from __future__ import annotations

import argparse
import json

from foundation.cli import CommandError
from foundation.commands import Command
from inventory import roles
from inventory.config import HubConfig
from inventory.intake import door
from inventory.notify.messages import T
from inventory.store.layout import Layout
from inventory.views.notify import notify_view


def _args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    test = sub.add_parser("test", help="send a test message to a person, or check a channel")
    test.add_argument("target", metavar="CHANNEL|PERSON")
    log = sub.add_parser("log", help="messages sent, waiting and failed, newest first")
    log.add_argument("--json", action="store_true", help="print JSON")
    log.add_argument("--limit", type=int, default=50, help="at most this many (default 50)")


def _notify(args: argparse.Namespace, config: HubConfig) -> int:
    lang = args.lang
    if args.action == "test":
        roles.changer(config)
        results = door.command(config, "notify.test", target=args.target)
        failed: list[str] = []
        for result in results:
            if result["ok"]:
                key = "notify.test.ok" if result["to"] else "notify.test.ready"
                print(T(lang, key, channel=result["channel"], to=result["to"]))
            else:
                reason = result["reason"].get(lang) or result["reason"]["en"]
                failed.append(
                    T(lang, "notify.test.failed", channel=result["channel"], reason=reason)
                )
        if failed:  # the failures are the command's error: one line each on standard error
            raise CommandError("\n".join(failed), 1)
        return 0
    roles.check(config, roles.IT, reading=True)
    layout = Layout(config.hub_dir)
    layout.check()
    view = notify_view(layout)
    rows = view.rows[: max(0, args.limit)] if args.limit else view.rows
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(T(lang, "notify.none"))
    for row in rows:
        print(row.line(lang, config))
    return 0


COMMANDS = (
    Command("notify", "notifications: test a channel or person, see the log", _args, _notify),
)
