"""`soumnet-hub archives list | delete`: the yearly archives agents copied to the hub.

Deletion is the only way an archive ever leaves the hub's append-only folder: IT staff
only, the archive's id typed back as confirmation, refused before the archive's signed
expiry date unless `--before-expiry` comes with a reason, and recorded in the audit trail.
The signed report stays (it is what auditors check); the archive and its manifest go.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from backups.messages import T as backup_texts
from foundation import atomicio
from foundation.commands import Command
from inventory import roles
from inventory.config import HubConfig
from inventory.intake import door
from inventory.intake.agents import Registry, allowed_signers
from inventory.records_messages import T
from inventory.views.archives import archives_view


def list_archives(config: HubConfig) -> list[dict[str, Any]]:
    """One row per report on the hub as `archives list --json` prints it, with the newest
    restore-test entry of that very archive and whether the archive is still there."""
    return archives_view(config).to_json()


def _args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    listing = sub.add_parser("list", help="every archive copied to the hub")
    listing.add_argument("--json", action="store_true", help="print JSON")
    signers = sub.add_parser(
        "export-signers",
        help="the agents' recorded signing keys as an ssh-keygen allowed-signers file",
    )
    signers.add_argument("--out", type=Path, default=None, help="file to write (default: stdout)")
    delete = sub.add_parser("delete", help="delete an expired archive (IT staff only)")
    delete.add_argument("archive_id", metavar="AGENT/ARCHIVE", help="as `archives list` shows")
    delete.add_argument(
        "--yes-delete", metavar="AGENT/ARCHIVE", help="type the archive's id again to confirm"
    )
    delete.add_argument(
        "--before-expiry", action="store_true", help="allow deleting before the expiry date"
    )
    delete.add_argument("--reason", default="", help="why (required with --before-expiry)")


def _run(args: argparse.Namespace, config: HubConfig) -> int:
    lang = args.lang
    if args.action == "list":
        view = archives_view(config)
        if args.json:
            print(json.dumps(view.to_json(), ensure_ascii=False, indent=2))
            return 0
        if not view.rows:
            print(T(lang, "archives.none"))
        for row in view.rows:
            test = row.restore_test
            passed = backup_texts.code(lang, "outcome", test.status) if test else ""
            tested = f"{passed} {str(test.ts)[:10]}" if test else "-"
            state = "" if row.present else " " + T(lang, "archives.deleted")
            expires = str(row.expires or T(lang, "archives.forever"))[:10]
            status = backup_texts.code(lang, "outcome", row.status)
            signed = T(lang, f"archives.signature.{row.signature}")
            print(f"{row.id}\t{status}\t{signed}\t{expires}\t{tested}{state}")
        return 0
    if args.action == "export-signers":
        text = allowed_signers(Registry(config))
        if args.out is None:
            sys.stdout.write(text)
        else:
            atomicio.write_text(args.out, text)
        return 0
    roles.changer(config)  # one clear line before anything is sent to serve
    door.command(
        config,
        "archive.delete",
        id=args.archive_id,
        confirm=args.yes_delete,
        before_expiry=args.before_expiry,
        reason=args.reason,
    )
    print(T(lang, "archives.done", id=args.archive_id))
    return 0


COMMANDS: tuple[Command, ...] = (
    Command("archives", "yearly archives on the hub: list, delete", _args, _run),
)
