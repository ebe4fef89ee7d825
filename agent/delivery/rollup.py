"""Roll-up of an hour of the outbox: numeric samples become one report per (kind, device, hour).

An agent offline for weeks cannot keep every raw sample within its disk bound, so samples
older than `agent.raw_keep_hours` are folded into hourly reports. Each carries, for every
numeric figure, `{"min", "max", "sum", "count"}` under `data.figures` (the shape the hub keeps
in its hourly history) and a `span` (start, end, number of samples), so the hub files it
straight at the hourly level. Reports that are not measurements over time (facts, backup
reports, outage reports carrying events, any unknown kind) are kept as they are.

`figures` is the one definition of what a report's numeric figures are; the hub uses it too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from foundation.digest import sha256_hex
from foundation.wire import format_ts, parse_ts

ROLLABLE_KINDS = frozenset({"health", "snmp", "probe", "outage"})
BUCKET_FIELDS = ("min", "max", "sum", "count")
NAME_FIELDS = ("hostname", "name", "sysName")
"""Text fields carried into a roll-up so the hub can still name a device it first sees there."""


def mean(values: list[float]) -> float:
    """statistics.fmean without loading statistics (decimal, fractions) into the agent."""
    return math.fsum(values) / len(values)


def _num(value: object) -> float | None:
    if isinstance(value, bool):
        return float(value)
    return float(value) if isinstance(value, int | float) else None


def figures(kind: str, data: Mapping[str, Any]) -> dict[str, float]:
    """The numeric figures of one report worth keeping as history."""
    out: dict[str, float | None] = {}
    if kind == "health":
        out["cpu_percent"] = _num((data.get("cpu") or {}).get("percent"))
        out["memory_percent"] = _num((data.get("memory") or {}).get("percent"))
        disks = [_num(d.get("percent")) for d in data.get("disks") or [] if isinstance(d, dict)]
        found = [d for d in disks if d is not None]
        out["disk_percent"] = max(found) if found else None
    elif kind in ("snmp", "probe"):
        out["up"] = _num(data.get("up"))
        out["latency_ms"] = _num(data.get("latency_ms") or data.get("elapsed_ms"))
        out["loss_percent"] = _num(data.get("loss_percent"))
    elif kind == "outage":
        state = data.get("state")
        out["up"] = None if state in (None, "unknown") else float(state == "ok")
        out["latency_ms"] = _num(data.get("latency_ms"))
        out["loss_percent"] = _num(data.get("loss_percent"))
    return {k: v for k, v in out.items() if v is not None}


def rolled_figures(data: Mapping[str, Any]) -> dict[str, dict[str, float]] | None:
    """The `data.figures` of a rolled-up report when every bucket is well formed, else None."""
    found = data.get("figures")
    if not isinstance(found, Mapping) or not found:
        return None
    out: dict[str, dict[str, float]] = {}
    for name, bucket in found.items():
        if not isinstance(bucket, Mapping):
            return None
        values = {f: _num(bucket.get(f)) for f in BUCKET_FIELDS}
        if any(v is None or isinstance(bucket.get(f), bool) for f, v in values.items()):
            return None
        out[str(name)] = {f: float(v or 0.0) for f, v in values.items()}
    return out


def rollable(doc: Mapping[str, Any]) -> bool:
    """A raw periodic sample (not an event, a fact or an earlier roll-up)."""
    if doc.get("kind") not in ROLLABLE_KINDS or doc.get("span") is not None:
        return False
    data = doc.get("data") or {}
    return not (doc.get("kind") == "outage" and data.get("events"))


def hour_of(ts: datetime) -> datetime:
    return ts.replace(minute=0, second=0, microsecond=0)


def rollup_id(agent: str, shard: str, kind: str, device: str, hour: str) -> str:
    """Deterministic, so rolling the same hour up again yields the same reports."""
    digest = sha256_hex(f"{kind}\0{device}\0{hour}")[:16]
    return f"{agent[:60]}-rollup-{shard}-{digest}"


def roll_up(agent: str, shard: str, docs: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The shard's reports with every periodic sample folded into its hourly report.

    Non-rollable reports are kept unchanged; the result is ordered by time (oldest first)."""
    kept: list[tuple[str, int, dict[str, Any]]] = []
    buckets: dict[tuple[str, str, str], dict[str, Any]] = {}
    for n, doc in enumerate(docs):
        if not rollable(doc):
            kept.append((str(doc.get("ts")), n, dict(doc)))
            continue
        key = (str(doc["kind"]), str(doc["device"]), format_ts(hour_of(parse_ts(doc.get("ts")))))
        data = doc.get("data") or {}
        bucket = buckets.get(key)
        if bucket is None:
            bucket = buckets[key] = {"n": n, "count": 0, "figures": {}, "names": {}}
        bucket["count"] += 1
        for name in NAME_FIELDS:
            if isinstance(data.get(name), str) and data[name]:
                bucket["names"][name] = data[name]
        for name, value in figures(key[0], data).items():
            have = bucket["figures"].get(name)
            if have is None:
                bucket["figures"][name] = {"min": value, "max": value, "sum": value, "count": 1}
            else:
                have["min"] = min(have["min"], value)
                have["max"] = max(have["max"], value)
                have["sum"] += value
                have["count"] += 1
    for (kind, device, stamp), bucket in buckets.items():
        start = parse_ts(stamp)
        report = {
            "v": 1,
            "id": rollup_id(agent, shard, kind, device, stamp),
            "agent": agent,
            "kind": kind,
            "device": device,
            "ts": stamp,
            "data": {**bucket["names"], "figures": bucket["figures"]},
            "span": {
                "start": stamp,
                "end": format_ts(start + timedelta(hours=1)),
                "count": bucket["count"],
            },
        }
        kept.append((stamp, bucket["n"], report))
    return [doc for _, _, doc in sorted(kept, key=lambda item: (parse_ts(item[0]), item[1]))]
