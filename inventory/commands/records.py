"""`soumnet-hub devices | maintenance | alerts | audit`: the records from the command line.

Writes (add, edit, import, maintenance entries) are a person's writes: they are allowed to
the `it` role (or to anyone while no `[users]` are configured) and go through the door
(`inventory.intake.door`): `serve` makes them under the data folder's write lock and puts them in
the audit trail under the name of the account the kernel says sent them. Reads are the `it`
role's; the audit trail and period reports are an auditor's too.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from pathlib import Path
from typing import Any

from foundation import atomicio
from foundation.cli import CommandError
from foundation.commands import Command
from foundation.i18n import Lang
from inventory import roles
from inventory.config import HubConfig
from inventory.intake import door
from inventory.records import alerts, csvio, devices, values
from inventory.records.names import label, label_of, labels
from inventory.records_messages import T
from inventory.reports import periodreport
from inventory.reports.period import parse_period
from inventory.store import audit
from inventory.store.layout import Layout
from inventory.store.store import Store
from inventory.views.audit import audit_view
from inventory.views.devices import devices_view
from inventory.views.maintenance import maintenance_view


def _layout(config: HubConfig) -> Layout:
    layout = Layout(config.hub_dir)
    layout.check()
    return layout


def _writer(config: HubConfig) -> str:
    """The user making a change; refused unless their role may change records."""
    return roles.changer(config)


def _reader(config: HubConfig, allowed: frozenset[str] = roles.IT) -> None:
    """Refuse, with one line, a read the caller's role does not allow (the fence itself is the
    data folder's file modes: this is only the clear line)."""
    roles.check(config, allowed, reading=True)


def _fields(pairs: list[str], lang: Lang) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise CommandError(T(lang, "records.bad_pair", pair=pair), 2)
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
    merge = sub.add_parser("merge", help="merge the record OTHER into KEEP: one device")
    merge.add_argument("keep", metavar="KEEP")
    merge.add_argument("other", metavar="OTHER")


def _devices(args: argparse.Namespace, config: HubConfig) -> int:
    layout = _layout(config)
    lang = args.lang
    if args.action in ("list", "export"):
        _reader(config)
    if args.action == "list":
        # the Devices screen's own view: the same rows, health and figures
        store = Store(layout)
        rows = devices_view(store.devices(), store.latest(), config.alerts).rows
        rows = tuple(r for r in rows if r.duplicates) if args.duplicates else rows
        if args.json:
            _print_json([r.to_json() for r in rows])
            return 0
        if not rows:
            print(T(lang, "devices.none"))
        for row in rows:
            flag = " [?= " + ", ".join(row.duplicates) + "]" if row.duplicates else ""
            kind = values.word(lang, "type", row.type) or "-"
            print(f"{row.key}\t{row.name}\t{kind}\t{row.location or '-'}{flag}")
        return 0
    if args.action != "export":
        _writer(config)
    if args.action == "add":
        key = door.command(config, "device.add", fields=_fields(args.fields, lang))
        print(key)
    elif args.action == "edit":
        door.command(config, "device.edit", key=args.key, fields=_fields(args.fields, lang))
    elif args.action == "not-duplicate":
        door.command(config, "device.not_duplicate", key=args.key)
    elif args.action == "merge":
        # each reference (a key, an alias, an asset tag or a unique name) becomes its record
        keep, other = (devices.resolve_device(layout, ref) for ref in (args.keep, args.other))
        kept = door.command(config, "device.merge", keep=keep["key"], other=other["key"])
        print(T(lang, "devices.merged", other=label(other), keep=label(kept)))
    elif args.action == "import":
        data = base64.b64encode(args.file.read_bytes()).decode("ascii")
        result = door.command(config, "device.import", name=str(args.file), data=data)
        counts = {name: len(result[name]) for name in ("added", "updated", "unchanged")}
        print(
            T(
                lang,
                "csv.imported",
                count=sum(counts.values()),
                **counts,
                encoding=result["encoding"],
                separator=result["separator"],
            )
        )
    elif args.action == "export":
        count = csvio.export_devices(layout, args.file)
        print(T(lang, "csv.exported", count=count, file=args.file))
    return 0


# -- maintenance -----------------------------------------------------------------------------


def _maintenance_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    listing = sub.add_parser("list", help="maintenance log entries, newest first")
    listing.add_argument("--device")
    listing.add_argument("--status", help="open or closed (or their Mongolian words)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    add = sub.add_parser("add", help="log work: device=KEY date=YYYY-MM-DD kind=… description=…")
    add.add_argument("fields", nargs="+", metavar="FIELD=VALUE")
    edit = sub.add_parser("edit", help="change an entry: NUMBER FIELD=VALUE …")
    edit.add_argument("number", type=int)
    edit.add_argument("fields", nargs="+", metavar="FIELD=VALUE")
    close = sub.add_parser("close", help="close an entry")
    close.add_argument("number", type=int)


def _maintenance(args: argparse.Namespace, config: HubConfig) -> int:
    layout = _layout(config)
    lang = args.lang
    if args.action == "list":
        _reader(config)
        device = devices.resolve_device(layout, args.device)["key"] if args.device else None
        status = values.read_choice("--status", "entry_status", args.status or "")
        log = maintenance_view(layout, device=device, status=status)
        if args.json:
            _print_json(log.to_json())
            return 0
        if not log.entries:
            print(T(lang, "maint.none"))
        for entry in log.entries:
            status = values.word(lang, "entry_status", entry.status)
            kind = values.word(lang, "kind", entry.kind)
            print(
                f"{entry.number}\t{entry.date}\t{status}\t{kind}\t"
                f"{entry.device_label}\t{entry.description}"
            )
        return 0
    _writer(config)
    if args.action == "add":
        doc = door.command(config, "maintenance.add", fields=_fields(args.fields, lang))
        named = label_of(doc["device"], labels(devices.list_devices(layout)))
        print(T(lang, "maint.added", entry=doc["number"], device=named, date=doc["date"]))
    elif args.action == "edit":
        changes = _fields(args.fields, lang)
        door.command(config, "maintenance.edit", number=args.number, fields=changes)
        print(T(lang, "maint.edited", entry=args.number, fields=", ".join(changes)))
    elif args.action == "close":
        door.command(config, "maintenance.close", number=args.number)
        print(T(lang, "maint.closed", entry=args.number))
    return 0


# -- alerts and audit ------------------------------------------------------------------------


def _alerts_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--all", action="store_true", help="also suppressed, pending, resolved")
    parser.add_argument("--json", action="store_true", help="print JSON")
    sub = parser.add_subparsers(dest="action")
    listing = sub.add_parser("list", help="current alerts (the default)")
    listing.add_argument("--all", action="store_true", help="also suppressed, pending, resolved")
    listing.add_argument("--json", action="store_true", help="print JSON")
    ack = sub.add_parser("ack", help="acknowledge alert N: no one else is sent it")
    ack.add_argument("no", type=int, metavar="N")


def _alerts(args: argparse.Namespace, config: HubConfig) -> int:
    layout = _layout(config)
    lang = args.lang
    if args.action == "ack":
        _writer(config)
        done = door.command(config, "alert.ack", no=args.no)
        title = done["texts"].get(lang) or done["texts"]["en"]
        print(T(lang, "alerts.acked", no=done["no"], who=done["acked_by"], title=title))
        return 0
    _reader(config)
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
                    "no": a.no,
                    "acked_by": a.acked_by or None,
                    "text": a.title(lang),
                }
                for a in found
            ]
        )
        return 0
    if not found:
        print(T(lang, "alerts.none_recorded" if args.all else "alerts.none_active"))
    for alert in found:
        state = T(lang, f"alert.state.{alert.state}")
        since = alert.since.astimezone(config.office.timezone)
        number = f"#{alert.no}" if alert.no else "-"
        print(f"{number}\t{since:%Y-%m-%d %H:%M}\t{state}\t{alert.title(lang)}")
    return 0


def _audit_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("verify", help="check that no audit entry was changed or deleted")
    listing = sub.add_parser("list", help="every audit entry")
    listing.add_argument("--json", action="store_true", help="print JSON")


def _audit(args: argparse.Namespace, config: HubConfig) -> int:
    layout = _layout(config)
    _reader(config, roles.READERS)
    lang = args.lang
    if args.action == "list":
        trail = audit_view(layout)
        if args.json:
            _print_json(trail.to_json())
        else:
            for entry in trail.entries:
                print(f"{entry.seq}\t{entry.ts}\t{entry.who}\t{entry.action}\t{entry.target}")
        return 0
    findings = audit.verify(layout)
    if not findings:
        print(T(lang, "audit.ok", count=len(audit.entries(layout))))
        return 0
    for finding in findings:
        print(T(lang, finding.problem, seq=finding.seq), file=sys.stderr)
    raise CommandError(T(lang, "audit.bad", count=len(findings)), 5)


def _report_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--period", required=True, help="a day 2026-12-02, a month 2026-11, 2026-Q3, 2026-H1, 2026"
    )
    parser.add_argument("--format", choices=periodreport.FORMATS, default="text")
    parser.add_argument("--lang", choices=("mn", "en"), default=None)
    parser.add_argument("--out", type=Path, default=None, help="write to FILE, not stdout")


def _report(args: argparse.Namespace, config: HubConfig) -> int:
    _layout(config)
    lang = args.lang
    _reader(config, roles.READERS)
    parse_period(args.period)  # a bad period is the caller's line, before serve
    made = door.command(config, "report", period=args.period, format=args.format, lang=lang)
    body = base64.b64decode(made["body"])
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
    Command(
        "report", "a period report (day, month, quarter, half-year, year)", _report_args, _report
    ),
)
