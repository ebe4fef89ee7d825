"""`soumnet-backup`: create, verify and restore yearly archives; auditor reports."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from agent import atomicio
from agent.cliutil import cli_lang, main_wrapper
from agent.i18n import Lang
from backups import report as report_mod
from backups.archive import Progress
from backups.create import create_signed
from backups.manifest import (
    report_path,
)
from backups.messages import BackupProblem, T
from backups.restore import load_identities, restore
from backups.verify import verify_archive, verify_report


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="soumnet-backup", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("create", help="create an encrypted archive with a signed report")
    c.add_argument("--source", type=Path, action="append", required=True)
    c.add_argument("--exclude", action="append", default=[])
    c.add_argument("--label", required=True)
    c.add_argument("--out", type=Path, required=True)
    c.add_argument("--recipient", action="append", default=[])
    c.add_argument("--signing-key", type=Path, required=True, help="Ed25519 key (OpenSSH)")
    c.add_argument("--office", default="")
    c.add_argument("--retention-years", type=int, default=None)
    v = sub.add_parser("verify", help="check hash, signatures and chain; restore test with a key")
    v.add_argument("archive", type=Path)
    v.add_argument("--identity", type=Path)
    r = sub.add_parser("restore", help="restore into a new or empty folder")
    r.add_argument("archive", type=Path)
    r.add_argument("--identity", type=Path, required=True)
    r.add_argument("--to", type=Path, required=True)
    r.add_argument("--pattern", default=None)
    r.add_argument("--force", action="store_true", help="allow a non-empty folder")
    p = sub.add_parser("report", help="auditor report of archives")
    p.add_argument("archives", type=Path, nargs="+")
    p.add_argument("--format", choices=("json", "html", "pdf"), default="json")
    p.add_argument("--output", type=Path, default=None, help="file to write (default: stdout)")
    p.add_argument("--lang", choices=("mn", "en"), default=None)
    vr = sub.add_parser("verify-report", help="check one report file; prints one line")
    vr.add_argument("report", type=Path)
    return parser


def _terminal_progress() -> Progress:
    """Files and bytes so far on one refreshed terminal line, at most 5 times a second."""
    last = [0.0]

    def show(path: str, files: int, done: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.2:
            last[0] = now
            sys.stderr.write(f"\r{files} files, {done / 1e6:.1f} MB ")
            sys.stderr.flush()

    return show


def _create(args: argparse.Namespace, lang: Lang) -> int:
    progress = _terminal_progress() if sys.stderr.isatty() else None
    made = create_signed(
        sources=args.source,
        label=args.label,
        out_dir=args.out,
        recipients=args.recipient,
        signing_key=args.signing_key,
        excludes=args.exclude,
        office=args.office,
        retention_years=args.retention_years,
        progress=progress,
    )
    if progress is not None:
        print(file=sys.stderr)
    outcome = made.outcome
    for path in outcome.changed:
        print(T(lang, "changed_file", path=path), file=sys.stderr)
    for path, reason in outcome.unreadable:
        print(T(lang, "unreadable_file", path=path, reason=reason), file=sys.stderr)
    if outcome.problem is not None:
        raise outcome.problem
    print(
        T(
            lang,
            "created",
            file=str(made.archive),
            status=outcome.status,
            files=made.report["file_count"],
            bytes=outcome.input_bytes,
            sha256=outcome.archive_sha256,
        )
    )
    return 0


def run(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    lang: Lang = getattr(args, "lang", None) or cli_lang()
    if args.command == "create":
        return _create(args, lang)
    if args.command == "verify":
        identities = load_identities(args.identity) if args.identity else []
        result = verify_archive(args.archive, identities)
        if result.files_tested is None:
            print(T(lang, "verify_ok", file=str(args.archive), fingerprint=result.fingerprint))
        else:
            print(
                T(
                    lang,
                    "verify_ok_restore",
                    file=str(args.archive),
                    fingerprint=result.fingerprint,
                    files=result.files_tested,
                )
            )
        return 0
    if args.command == "restore":
        identities = load_identities(args.identity)
        count = restore(args.archive, identities, args.to, args.pattern, args.force)
        print(T(lang, "restored", files=count, target=str(args.to)))
        return 0
    if args.command == "report":
        reports = []
        for archive in args.archives:
            path = archive if archive.name.endswith(".report.json") else report_path(archive)
            reports.append(verify_report(path)[0])
        if args.format == "json":
            body = (json.dumps(reports, ensure_ascii=False, indent=1) + "\n").encode()
        elif args.format == "html":
            body = report_mod.render_html(reports, lang).encode()
        else:
            body = report_mod.render_pdf(reports, lang)
        if args.output is not None:
            atomicio.write_bytes(args.output, body)
        else:
            sys.stdout.buffer.write(body)
            sys.stdout.flush()
        return 0
    if args.command == "verify-report":
        _report, fingerprint = verify_report(args.report)
        print(T(lang, "verify_ok", file=str(args.report), fingerprint=fingerprint))
        return 0
    raise BackupProblem("need_two_recipients")  # argparse requires a command


def main(argv: Sequence[str] | None = None) -> int:
    return main_wrapper("soumnet-backup", run, argv)


if __name__ == "__main__":
    sys.exit(main())
