"""The hub's view of the office network, read from the store's shards.

Per polled device: up or down and since when, each interface's state and rates, printer
supplies with a low-level threshold, the UPS's state. For the uplink: the hourly loss and
latency history that IT staff can show the internet provider, and the outage events.
Nothing here writes: `soumnet-hub serve` stores the agents' "snmp", "probe" and "outage"
reports like any other.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from agent.netmessages import T
from foundation.cli import CommandError, cli_lang
from foundation.commands import Command
from foundation.devicekeys import UPLINK_KEY
from foundation.i18n import Lang
from foundation.jsonfile import read_json
from foundation.kinds import outage, probe
from foundation.kinds.fields import JsonObject, data_of
from foundation.wire import format_ts, parse_ts, utcnow
from inventory.config import HubConfig
from inventory.records.names import label_of, labels, readable_key
from inventory.store.layout import Layout
from inventory.store.store import Store

SINCE_LOOKBACK_DAYS = 31


@dataclass(frozen=True)
class InterfaceState:
    index: int | str
    name: str
    admin: str
    oper: str
    speed_bps: int | None
    in_bps: float | None
    out_bps: float | None
    in_errors: int | None
    out_errors: int | None


@dataclass(frozen=True)
class SupplyState:
    descr: str
    type: str
    percent: float | None
    state: str
    low: bool
    """At or below the threshold (a level known only as "some left" is not low)."""


@dataclass(frozen=True)
class NetDevice:
    key: str
    name: str
    status: str
    """`up`, `down` (no answer while the path to it was up) or `unreachable`."""
    since: datetime | None
    """When the current status began (as far back as the kept samples show)."""
    ts: datetime
    error: str | None = None
    error_kind: str | None = None
    """`timeout`, `budget`, `auth` or `snmp`: why it did not answer, as the agent saw it."""
    descr: str = ""
    uptime_ticks: int | None = None
    interfaces: tuple[InterfaceState, ...] = ()
    supplies: tuple[SupplyState, ...] = ()
    pages: int | None = None
    ups: dict[str, Any] | None = None
    serials: tuple[str, ...] = ()
    latency_ms: float | None = None
    """A probe target's round trip (SNMP devices have none)."""
    loss_percent: float | None = None


@dataclass(frozen=True)
class UplinkHour:
    hour: datetime
    samples: int
    loss_percent: float | None
    latency_ms: float | None
    internet_down_samples: int
    lan_down_samples: int


@dataclass
class NetworkView:
    store: Store
    supply_low_percent: float = 15.0
    now: datetime | None = field(default=None)

    def _shards(self, device: str, newest_first: bool = True) -> list[tuple[date, Any]]:
        folder = self.store.layout.device_dir(device)
        found = []
        for path in folder.glob("raw-*.json"):
            try:
                day = date.fromisoformat(path.stem.removeprefix("raw-"))
            except ValueError:
                continue
            found.append((day, path))
        return sorted(found, key=lambda p: p[0], reverse=newest_first)

    def _samples(
        self, device: str, kind: str, start: date | None = None, end: date | None = None
    ) -> Iterator[dict[str, Any]]:
        """Samples of one kind, newest first, from the day shards in [start, end]."""
        for day, path in self._shards(device):
            if (end and day > end) or (start and day < start):
                continue
            docs = list(((read_json(path) or {}).get("samples") or {}).values())
            docs = [d for d in docs if d.get("kind") == kind]
            yield from sorted(docs, key=lambda d: d["ts"], reverse=True)

    def _since(
        self, device: str, status: str, newest: datetime, kind: str = "snmp"
    ) -> datetime | None:
        earliest = None
        start = newest.date() - timedelta(days=SINCE_LOOKBACK_DAYS)
        for doc in self._samples(device, kind, start=start):
            if _status(doc.get("data", {})) != status:
                break
            earliest = parse_ts(doc["ts"])
        return earliest

    def devices(self) -> list[NetDevice]:
        """Every polled device with its newest state, named as its record names it."""
        out = []
        names = labels(self.store.devices())
        for key, kinds in self.store.latest().items():
            latest = kinds.get("snmp")
            if not latest:
                continue
            data = latest.get("data", {})
            ts = parse_ts(latest["ts"])
            status = _status(data)
            found = self._device(key, data, ts, status, self._since(key, status, ts))
            out.append(replace(found, name=label_of(key, names, found.name)))
        return sorted(out, key=lambda d: (d.name.casefold(), d.key))

    def targets(self) -> list[NetDevice]:
        """Every probe target (router, E-Mongolia, …) with its newest state, by name: what the
        office reaches, not equipment it owns, so it has no device record."""
        out = []
        for key, kinds in self.store.latest().items():
            latest = kinds.get("probe")
            if not latest or key == UPLINK_KEY:
                continue
            data = data_of(latest)
            found = probe.parse(data)
            ts = parse_ts(latest["ts"])
            status = _status(data)
            out.append(
                NetDevice(
                    key=key,
                    name=found.name or readable_key(key),
                    status=status,
                    since=self._since(key, status, ts, "probe"),
                    ts=ts,
                    error=found.error,
                    descr=found.target or "",
                    latency_ms=found.latency_ms,
                    loss_percent=found.loss_percent,
                )
            )
        return sorted(out, key=lambda d: (d.name.casefold(), d.key))

    def _device(
        self, key: str, data: dict[str, Any], ts: datetime, status: str, since: datetime | None
    ) -> NetDevice:
        system = data.get("system") or {}
        interfaces = tuple(
            InterfaceState(
                index=i.get("index", ""),
                name=i.get("name") or i.get("descr") or str(i.get("index")),
                admin=i.get("admin", "unknown"),
                oper=i.get("oper", "unknown"),
                speed_bps=i.get("speed_bps"),
                in_bps=i.get("in_bps"),
                out_bps=i.get("out_bps"),
                in_errors=i.get("in_errors"),
                out_errors=i.get("out_errors"),
            )
            for i in data.get("interfaces", [])
        )
        printer = data.get("printer") or {}
        supplies = tuple(
            SupplyState(
                descr=s.get("descr", ""),
                type=s.get("type", "other"),
                percent=s.get("percent"),
                state=s.get("state", "unknown"),
                low=s.get("percent") is not None and s["percent"] <= self.supply_low_percent,
            )
            for s in printer.get("supplies", [])
        )
        return NetDevice(
            key=key,
            name=data.get("name") or system.get("name") or readable_key(key),
            status=status,
            since=since,
            ts=ts,
            error=data.get("error"),
            error_kind=data.get("error_kind"),
            descr=system.get("descr", ""),
            uptime_ticks=system.get("uptime_ticks"),
            interfaces=interfaces,
            supplies=supplies,
            pages=printer.get("pages"),
            ups=data.get("ups"),
            serials=tuple(e["serial"] for e in data.get("entities", []) if e.get("serial")),
        )

    def low_supplies(self) -> list[tuple[NetDevice, SupplyState]]:
        return [(d, s) for d in self.devices() for s in d.supplies if s.low]

    def uplink_hours(self, start: datetime, end: datetime) -> list[UplinkHour]:
        """The uplink's loss and latency per hour in [start, end), oldest first."""
        buckets: dict[datetime, list[outage.Outage]] = defaultdict(list)
        for doc in self._samples(UPLINK_KEY, "outage", start.date(), end.date()):
            ts = parse_ts(doc["ts"])
            if start <= ts < end:
                hour = ts.replace(minute=0, second=0, microsecond=0)
                buckets[hour].append(outage.parse(data_of(doc)))
        hours = []
        for hour in sorted(buckets):
            rows = buckets[hour]
            losses = [r.loss_percent for r in rows if r.loss_percent is not None]
            latencies = [r.latency_ms for r in rows if r.latency_ms is not None]
            hours.append(
                UplinkHour(
                    hour=hour,
                    samples=len(rows),
                    loss_percent=round(statistics.fmean(losses), 1) if losses else None,
                    latency_ms=round(statistics.fmean(latencies), 2) if latencies else None,
                    internet_down_samples=sum(1 for r in rows if r.state == "internet_down"),
                    lan_down_samples=sum(1 for r in rows if r.state == "lan_down"),
                )
            )
        return hours

    def uplink_events(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        """Outage events (started, ended, targets down/up) in [start, end), oldest first."""
        events: list[dict[str, Any]] = []
        for doc in self._samples(UPLINK_KEY, "outage", start.date(), end.date()):
            ts = parse_ts(doc["ts"])
            if start <= ts < end:
                events.extend({"ts": ts, **e} for e in doc["data"].get("events", []))
        return sorted(events, key=lambda e: e["ts"])

    def uplink_state(self) -> dict[str, Any] | None:
        latest = self.store.latest().get(UPLINK_KEY, {}).get("outage")
        if not latest:
            return None
        return {"ts": parse_ts(latest["ts"]), **latest["data"]}


def _status(data: JsonObject) -> str:
    status = data.get("status")
    if isinstance(status, str):
        return status
    return "up" if data.get("up", True) else "down"


# -- `soumnet-hub network` and `soumnet-hub uplink` ------------------------------------------


def _view(config: HubConfig) -> NetworkView:
    layout = Layout(config.hub_dir)
    layout.check()
    return NetworkView(Store(layout), supply_low_percent=config.snmp.supply_low_percent)


def _network_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the state as JSON")


def _network(args: argparse.Namespace, config: HubConfig) -> int:
    view = _view(config)
    lang = cli_lang(config)
    devices = view.devices()
    targets = view.targets()
    uplink = view.uplink_state()
    if args.json:
        out = {"devices": [d.__dict__ for d in devices], "targets": targets, "uplink": uplink}
        print(json.dumps(out, default=_dataclass_json, ensure_ascii=False, indent=2))
        return 0
    if uplink:
        loss = uplink.get("loss_percent")
        latency = uplink.get("latency_ms")
        print(
            T(
                lang,
                "net.hub.uplink",
                state=T.code(lang, "net.uplink", uplink.get("state")),
                loss="-" if loss is None else f"{loss:g}",
                latency="-" if latency is None else f"{latency:g}",
            )
        )
    if not devices and not targets:
        print(T(lang, "net.hub.none"))
        return 0
    print(T(lang, "net.hub.header"))
    for d in devices:
        up = sum(1 for i in d.interfaces if i.oper == "up")
        details = [T(lang, "net.hub.interfaces", up=up, total=len(d.interfaces))]
        details += [
            T(lang, "net.hub.low_supply", descr=s.descr, percent=f"{s.percent:g}")
            for s in d.supplies
            if s.low and s.percent is not None
        ]
        if d.ups:
            battery = T.code(lang, "net.battery", d.ups.get("battery_status"))
            details.append(f"UPS {battery} {d.ups.get('charge_percent')}%")
        if d.error:
            details.append(_error_text(lang, d))
        _row(lang, d, details)
    for t in targets:  # probe targets: reached, not owned
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
    lang = cli_lang(config)
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
