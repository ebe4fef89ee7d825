"""`soumnet-backup create`: one encrypted archive of the folders, SQLite files and dumps named
on the command line, with its signed report."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from backups.commands.progress import add_progress_option, end_progress, terminal_progress
from backups.config import BackupConfig
from backups.create import Created, create_signed
from backups.messages import BackupProblem, T
from backups.settings import BackupSettingError, BackupSettings, DumpSettings
from foundation.cli import load_config
from foundation.commands import Command
from foundation.i18n import Lang


def _create_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, action="append", default=[], help="folder or file")
    parser.add_argument("--exclude", action="append", default=[])
    parser.add_argument(
        "--sqlite", type=Path, action="append", default=[], help="SQLite file, copied live"
    )
    parser.add_argument(
        "--dump",
        action="append",
        default=[],
        metavar="NAME=COMMAND",
        help="archive COMMAND's standard output as file NAME, e.g. staff.sql='pg_dump staff'",
    )
    parser.add_argument("--label", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--recipient", action="append", default=[])
    parser.add_argument("--signing-key", type=Path, required=True, help="Ed25519 key (OpenSSH)")
    parser.add_argument("--office", default=None, help="default: office.name of the configuration")
    parser.add_argument("--retention-years", type=int, default=None)
    add_progress_option(parser)


def _dumps(values: list[str]) -> list[DumpSettings]:
    out = []
    for value in values:
        name, sep, command = value.partition("=")
        try:
            argv = tuple(shlex.split(command))
        except ValueError:
            argv = ()
        if not sep or not argv:
            raise BackupProblem("bad_dump_option", value=value)
        out.append(DumpSettings(name=name, command=argv))
    return out


def _create(args: argparse.Namespace, config: None) -> int:
    """The configuration is read only for the office's name, when `--office` does not give it."""
    lang: Lang = args.lang
    if not (args.source or args.sqlite or args.dump):
        raise BackupProblem("no_sources")
    try:
        checked = BackupSettings(
            sources=tuple(args.source), sqlite=tuple(args.sqlite), dumps=tuple(_dumps(args.dump))
        )
    except BackupSettingError as exc:
        raise BackupProblem("bad_option", problem=str(exc)) from None
    progress = terminal_progress(lang, args.progress)
    made = create_signed(
        sources=args.source,
        label=args.label,
        out_dir=args.out,
        recipients=args.recipient,
        signing_key=args.signing_key,
        excludes=args.exclude,
        office=args.office
        if args.office is not None
        else load_config(args.config, BackupConfig).office.name,
        retention_years=args.retention_years,
        progress=progress,
        sqlite=checked.sqlite,
        dumps=checked.dumps,
    )
    end_progress(progress)
    return _print_outcome(made, lang)


def _print_outcome(made: Created, lang: Lang) -> int:
    outcome = made.outcome
    for path in outcome.changed:
        print(T(lang, "changed_file", path=path), file=sys.stderr)
    for path, reason in outcome.unreadable:
        print(T(lang, "unreadable_file", path=path, reason=reason), file=sys.stderr)
    for source, message in outcome.notices:
        print(T(lang, "dump_notice", source=source, message=message), file=sys.stderr)
    if outcome.problem is not None:
        raise outcome.problem
    print(
        T(
            lang,
            "created",
            file=str(made.archive),
            status=T.code(lang, "outcome", outcome.status),
            files=made.report["file_count"],
            bytes=outcome.input_bytes,
            sha256=outcome.archive_sha256,
        )
    )
    return 0


COMMANDS = (
    Command(
        "create",
        "create an encrypted archive with a signed report",
        _create_args,
        _create,
        needs_config=False,
    ),
)
