"""`soumnet-backup restore`: an archive's files into a new or empty folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from backups.messages import T
from backups.restore import load_identities, restore
from foundation.commands import Command


def _restore_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("archive", type=Path)
    parser.add_argument("--identity", type=Path, required=True)
    parser.add_argument("--to", type=Path, required=True)
    parser.add_argument("--pattern", default=None)
    parser.add_argument("--force", action="store_true", help="allow a non-empty folder")


def _restore(args: argparse.Namespace, config: None) -> int:
    identities = load_identities(args.identity)
    count = restore(args.archive, identities, args.to, args.pattern, args.force)
    print(T(args.lang, "restored", files=count, target=str(args.to)))
    return 0


COMMANDS = (
    Command(
        "restore",
        "restore into a new or empty folder",
        _restore_args,
        _restore,
        needs_config=False,
    ),
)
