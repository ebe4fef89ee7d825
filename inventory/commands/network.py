"""`soumnet-hub network` and `soumnet-hub uplink`: the office network as the hub last heard it.

Both read `inventory.views.network`; `network --json` prints the very `NetworkStatus` the
Network screen draws.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta

from agent.netmessages import T
from foundation.cli import CommandError
from foundation.commands import Command
from foundation.i18n import Lang
from foundation.wire import format_ts, utcnow
from inventory.config import HubConfig
from inventory.store.layout import Layout
from inventory.store.store import Store
from inventory.views.network import NetDevice, NetworkView


def _view(config: HubConfig) -> NetworkView:
    layout = Layout(config.hub_dir)
    layout.check()
    return NetworkView(Store(layout), supply_low_percent=config.snmp.supply_low_percent)


def _network_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the state as JSON")


def _network(args: argparse.Namespace, config: HubConfig) -> int:
    lang = args.lang
    status = _view(config).status()
    if args.json:
        print(json.dumps(status.to_json(), ensure_ascii=False, indent=2))
        return 0
    uplink = status.uplink
    if uplink:
        loss, latency = uplink.loss_percent, uplink.latency_ms
        print(
            T(
                lang,
                "net.hub.uplink",
                state=T.code(lang, "net.uplink", uplink.state),
                loss="-" if loss is None else f"{loss:g}",
                latency="-" if latency is None else f"{latency:g}",
            )
        )
    if not status.devices and not status.targets:
        print(T(lang, "net.hub.none"))
        return 0
    print(T(lang, "net.hub.header"))
    for d in status.devices:
        details = [T(lang, "net.hub.interfaces", up=d.interfaces_up, total=len(d.interfaces))]
        details += [
            T(lang, "net.hub.low_supply", descr=s.descr, percent=f"{s.percent:g}")
            for s in d.low_supplies
            if s.percent is not None
        ]
        if d.ups:
            battery = T.code(lang, "net.battery", d.ups.get("battery_status"))
            details.append(f"UPS {battery} {d.ups.get('charge_percent')}%")
        if d.error:
            details.append(_error_text(lang, d))
        _row(lang, d, details)
    for t in status.targets:  # probe targets: reached, not owned
        details = [t.descr] if t.descr else []
        if t.latency_ms is not None:
            details.append(f"{t.latency_ms:g} ms")
        if t.error:
            details.append(_error_text(lang, t))
        _row(lang, t, details)
    return 0


def _row(lang: Lang, d: NetDevice, details: list[str]) -> None:
    since = d.since.strftime("%Y-%m-%d %H:%M") if d.since else "-"
    status = T.code(lang, "net.status", d.status)
    print(f"{d.name[:30]:<30} {status:<13} {since:<17} {'; '.join(details)}")


def _error_text(lang: Lang, device: NetDevice) -> str:
    """Why a device did not answer, from the kind of failure the agent stored (its text is
    the agent's, in English, for the logs)."""
    kind = {"timeout": "no_answer", "budget": "too_slow", "auth": "auth"}.get(
        device.error_kind or ""
    )
    if kind:
        return T(lang, f"net.hub.{kind}")
    return T(lang, "net.hub.failed", reason=device.error)


def _dataclass_json(value: object) -> object:
    if isinstance(value, datetime):
        return format_ts(value)
    if hasattr(value, "__dataclass_fields__"):
        return value.__dict__
    raise TypeError(type(value).__name__)


def _uplink_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--days", type=int, default=7, help="how many days back (default 7)")
    parser.add_argument("--json", action="store_true", help="print the history as JSON")


def _uplink(args: argparse.Namespace, config: HubConfig) -> int:
    lang = args.lang
    if not 1 <= args.days <= 366:
        raise CommandError(T(lang, "net.hub.bad_days"), 2)
    view = _view(config)
    end = utcnow()
    start = end - timedelta(days=args.days)
    hours = view.uplink_hours(start, end)
    events = view.uplink_events(start, end)
    if args.json:
        out = {"hours": [h.__dict__ for h in hours], "events": events}
        print(json.dumps(out, default=_dataclass_json, ensure_ascii=False, indent=2))
        return 0
    print(T(lang, "net.hub.hours_header"))
    for h in hours:
        loss = "-" if h.loss_percent is None else f"{h.loss_percent:g}"
        latency = "-" if h.latency_ms is None else f"{h.latency_ms:g}"
        print(
            f"{h.hour:%Y-%m-%d %H:00}   {h.samples:>7}   {loss:>6}   {latency:>10}   "
            f"{h.internet_down_samples:>13}"
        )
    for e in events:
        text = T.code(lang, "net.event", e["event"], target=e.get("target", ""))
        print(f"{format_ts(e['ts'])}  {text}")
    return 0


COMMANDS = (
    Command("network", "the network devices' state and the uplink", _network_args, _network),
    Command("uplink", "the uplink's hourly loss and latency history", _uplink_args, _uplink),
)
