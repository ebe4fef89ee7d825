"""`soumnet-backup`: create, verify and restore yearly archives; auditor reports."""

# Each command imports what it needs when it runs: `create` starts without the restore,
# verify and report-rendering code, which is a tenth of a second on a small machine.

from __future__ import annotations

import argparse
import importlib.util
import json
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from backups.config import BackupConfig
from backups.messages import BackupProblem, T
from backups.progress import eta_seconds, format_eta
from backups.settings import BackupSettingError, BackupSettings, DumpSettings
from foundation.cli import Parser, add_config_option, cli_lang, load_config, main_wrapper
from foundation.i18n import Lang, Problem

if TYPE_CHECKING:
    from backups.archive import Progress
    from backups.create import Created


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog="soumnet-backup", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("create", help="create an encrypted archive with a signed report")
    c.add_argument("--source", type=Path, action="append", default=[], help="folder or file")
    c.add_argument("--exclude", action="append", default=[])
    c.add_argument(
        "--sqlite", type=Path, action="append", default=[], help="SQLite file, copied live"
    )
    c.add_argument(
        "--dump",
        action="append",
        default=[],
        metavar="NAME=COMMAND",
        help="archive COMMAND's standard output as file NAME, e.g. staff.sql='pg_dump staff'",
    )
    c.add_argument("--label", required=True)
    c.add_argument("--out", type=Path, required=True)
    c.add_argument("--recipient", action="append", default=[])
    c.add_argument("--signing-key", type=Path, required=True, help="Ed25519 key (OpenSSH)")
    c.add_argument("--office", default=None, help="default: office.name of the configuration")
    add_config_option(c)
    c.add_argument("--retention-years", type=int, default=None)
    _progress_option(c)
    v = sub.add_parser(
        "verify",
        help="check hash, signatures and chain; restore test with a key",
        epilog=TRUST_EPILOG,
    )
    v.add_argument("archive", type=Path)
    _trust_options(v)
    v.add_argument("--identity", type=Path)
    v.add_argument(
        "--signing-key",
        type=Path,
        help="with --identity: record a restore-test entry signed with this Ed25519 key",
    )
    n = sub.add_parser("run", help="the configured yearly archive of this machine")
    n.add_argument("--now", action="store_true", help="run now, even if not due")
    add_config_option(n)
    _progress_option(n)
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
    vr = sub.add_parser(
        "verify-report", help="check one report file; prints one line", epilog=TRUST_EPILOG
    )
    vr.add_argument("report", type=Path)
    _trust_options(vr)
    return parser


UNCHECKED = 5
"""Exit status of a valid signature whose key was not checked against a trusted key."""
TRUST_EPILOG = (
    "exit status: 0 valid and signed by a trusted key; 5 the signature is valid but no"
    " trusted key was given, so who signed was not checked; 1 invalid or signed by another key"
)


def _trust_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--trusted-key",
        type=Path,
        action="append",
        default=[],
        metavar="FILE.pub",
        help="the office's signing public key (OpenSSH format); may be repeated",
    )
    parser.add_argument(
        "--allowed-signers",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="an ssh-keygen allowed-signers file, e.g. from 'soumnet-hub archives export-signers'",
    )


def _trusted(args: argparse.Namespace, path: Path, fingerprint: str) -> bool:
    """Whether the signer was checked; refuses (BackupProblem) a key not trusted."""
    from backups.trust import check_trusted, load_trusted

    trusted = load_trusted([*args.trusted_key, *args.allowed_signers])
    if trusted is None:
        return False
    check_trusted(path, fingerprint, trusted)
    return True


def _progress_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="files, bytes and time left on standard error (default: when it is a terminal)",
    )


def _terminal_progress(lang: Lang, wanted: bool | None) -> Progress | None:
    """Files, bytes and ETA on one refreshed stderr line, at most 5 times a second."""
    if wanted is False or (wanted is None and not sys.stderr.isatty()):
        return None
    started = time.monotonic()
    last = [0.0]

    def show(path: str, files: int, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < 0.2:
            return
        last[0] = now
        line = T(
            lang,
            "progress",
            files=files,
            done=done / 1e6,
            total=total / 1e6,
            eta=format_eta(eta_seconds(now - started, done, total)),
        )
        sys.stderr.write(f"\r{line} ")
        sys.stderr.flush()

    return show


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


def _create(args: argparse.Namespace, lang: Lang) -> int:
    if not (args.source or args.sqlite or args.dump):
        raise BackupProblem("no_sources")
    try:
        checked = BackupSettings(
            sources=tuple(args.source), sqlite=tuple(args.sqlite), dumps=tuple(_dumps(args.dump))
        )
    except BackupSettingError as exc:
        raise BackupProblem("bad_option", problem=str(exc)) from None
    from backups.create import create_signed

    progress = _terminal_progress(lang, args.progress)
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
    if progress is not None:
        print(file=sys.stderr)
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


def _said(exc: BaseException, lang: Lang) -> str:
    """A failure as this user reads it: a Problem translated, an OSError without errno."""
    if isinstance(exc, Problem):
        return exc.text(lang)
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror} ({exc.filename})" if exc.filename else exc.strerror
    return str(exc)


def _run_configured(args: argparse.Namespace, lang: Lang) -> int:
    """The configured yearly job, as the agent runs it; `--now` runs it even if not due."""
    from agent.config import AgentConfig
    from agent.jobs.backup import deliver, yearly_run

    config = load_config(args.config, AgentConfig)
    if not config.backup.sources and not config.backup.sqlite and not config.backup.dumps:
        raise BackupProblem("not_configured")
    progress = _terminal_progress(lang, args.progress)
    made, failure = yearly_run(config, force=args.now, progress=progress)
    if progress is not None and made:
        print(file=sys.stderr)
    if not made:
        print(T(lang, "not_due"))
        return 0
    unsent = deliver(config, made)  # reported as the agent service reports it, failed or not
    why = _said(unsent, lang) if unsent is not None else ""
    if failure is not None:
        reason = _said(failure, lang)
        if unsent is not None:
            raise BackupProblem("run_failed_unsent", reason=reason, why=why)
        raise BackupProblem("run_failed", reason=reason)
    last = made[-1].data
    if last.get("status") == "FAILED":
        raise BackupProblem("run_failed", reason=last.get("error"))
    status = T.code(lang, "outcome", last.get("status"))
    print(T(lang, "run_done", status=status, file=str(last.get("archive") or "-")))
    if unsent is not None:
        print(T(lang, "report_unsent", why=why), file=sys.stderr)
    return 0


def _verify(args: argparse.Namespace, lang: Lang) -> int:
    from backups import sshsig
    from backups.restore import load_identities
    from backups.trust import load_trusted
    from backups.verify import verify_archive

    load_trusted([*args.trusted_key, *args.allowed_signers])  # a bad file: before any work
    identities = load_identities(args.identity) if args.identity else []
    key = None
    if args.signing_key is not None and identities:
        key = sshsig.SigningKey.load(args.signing_key)
    result = verify_archive(args.archive, identities, key)
    checked = _trusted(args, args.archive, result.fingerprint)
    if not checked:
        print(T(lang, "verify_unchecked", file=str(args.archive), fingerprint=result.fingerprint))
    elif result.files_tested is None:
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
    if result.entry is not None:
        print(T(lang, "restore_test_recorded", file=str(result.entry)))
    return 0 if checked else UNCHECKED


def _report(args: argparse.Namespace, lang: Lang) -> int:
    from backups import report as report_mod
    from backups.manifest import report_path
    from backups.verify import verify_report
    from foundation import atomicio

    needed = {"html": "jinja2", "pdf": "fpdf"}.get(args.format)
    if needed and importlib.util.find_spec(needed) is None:
        # an office PC installs the agent alone (soumnet without [hub]): say so, once
        raise BackupProblem("report.needs_hub", format=args.format.upper())
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


def run(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    lang = cli_lang(getattr(args, "config", None), getattr(args, "lang", None))
    if args.command == "create":
        return _create(args, lang)
    if args.command == "run":
        return _run_configured(args, lang)
    if args.command == "verify":
        return _verify(args, lang)
    if args.command == "restore":
        from backups.restore import load_identities, restore

        identities = load_identities(args.identity)
        count = restore(args.archive, identities, args.to, args.pattern, args.force)
        print(T(lang, "restored", files=count, target=str(args.to)))
        return 0
    if args.command == "report":
        return _report(args, lang)
    if args.command == "verify-report":
        from backups.verify import verify_report

        _report_data, fingerprint = verify_report(args.report)
        if not _trusted(args, args.report, fingerprint):
            print(T(lang, "verify_unchecked", file=str(args.report), fingerprint=fingerprint))
            return UNCHECKED
        print(T(lang, "verify_ok", file=str(args.report), fingerprint=fingerprint))
        return 0
    raise BackupProblem("need_two_recipients")  # argparse requires a command


def main(argv: Sequence[str] | None = None) -> int:
    return main_wrapper("soumnet-backup", run, argv)


if __name__ == "__main__":
    sys.exit(main())
