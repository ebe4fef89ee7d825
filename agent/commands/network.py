"""`soumnet-agent poll TARGET…` and `soumnet-agent discover CIDR`: network commands for
debugging a device (as one would with `snmpwalk`) and for finding devices on a subnet."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from agent.config import AgentConfig
from agent.jobs.network import target_for
from agent.netmessages import T
from agent.settings.network import SnmpDevice
from foundation.cli import CommandError
from foundation.commands import Command
from foundation.i18n import Lang

AUTH_CHOICES = ("SHA", "SHA224", "SHA256", "SHA384", "SHA512", "MD5")
PRIV_CHOICES = ("AES", "AES192", "AES256", "DES")


def split_target(text: str, default_port: int, lang: Lang) -> tuple[str, int]:
    """HOST, HOST:PORT, [V6]:PORT or a bare IPv6 address."""
    host, port = text, default_port
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest:
            if not rest.startswith(":") or not rest[1:].isdigit():
                raise CommandError(T(lang, "net.poll.bad_target", target=text), 2)
            port = int(rest[1:])
    elif text.count(":") == 1:
        host, _, digits = text.partition(":")
        if not digits.isdigit():
            raise CommandError(T(lang, "net.poll.bad_target", target=text), 2)
        port = int(digits)
    if not host or not 0 < port < 65536:
        raise CommandError(T(lang, "net.poll.bad_target", target=text), 2)
    return host, port


def _poll_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("targets", nargs="+", metavar="TARGET", help="HOST or HOST:PORT")
    parser.add_argument("--port", type=int, default=161, help="UDP port (default 161)")
    parser.add_argument("--community", default="public", help="SNMPv2c read community")
    parser.add_argument("--v3-user", default="", help="SNMPv3 user (authPriv)")
    parser.add_argument("--auth-key", default="", help="SNMPv3 authentication pass phrase")
    parser.add_argument("--priv-key", default="", help="SNMPv3 privacy pass phrase")
    parser.add_argument("--auth-protocol", choices=AUTH_CHOICES, default="SHA")
    parser.add_argument("--priv-protocol", choices=PRIV_CHOICES, default="AES")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per attempt")
    parser.add_argument("--retries", type=int, default=None, help="resends after a timeout")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")


def _failure_text(lang: Lang, result: Any) -> str:
    device = result.target.key.removeprefix("snmp:")
    if result.error_kind in ("timeout", "budget"):
        seconds = f"{result.target.timeout * (result.target.retries + 1):g}"
        return T(lang, "net.poll.timeout", device=device, seconds=seconds)
    if result.error_kind == "auth":
        return T(lang, "net.poll.auth", device=device, reason=result.error)
    return T(lang, "net.poll.failed", device=device, reason=result.error)


def _uptime(lang: Lang, ticks: int | None) -> str:
    if ticks is None:
        return "?"
    seconds = ticks // 100
    days, rest = divmod(seconds, 86400)
    return T(lang, "net.poll.days", days=days, clock=f"{rest // 3600:02d}:{rest % 3600 // 60:02d}")


def _print_human(lang: Lang, key: str, data: dict[str, Any]) -> None:
    system = data["system"]
    print(T(lang, "net.poll.up", device=key, name=system["name"] or "-"))
    print(f"  {system['descr']}")
    print(f"  {T(lang, 'net.poll.uptime', uptime=_uptime(lang, system['uptime_ticks']))}")
    ifs = data.get("interfaces", [])
    if ifs:
        up = sum(1 for i in ifs if i["oper"] == "up")
        print(f"  {T(lang, 'net.poll.interfaces', up=up, total=len(ifs))}")
        for iface in ifs:
            speed = f"{iface['speed_bps'] / 1e6:g} Mbit/s" if iface["speed_bps"] else "-"
            print(
                f"    {iface['index']:>5} {iface['name'][:24]:<24} {iface['admin']:<5} "
                f"{iface['oper']:<14} {speed:>12} in {iface['in_octets']} out {iface['out_octets']}"
            )
    printer = data.get("printer")
    if printer:
        for supply in printer["supplies"]:
            level = (
                f"{supply['percent']:g}%"
                if supply["percent"] is not None
                else T(lang, f"net.level.{supply['state']}")
            )
            print(f"  {T(lang, 'net.poll.supply', descr=supply['descr'], level=level)}")
        if printer["pages"] is not None:
            print(f"  {T(lang, 'net.poll.pages', pages=printer['pages'])}")
    ups = data.get("ups")
    if ups:
        on_battery = T(lang, "net.yes" if ups["on_battery"] else "net.no")
        line = T(
            lang,
            "net.poll.ups",
            status=ups["battery_status"],
            charge=ups["charge_percent"],
            minutes=ups["minutes_remaining"],
            battery=on_battery,
        )
        print(f"  {line}")


def _poll(args: argparse.Namespace, config: AgentConfig) -> int:
    from agent.collectors.snmp.parse import device_data  # 0.7 MiB, only to poll

    # measured: the poller adds a fifth to every soumnet-agent command's start-up
    from agent.collectors.snmp.poller import PollLimits, poll

    lang: Lang = args.lang
    if args.v3_user and not (args.auth_key and args.priv_key):
        raise CommandError(T(lang, "net.poll.v3_keys"), 2)
    targets = []
    for text in args.targets:
        host, port = split_target(text, args.port, lang)
        device = SnmpDevice(
            address=host,
            port=port,
            version="3" if args.v3_user else "2c",
            community=args.community,
            user=args.v3_user,
            auth_protocol=args.auth_protocol,
            auth_key=args.auth_key,
            priv_protocol=args.priv_protocol,
            priv_key=args.priv_key,
            timeout_seconds=args.timeout or 0.0,
            retries=args.retries if args.retries is not None else -1,
        )
        targets.append(target_for(device, config.snmp))
    results = poll(targets, limits=PollLimits.from_settings(config.snmp))
    failed = [r for r in results if not r.up]
    if args.json:
        out = []
        for r in results:
            entry: dict[str, Any] = {"device": r.target.key, "up": r.up}
            if r.up:
                entry["data"] = device_data(r.values)
            else:
                entry["error"] = _failure_text("en", r)
            out.append(entry)
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for r in results:
            if r.up:
                _print_human(lang, r.target.key, device_data(r.values))
    for r in failed:
        print(f"soumnet-agent: {_failure_text(lang, r)}", file=sys.stderr)
    return 1 if failed else 0


def _discover_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cidr", metavar="CIDR", help="the subnet, e.g. 192.168.1.0/24")
    parser.add_argument("--community", default="public", help="SNMPv2c community to try")
    parser.add_argument("--port", type=int, default=161, help="SNMP UDP port (default 161)")
    parser.add_argument("--timeout", type=float, default=1.0, help="seconds per address")
    parser.add_argument("--concurrency", type=int, default=64, help="addresses in flight")
    parser.add_argument("--json", action="store_true", help="print the candidates as JSON")


class ProgressBar:
    """A one-line bar on standard error, drawn only when it is a terminal."""

    def __init__(self, label: str, width: int = 30) -> None:
        self.label = label
        self.width = width
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        filled = self.width * done // total
        bar = "#" * filled + "-" * (self.width - filled)
        sys.stderr.write(f"\r{self.label} [{bar}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _discover(args: argparse.Namespace, config: AgentConfig) -> int:
    # measured: it imports the poller, a fifth more start-up for every other command
    from agent.collectors.discover import DiscoverOptions, discover

    lang: Lang = args.lang
    found = discover(
        args.cidr,
        DiscoverOptions(args.port, args.community, args.timeout, args.concurrency),
        progress=None if args.json else ProgressBar(T(lang, "net.discover.progress")),
    )
    if args.json:
        print(json.dumps([c.to_json() for c in found], ensure_ascii=False, indent=2))
        return 0
    print(T(lang, "net.discover.header"))
    for c in found:
        name = c.sys_name or c.dns_name or "-"
        snmp = c.sys_descr[:40] if c.snmp else "-"
        print(f"{c.address:<16} {name[:25]:<25} {(c.vendor or '-')[:16]:<16} {snmp}")
    print(T(lang, "net.discover.found", count=len(found), cidr=args.cidr))
    return 0


COMMANDS = (
    Command("poll", "poll SNMP devices once and print what they report", _poll_args, _poll),
    Command(
        "discover", "find devices on a subnet (ping, SNMP, DNS, ARP)", _discover_args, _discover
    ),
)
