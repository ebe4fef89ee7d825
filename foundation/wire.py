"""The wire format between agents and the hub (schema version 1).

A *report* is one JSON object:

    {"v": 1, "id": "<agent>-<seq>" | any unique text, "agent": "<agent id>",
     "kind": "health" | "facts" | ..., "device": "<device key>",
     "ts": "2026-11-22T10:00:00+00:00", "data": {...}}

`ts` is the UTC time of the measurement. `device` names what was measured: `host:<host id>`
for the agent's own machine, `snmp:<address>` for a polled device, `probe:<target>` for a
probe. Kinds with a time span (rolled-up samples) carry `"span": {"start", "end", "count"}`.

A *batch* on the ingest channel (stdin of `soumnet-hub ingest --agent ID`) is a header line
`{"soumnet": 1, "op": "reports", "agent": ID, "count": N}` followed by exactly N report lines
(a line more refuses the batch: the header did not say what was sent). The hub
answers with one JSON line: `{"ok": true, "accepted": [ids], "rejected": [{"id", "reason"}]}`
or `{"ok": false, "error": "..."}`. The agent may forget every id in `accepted` and `rejected`.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

SCHEMA_VERSION = 1
PROTOCOL_VERSION = 1
ID_MAX = 128
KIND_MAX = 32
DEVICE_MAX = 200
MAX_DEPTH = 12


class WireError(ValueError):
    """Why a report or batch was rejected, in words fit to send back to the agent."""


@dataclass(frozen=True)
class Report:
    id: str
    agent: str
    kind: str
    device: str
    ts: datetime
    data: Mapping[str, Any]
    span: Mapping[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "v": SCHEMA_VERSION,
            "id": self.id,
            "agent": self.agent,
            "kind": self.kind,
            "device": self.device,
            "ts": format_ts(self.ts),
            "data": self.data,
        }
        if self.span is not None:
            out["span"] = self.span
        return out

    def line(self) -> str:
        return dumps(self.to_json())


def new_report_id(agent: str) -> str:
    """Unique without coordination: the agent, its clock in nanoseconds, 32 random bits."""
    return f"{agent}-{time.time_ns():x}-{os.urandom(4).hex()}"


def utcnow() -> datetime:
    return datetime.now(UTC)


def format_ts(ts: datetime) -> str:
    if ts.tzinfo is None:
        raise ValueError("naive datetime: storage times are UTC-aware")
    return ts.astimezone(UTC).isoformat(timespec="seconds")


def stored_ts(value: object) -> datetime | None:
    """A time read back from a stored document, leniently: None when absent or not a time (a
    document of another version), a time without an offset taken as UTC."""
    if not isinstance(value, str):
        return None
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        return None
    return found.astimezone(UTC) if found.tzinfo else found.replace(tzinfo=UTC)


def parse_ts(text: object, field: str = "ts") -> datetime:
    if not isinstance(text, str):
        raise WireError(f"{field}: expected an ISO 8601 time, got {type(text).__name__}")
    try:
        ts = datetime.fromisoformat(text)
    except ValueError:
        raise WireError(f"{field}: not an ISO 8601 time: {text[:40]!r}") from None
    if ts.tzinfo is None:
        raise WireError(f"{field}: time without a UTC offset: {text[:40]!r}")
    return ts.astimezone(UTC)


def dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _text(obj: Mapping[str, Any], name: str, limit: int) -> str:
    value = obj.get(name)
    if not isinstance(value, str) or not value:
        raise WireError(f"{name}: expected a non-empty string")
    if len(value) > limit:
        raise WireError(f"{name}: longer than {limit} characters")
    if any(ord(c) < 32 for c in value):
        raise WireError(f"{name}: contains control characters")
    return value


_PLAIN = frozenset({str, int, bool, type(None)})


def _check_json(value: object, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise WireError(f"data: nested deeper than {MAX_DEPTH} levels")
    children: Iterable[object]
    if isinstance(value, dict):
        for k in value:
            if not isinstance(k, str):
                raise WireError("data: keys must be strings")
        children = value.values()
    elif isinstance(value, list):
        children = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise WireError("data: NaN or infinity is not a measurement")
        return
    elif value is None or isinstance(value, str | int | bool):
        return
    else:
        raise WireError(f"data: unsupported value type {type(value).__name__}")
    deeper = depth + 1
    for child in children:
        # most values are plain scalars: checked here, without a call per value
        kind = type(child)
        if deeper <= MAX_DEPTH and (kind in _PLAIN or (kind is float and math.isfinite(child))):
            continue
        _check_json(child, deeper)


def parse_report(
    line: str | bytes,
    *,
    agent: str | None = None,
    max_bytes: int = 256 * 1024,
    now: datetime | None = None,
    max_skew: timedelta = timedelta(hours=24),
) -> Report:
    """Validate one report line; raises WireError with the reason for the agent."""
    size = len(line.encode("utf-8") if isinstance(line, str) else line)
    if size > max_bytes:
        raise WireError(f"report is {size} bytes, more than the limit of {max_bytes}")
    obj = loads(line)
    if not isinstance(obj, dict):
        raise WireError("a report must be a JSON object")
    return report_from_json(obj, agent=agent, now=now, max_skew=max_skew)


def loads(line: str | bytes) -> Any:
    """JSON from an agent: malformed or too deeply nested text is a WireError, never a crash.

    The parser recurses once per level: a line nested a few thousand deep would otherwise end
    the whole process with a RecursionError."""
    try:
        return json.loads(line, parse_constant=_no_constant)
    except RecursionError:
        raise WireError(f"nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:
        raise WireError(f"not JSON: {str(exc)[:80]}") from None


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not allowed")


def report_from_json(
    obj: Mapping[str, Any],
    *,
    agent: str | None = None,
    now: datetime | None = None,
    max_skew: timedelta = timedelta(hours=24),
) -> Report:
    version = obj.get("v")
    if version != SCHEMA_VERSION or isinstance(version, bool):
        raise WireError(f"schema version {version!r} is not supported (this hub: {SCHEMA_VERSION})")
    known = {"v", "id", "agent", "kind", "device", "ts", "data", "span"}
    extra = sorted(set(obj) - known)
    if extra:
        raise WireError(f"unknown field {extra[0]!r}")
    rid = _text(obj, "id", ID_MAX)
    sender = _text(obj, "agent", ID_MAX)
    if agent is not None and sender != agent:
        raise WireError(f"agent: report from {sender!r} on the channel of {agent!r}")
    kind = _text(obj, "kind", KIND_MAX)
    device = _text(obj, "device", DEVICE_MAX)
    ts = parse_ts(obj.get("ts"))
    now = now or utcnow()
    if ts > now + max_skew:
        raise WireError(f"ts: {format_ts(ts)} is in the future")
    if ts.year < 2000:
        raise WireError(f"ts: {format_ts(ts)} is before the year 2000")
    data = obj.get("data")
    if not isinstance(data, dict):
        raise WireError("data: expected a JSON object")
    _check_json(data)
    span = obj.get("span")
    if span is not None:
        if not isinstance(span, dict):
            raise WireError("span: expected a JSON object")
        start = parse_ts(span.get("start"), "span.start")
        end = parse_ts(span.get("end"), "span.end")
        count = span.get("count")
        if end < start:
            raise WireError("span: end before start")
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise WireError("span.count: expected a positive whole number")
    return Report(rid, sender, kind, device, ts, data, span)


def batch_header(agent: str, count: int, op: str = "reports") -> str:
    return dumps({"soumnet": PROTOCOL_VERSION, "op": op, "agent": agent, "count": count})


def encode_batch(agent: str, reports: Iterable[Report]) -> bytes:
    lines = [r.line() for r in reports]
    return ("\n".join([batch_header(agent, len(lines)), *lines]) + "\n").encode("utf-8")
