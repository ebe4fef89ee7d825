"""`soumnet-hub software find | list` and `soumnet-hub licences list | add | edit | remove`:
the installed programs the agents report, and the licences the office holds.

Reads are the `it` role's. Licence changes are a person's writes: through the door
(`inventory.intake.door`), so `serve` makes them under the write lock and puts them in the audit
trail under the account the kernel names.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from foundation.cli import CommandError
from foundation.commands import Command
from foundation.i18n import Lang, Problem
from inventory import roles
from inventory.config import HubConfig
from inventory.intake import door
from inventory.records.devices import resolve_device
from inventory.risks import licences, software
from inventory.risks.software_messages import T
from inventory.store.layout import Layout


def _layout(config: HubConfig) -> Layout:
    layout = Layout(config.hub_dir)
    layout.check()
    return layout


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def versions_text(installs: list[software.Install]) -> str:
    return ", ".join(f"{v} ×{n}" for v, n in software.versions(installs).items())


# -- software --------------------------------------------------------------------------------


def _software_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    find = sub.add_parser("find", help="which PCs have a program: part of its name, any case")
    find.add_argument("text", metavar="TEXT")
    find.add_argument("--json", action="store_true", help="print JSON")
    listing = sub.add_parser("list", help="the programs installed on one device")
    listing.add_argument("device", metavar="DEVICE", help="its key, asset tag or name")
    listing.add_argument("--json", action="store_true", help="print JSON")


def _software(args: argparse.Namespace, config: HubConfig) -> int:
    layout = _layout(config)
    roles.check(config, roles.IT, reading=True)
    lang: Lang = args.lang
    if args.action == "find":
        if not args.text.strip():
            raise CommandError(T(lang, "software.empty_text"), 2)
        found = software.find(layout, args.text)
        if args.json:
            _print_json([i.to_json() for i in found])
            return 0
        if not found:
            print(T(lang, "software.none_found", text=args.text))
            return 0
        devices = len({i.device for i in found})
        print(
            T(
                lang,
                "software.found",
                text=args.text,
                devices=devices,
                installs=len(found),
                versions=versions_text(found),
            )
        )
        for install in found:
            p = install.program
            print(f"{install.label}\t{p.name}\t{p.version or '-'}\t{p.publisher or '-'}")
        return 0
    try:
        device = resolve_device(layout, args.device)["key"]
    except Problem:
        device = args.device  # a report key no record names (yet)
    listed = software.device_programs(layout, device)
    if listed is None:
        raise CommandError(T(lang, "software.no_document", device=args.device), 1)
    if args.json:
        _print_json(listed.to_json())
        return 0
    print(
        T(
            lang,
            "software.count",
            device=listed.label,
            count=len(listed.programs),
            updated=_when(listed.updated, config),
        )
    )
    if listed.stale:
        print(T(lang, "software.stale"))
    for p in listed.programs:
        print(f"{p.name}\t{p.version or '-'}\t{p.arch or '-'}\t{p.publisher or '-'}")
    return 0


def _when(ts: datetime | None, config: HubConfig) -> str:
    return ts.astimezone(config.office.timezone).strftime("%Y-%m-%d %H:%M") if ts else "-"


# -- licences --------------------------------------------------------------------------------


def _licences_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    listing = sub.add_parser("list", help="every licence with its seats in use")
    listing.add_argument("--json", action="store_true", help="print JSON")
    fields = "product=… match=… seats=N expires=YYYY-MM-DD note=…"
    add = sub.add_parser("add", help=f"add a licence: {fields}")
    add.add_argument("fields", nargs="+", metavar="FIELD=VALUE")
    edit = sub.add_parser("edit", help="change a licence: ID FIELD=VALUE … (empty clears)")
    edit.add_argument("id", type=int, metavar="ID")
    edit.add_argument("fields", nargs="+", metavar="FIELD=VALUE")
    remove = sub.add_parser("remove", help="take a licence off the list: ID")
    remove.add_argument("id", type=int, metavar="ID")


def _fields(pairs: list[str], lang: Lang) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            fields = ", ".join(licences.FIELDS)
            raise CommandError(T(lang, "licence.bad_pair", pair=pair, fields=fields), 2)
        out[name.strip()] = value
    return out


def usage_line(lang: Lang, use: licences.Usage, warn_days: float) -> str:
    """One licence as the command and the Software screen show it."""
    lic = use.licence
    seats = str(lic.seats) if lic.seats is not None else T(lang, "licence.unlimited")
    if lic.expires is None:
        expires = T(lang, "licence.perpetual")
    else:
        expires = T(lang, "licence.until", date=lic.expires.isoformat())
    flag = ""
    if use.over and lic.seats is not None:
        flag += T(lang, "licence.flag.over", count=use.in_use - lic.seats)
    if use.days_left is not None and use.days_left < 0:
        flag += T(lang, "licence.flag.expired")
    elif use.days_left is not None and use.days_left <= warn_days:
        flag += T(lang, "licence.flag.expiring", days=use.days_left)
    return T(
        lang,
        "licence.line",
        id=lic.id,
        product=lic.product,
        used=use.in_use,
        seats=seats,
        expires=expires,
        flag=flag,
    )


def _licences(args: argparse.Namespace, config: HubConfig) -> int:
    layout = _layout(config)
    lang: Lang = args.lang
    if args.action == "list":
        roles.check(config, roles.IT, reading=True)
        today = datetime.now(config.office.timezone).date()
        found = licences.usage(layout, today)
        if args.json:
            _print_json([u.to_json() for u in found])
            return 0
        if not found:
            print(T(lang, "licence.none"))
        for use in found:
            print(usage_line(lang, use, config.alerts.licence_days))
            for _device, label, versions in use.devices:
                print(f"\t{label}\t{versions}")
        return 0
    roles.changer(config)
    if args.action == "add":
        made = door.command(config, "licence.add", fields=_fields(args.fields, lang))
        print(T(lang, "licence.added", id=made["id"], product=made["product"]))
    elif args.action == "edit":
        fields = _fields(args.fields, lang)
        made = door.command(config, "licence.edit", id=args.id, fields=fields)
        print(T(lang, "licence.edited", id=made["id"], product=made["product"]))
    elif args.action == "remove":
        gone = door.command(config, "licence.remove", id=args.id)
        print(T(lang, "licence.removed", id=gone["id"], product=gone["product"]))
    return 0


COMMANDS = (
    Command("software", "installed programs: which PCs have one, one PC's list", _software_args,
            _software),
    Command("licences", "software licences and their seats in use", _licences_args, _licences),
)  # fmt: skip
