"""`soumnet-hub devices | maintenance | alerts | audit`: the records from the command line.

Writes (add, edit, import, maintenance entries) are a person's writes: they are allowed to
the `it` role (or to anyone while no `[users]` are configured), take the data folder's write
lock and go into the audit trail under the logged-in user's name.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from agent import atomicio
from agent.cliutil import CommandError, cli_lang
from agent.commands import Command
from agent.config import Config
from inventory import alerts, audit, csvio, devices, maintenance, periodreport, roles
from inventory.layout import Layout
from inventory.records_messages import T


def _layout(config: Config) -> Layout:
    layout = Layout(config.hub_dir)
    layout.check()
    return layout


def _writer(config: Config) -> str:
    """The user making a change; refused unless their role may change records."""
    return roles.changer(config)


def _fields(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise CommandError(f"expected FIELD=VALUE, got {pair!r}", 2)
        out[name.strip()] = value
    return out


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


# -- devices ---------------------------------------------------------------------------------


def _devices_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    listing = sub.add_parser("list", help="every device record")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--duplicates", action="store_true", help="only possible duplicates")
    add = sub.add_parser("add", help="add a device by hand: FIELD=VALUE …")
    add.add_argument("fields", nargs="+", metavar="FIELD=VALUE")
    edit = sub.add_parser("edit", help="change fields of a device: KEY FIELD=VALUE …")
    edit.add_argument("key")
    edit.add_argument("fields", nargs="+", metavar="FIELD=VALUE")
    imp = sub.add_parser("import", help="import a CSV file (all rows or none)")
    imp.add_argument("file", type=Path)
    exp = sub.add_parser("export", help="export every device to a CSV file (UTF-8 with BOM)")
    exp.add_argument("file", type=Path)
    dismiss = sub.add_parser("not-duplicate", help="clear a device's possible-duplicate flag")
    dismiss.add_argument("key")


def _devices(args: argparse.Namespace, config: Config) -> int:
    layout = _layout(config)
    lang = cli_lang(config)
    if args.action == "list":
        docs = devices.possible_duplicates(layout) if args.duplicates else None
        docs = docs if docs is not None else devices.list_devices(layout)
        if args.json:
            _print_json(docs)
            return 0
        for doc in docs:
            flag = " [?= " + ", ".join(doc["duplicates"]) + "]" if doc.get("duplicates") else ""
            kind = doc.get("type") or "-"
            place = doc.get("location") or "-"
            print(f"{doc['key']}\t{doc.get('name') or '-'}\t{kind}\t{place}{flag}")
        return 0
    who = _writer(config)
    if args.action == "add":
        key = devices.add_device(layout, _fields(args.fields), who)
        print(key)
    elif args.action == "edit":
        devices.edit_device(layout, args.key, _fields(args.fields), who)
    elif args.action == "not-duplicate":
        devices.dismiss_duplicates(layout, args.key, who)
    elif args.action == "import":
        result = csvio.import_devices(layout, args.file, who)
        print(T(lang, "csv.imported", count=len(result.added) + len(result.updated)))
    elif args.action == "export":
        count = csvio.export_devices(layout, args.file)
        print(T(lang, "csv.exported", count=count, file=args.file))
    return 0


# -- maintenance -----------------------------------------------------------------------------


def _maintenance_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    listing = sub.add_parser("list", help="maintenance log entries, newest first")
    listing.add_argument("--device")
    listing.add_argument("--status", choices=maintenance.ENTRY_STATUSES)
    listing.add_argument("--json", action="store_true", help="print JSON")
    add = sub.add_parser("add", help="log work: device=KEY date=YYYY-MM-DD kind=… description=…")
    add.add_argument("fields", nargs="+", metavar="FIELD=VALUE")
    edit = sub.add_parser("edit", help="change an entry: NUMBER FIELD=VALUE …")
    edit.add_argument("number", type=int)
    edit.add_argument("fields", nargs="+", metavar="FIELD=VALUE")
    close = sub.add_parser("close", help="close an entry")
    close.add_argument("number", type=int)


def _maintenance(args: argparse.Namespace, config: Config) -> int:
    layout = _layout(config)
    if args.action == "list":
        found = maintenance.list_entries(layout, device=args.device, status=args.status)
        if args.json:
            _print_json(found)
            return 0
        for doc in found:
            print(
                f"{doc['number']}\t{doc['date']}\t{doc['status']}\t{doc['kind']}\t"
                f"{doc['device']}\t{doc['description']}"
            )
        return 0
    who = _writer(config)
    if args.action == "add":
        doc = maintenance.add_entry(layout, _fields(args.fields), who)
        print(doc["number"])
    elif args.action == "edit":
        maintenance.edit_entry(layout, args.number, _fields(args.fields), who)
    elif args.action == "close":
        maintenance.close_entry(layout, args.number, who)
    return 0


# -- alerts and audit ------------------------------------------------------------------------


def _alerts_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--all", action="store_true", help="also suppressed, pending, resolved")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _alerts(args: argparse.Namespace, config: Config) -> int:
    layout = _layout(config)
    lang = cli_lang(config)
    found = alerts.all_alerts(layout) if args.all else alerts.open_alerts(layout)
    if args.json:
        _print_json(
            [
                {
                    "id": a.id,
                    "rule": a.rule,
                    "subject": a.subject,
                    "state": a.state,
                    "since": a.since.isoformat(),
                    "value": a.value,
                    "threshold": a.threshold,
                    "suppressed_by": a.suppressed_by,
                    "resolved_at": a.resolved_at.isoformat() if a.resolved_at else None,
                    "text": a.title(lang),
                }
                for a in found
            ]
        )
        return 0
    for alert in found:
        print(f"{alert.since:%Y-%m-%d %H:%M}\t{alert.state}\t{alert.title(lang)}")
    return 0


def _audit_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("verify", help="check that no audit entry was changed or deleted")
    listing = sub.add_parser("list", help="every audit entry")
    listing.add_argument("--json", action="store_true", help="print JSON")


def _audit(args: argparse.Namespace, config: Config) -> int:
    layout = _layout(config)
    lang = cli_lang(config)
    if args.action == "list":
        found = audit.entries(layout)
        if args.json:
            _print_json(found)
        else:
            for entry in found:
                print(
                    f"{entry['seq']}\t{entry['ts']}\t{entry['who']}\t{entry['action']}\t"
                    f"{entry['target']}"
                )
        return 0
    findings = audit.verify(layout)
    if not findings:
        print(T(lang, "audit.ok", count=len(audit.entries(layout))))
        return 0
    for finding in findings:
        print(T(lang, finding.problem, seq=finding.seq), file=sys.stderr)
    raise CommandError(T(lang, "audit.bad", count=len(findings)), 5)


def _report_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--period", required=True, help="2026-11, 2026-Q3, 2026-H1 or 2026")
    parser.add_argument("--format", choices=periodreport.FORMATS, default="text")
    parser.add_argument("--lang", choices=("mn", "en"), default=None)
    parser.add_argument("--out", type=Path, default=None, help="write to FILE, not stdout")


def _report(args: argparse.Namespace, config: Config) -> int:
    layout = _layout(config)
    lang = args.lang or cli_lang(config)
    period = periodreport.parse_period(args.period)
    data = periodreport.build(layout, period, config.office.name)
    body = periodreport.render(data, args.format, lang)
    if args.out is not None:
        atomicio.write_bytes(args.out, body)
    else:
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
    return 0


COMMANDS = (
    Command("devices", "the equipment inventory", _devices_args, _devices),
    Command("maintenance", "the maintenance log", _maintenance_args, _maintenance),
    Command("alerts", "current alerts", _alerts_args, _alerts),
    Command("audit", "the audit trail of changes made by people", _audit_args, _audit),
    Command("report", "a period report (month, quarter, half-year, year)", _report_args, _report),
)
