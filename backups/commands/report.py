"""`soumnet-backup report`: the auditor's report of archives, as JSON, HTML or PDF."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from backups import report
from backups.messages import BackupProblem
from backups.names import report_path
from backups.verify import verify_report
from foundation import atomicio
from foundation.cli import missing_extra
from foundation.commands import Command

NEEDS = {"html": "jinja2", "pdf": "fpdf"}
"""The hub's package each format is written with (not installed on an office PC)."""


def _report_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("archives", type=Path, nargs="+")
    parser.add_argument("--format", choices=("json", "html", "pdf"), default="json")
    parser.add_argument("--output", type=Path, default=None, help="file to write (default: stdout)")


def _report(args: argparse.Namespace, config: None) -> int:
    needed = NEEDS.get(args.format)
    if needed and missing_extra((needed,)):
        # an office PC installs the agent alone (soumnet without [hub]): say so, once
        raise BackupProblem("report.needs_hub", format=args.format.upper())
    reports = []
    for archive in args.archives:
        path = archive if archive.name.endswith(".report.json") else report_path(archive)
        reports.append(verify_report(path)[0])
    if args.format == "json":
        body = (json.dumps(reports, ensure_ascii=False, indent=1) + "\n").encode()
    elif args.format == "html":
        body = report.render_html(reports, args.lang).encode()
    else:
        body = report.render_pdf(reports, args.lang)
    if args.output is not None:
        atomicio.write_bytes(args.output, body)
    else:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
    return 0


COMMANDS = (
    Command("report", "auditor report of archives", _report_args, _report, needs_config=False),
)
