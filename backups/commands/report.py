"""`soumnet-backup report`: the auditor's report of archives: a document (text on the terminal,
HTML or PDF for paper) or the signed JSON records themselves.

Every report is checked first, its signer against the trusted keys when given: a report that
fails is one line on standard error and nothing is printed as verified.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from backups.commands.verify import trust_options
from backups.config import BackupConfig
from backups.messages import BackupProblem
from backups.names import ARCHIVE_SUFFIX, REPORT_SUFFIX, report_path
from backups.reportdoc import ReportCheck, archive_document, check_report
from backups.trust import trusted_fingerprints
from foundation import atomicio
from foundation.cli import load_config, missing_extra
from foundation.commands import Command
from foundation.document.render import render

NEEDS = {"html": ("jinja2", "matplotlib"), "pdf": ("fpdf", "matplotlib")}
"""The hub's package each format is written with (not installed on an office PC)."""
FORMATS = ("text", "html", "pdf", "json")


def _report_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "archives",
        type=Path,
        nargs="+",
        metavar="ARCHIVE|REPORT",
        help="a .tar.zst.age or its .report.json",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), html or pdf: the report for people; json: the signed records",
    )
    trust_options(parser)
    parser.add_argument("--output", type=Path, default=None, help="file to write (default: stdout)")


def _trusted(args: argparse.Namespace) -> dict[str, str] | None:
    """Fingerprint -> the name of the file it was given in; None when no key was given."""
    files: list[Path] = [*args.trusted_key, *args.allowed_signers]
    if not files:
        return None
    return {fp: path.name for path in files for fp in sorted(trusted_fingerprints(path))}


def _report_file(path: Path) -> Path:
    if path.name.endswith(REPORT_SUFFIX):
        return path
    if path.name.endswith(ARCHIVE_SUFFIX):
        return report_path(path)
    raise BackupProblem("report.not_report", file=str(path))


def _report(args: argparse.Namespace, config: None) -> int:
    needed = NEEDS.get(args.format)
    if needed and missing_extra(needed):
        # an office PC installs the agent alone (soumnet without [hub]): say so, once
        raise BackupProblem("report.needs_hub", format=args.format.upper())
    trusted = _trusted(args)  # a bad key file: before any report is read
    reports: list[dict[str, object]] = []
    checks: list[ReportCheck | None] = []
    for given in args.archives:
        report, check = check_report(_report_file(given), trusted)
        reports.append(report)
        checks.append(check)
    if args.format == "json":
        body = (json.dumps(reports, ensure_ascii=False, indent=1) + "\n").encode()
    else:
        settings = load_config(args.config, BackupConfig)
        doc = archive_document(
            reports,
            checks,
            args.lang,
            settings.office,
            settings.backup.recipient_names,
        )
        body = render(doc, args.format)
    if args.output is not None:
        atomicio.write_bytes(args.output, body)
    else:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
    return 0


COMMANDS = (
    Command(
        "report",
        "auditor report of archives, each checked first",
        _report_args,
        _report,
        needs_config=False,
        epilog="A report whose signature, chain or signer (with --trusted-key or"
        " --allowed-signers) fails its check is refused in one line (exit status 1); without a"
        " trusted key the report says in capitals that who signed was not checked.",
    ),
)
