"""The hub's view of the office network, read from the store's shards.

Per polled device: up or down and since when, each interface's state and rates, printer
supplies with a low-level threshold, the UPS's state. For the uplink: the hourly loss and
latency history that IT staff can show the internet provider, and the outage events.
Nothing here writes: `soumnet-hub serve` stores the agents' "snmp", "probe" and "outage"
reports like any other. `NetworkStatus` is what the Network screen draws and what
`soumnet-hub network --json` prints: one read, so both show the same devices and figures.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from foundation.devicekeys import UPLINK_KEY
from foundation.jsonfile import read_json
from foundation.kinds import outage, probe
from foundation.kinds.fields import JsonObject, data_of
from foundation.wire import format_ts, parse_ts, utcnow
from inventory.records.names import label_of, labels, readable_key
from inventory.store.store import Store

SINCE_LOOKBACK_DAYS = 31
HISTORY_HOURS = 24
"""The uplink history the Network screen and `network --json` carry."""
STATUSES = ("up", "down", "unreachable")


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

    @property
    def interfaces_up(self) -> int:
        return sum(1 for i in self.interfaces if i.oper == "up")

    @property
    def errors(self) -> int:
        """Input and output errors over every interface, as the counters say."""
        return sum((i.in_errors or 0) + (i.out_errors or 0) for i in self.interfaces)

    @property
    def low_supplies(self) -> tuple[SupplyState, ...]:
        return tuple(s for s in self.supplies if s.low)


@dataclass(frozen=True)
class UplinkHour:
    hour: datetime
    samples: int
    loss_percent: float | None
    latency_ms: float | None
    internet_down_samples: int
    lan_down_samples: int


@dataclass(frozen=True)
class UplinkState:
    """The uplink's newest round, as the agent's probes classified it."""

    ts: datetime
    state: str
    """`ok`, `internet_down` or `lan_down` (anything else: unknown)."""
    loss_percent: float | None
    latency_ms: float | None
    gateway_up: bool | None
    external_up: int | None
    external_total: int | None
    down_targets: tuple[str, ...]


@dataclass(frozen=True)
class NetworkStatus:
    """Everything the Network screen shows, read at once."""

    devices: tuple[NetDevice, ...]
    """Polled (SNMP) devices, by name."""
    targets: tuple[NetDevice, ...]
    """Probe targets (router, E-Mongolia, …), by name."""
    uplink: UplinkState | None
    hours: tuple[UplinkHour, ...]
    """The uplink's last `HISTORY_HOURS` hours, oldest first; an hour without samples is
    left out."""
    uplink_record: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The uplink's newest round as stored (its events too), which `--json` prints beside the
    typed fields so that the listing loses none."""

    def to_json(self) -> dict[str, Any]:
        uplink = {**self.uplink_record, **asdict(self.uplink)} if self.uplink else None
        return {
            "devices": [_plain(asdict(d)) for d in self.devices],
            "targets": [_plain(asdict(t)) for t in self.targets],
            "uplink": _plain(uplink),
            "hours": [_plain(asdict(h)) for h in self.hours],
        }


def _plain(value: Any) -> Any:
    """A dataclass's fields as JSON holds them: times in the wire format, tuples as lists."""
    if isinstance(value, datetime):
        return format_ts(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


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
        """The uplink's newest round with every stored field (`uplink` types it)."""
        latest = self.store.latest().get(UPLINK_KEY, {}).get("outage")
        if not latest:
            return None
        return {"ts": parse_ts(latest["ts"]), **latest["data"]}

    def uplink(self) -> UplinkState | None:
        """The uplink's newest round, typed."""
        latest = self.store.latest().get(UPLINK_KEY, {}).get("outage")
        if not latest:
            return None
        found = outage.parse(data_of(latest))
        return UplinkState(
            ts=parse_ts(latest["ts"]),
            state=found.state or "unknown",
            loss_percent=found.loss_percent,
            latency_ms=found.latency_ms,
            gateway_up=found.gateway_up,
            external_up=found.external_up,
            external_total=found.external_total,
            down_targets=found.down_targets,
        )

    def status(self, now: datetime | None = None) -> NetworkStatus:
        """Devices, probe targets, the uplink and its last hours: the Network screen's view."""
        now = now or self.now or utcnow()
        hours = self.uplink_hours(now - timedelta(hours=HISTORY_HOURS), now)
        return NetworkStatus(
            tuple(self.devices()),
            tuple(self.targets()),
            self.uplink(),
            tuple(hours),
            uplink_record=self.uplink_state() or {},
        )


def _status(data: JsonObject) -> str:
    status = data.get("status")
    if isinstance(status, str):
        return status
    return "up" if data.get("up", True) else "down"
