"""History roll-ups: raw samples → hourly → daily (min/avg/max), with configurable retention.

Per device folder (`store/history/<device>/`):
- `raw-YYYY-MM-DD.json`  every report of that day (written by `Store.apply`);
- `series-YYYY-MM-DD.json`  the numeric figures of the same reports by column, per kind:
  `{kind: {"t": [Unix seconds], "f": {figure: [value or null]}}}`, one row a second, so that
  a history read parses a few numbers per sample instead of whole reports;
- `hourly-YYYY-MM.json`  table `hours`: one doc per (kind, hour) with each figure's
  min/avg/max/count, and table `sources` naming the raw days already folded in;
- `daily-YYYY.json`      the same per (kind, day), `sources` naming the months folded in.

`rollup` (run by `serve` now and then) folds raw days older than `history.raw_days` into their
month's hourly shard and then removes them; hourly months older than `history.hourly_days`
into daily shards (a raw day's series shard goes with it); and removes daily years older than
`history.daily_days`. Each step writes
one small shard; `sources` makes a step that was cut short by a crash safe to repeat (a day is
never counted twice). Figures are the numeric measurements of each kind (`foundation.kinds`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from foundation import atomicio
from foundation.jsonfile import DamagedFile, read_json
from foundation.kinds import figures, rolled_figures
from foundation.wire import Report, format_ts, parse_ts, utcnow
from inventory.settings.records import HistorySettings
from inventory.store.jsonstore import FileCache, batch
from inventory.store.layout import Layout


class Point(NamedTuple):
    """One figure over one interval: a raw sample (count 1), an hour or a day.

    A named tuple: a 30-day read makes about ten thousand of them."""

    ts: datetime
    min: float
    avg: float
    max: float
    count: int  # type: ignore[assignment]  # hides tuple.count, which nothing uses


def _fold(
    buckets: dict[tuple[str, str], dict[str, dict[str, float]]],
    kind: str,
    stamp: str,
    values: Mapping[str, Mapping[str, float]],
) -> None:
    """Merge {figure: {min, max, sum, count}} into the bucket (kind, stamp)."""
    bucket = buckets[(kind, stamp)]
    for name, v in values.items():
        have = bucket.get(name)
        if have is None:
            bucket[name] = dict(v)
        else:
            have["min"] = min(have["min"], v["min"])
            have["max"] = max(have["max"], v["max"])
            have["sum"] += v["sum"]
            have["count"] += v["count"]


def _single(value: float, count: float = 1.0) -> dict[str, float]:
    return {"min": value, "max": value, "sum": value * count, "count": count}


def _sample_values(sample: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    span = sample.get("span") or {}
    count = float(span.get("count") or 1) if isinstance(span, dict) else 1.0
    rolled = rolled_figures(sample.get("data") or {}) if span else None
    if rolled is not None:  # an agent's hourly roll-up: min/max/sum/count per figure
        return rolled
    return {
        k: _single(v, count) for k, v in figures(sample["kind"], sample.get("data") or {}).items()
    }


def _merge_into(path: Path, table: str, source: str, buckets: Mapping[Any, Any]) -> None:
    """Add `buckets` to the shard unless `source` was folded in before (crash-safe)."""
    with batch(path) as db:
        sources = db.table("sources")
        if any(doc.get("name") == source for doc in sources.all()):
            return
        docs = {(d["kind"], d["ts"]): d for d in db.table(table).all()}
        merged: dict[tuple[str, str], dict[str, dict[str, float]]] = defaultdict(dict)
        for (kind, ts), doc in docs.items():
            merged[(kind, ts)] = {k: dict(v) for k, v in doc["figures"].items()}
        for (kind, ts), values in buckets.items():
            _fold(merged, kind, ts, values)
        out = [{"kind": k, "ts": ts, "figures": v} for (k, ts), v in sorted(merged.items())]
        db.table(table).truncate()
        db.table(table).insert_multiple(out)
        sources.insert({"name": source})


def _docs(path: Path, table: str) -> list[dict[str, Any]]:
    data = read_json(path) or {}
    return list((data.get(table) or {}).values())


def rollup(layout: Layout, settings: HistorySettings, now: datetime | None = None) -> int:
    """Fold and expire shards of every device; returns how many shards were folded or removed.

    The caller (`serve`) holds the write lock."""
    now = now or utcnow()
    today = now.date()
    done = 0
    if not layout.history.is_dir():
        return 0
    for folder in sorted(p for p in layout.history.iterdir() if p.is_dir()):
        for raw in sorted(folder.glob("raw-*.json")):
            day = date.fromisoformat(raw.stem[4:])
            if (today - day).days < settings.raw_days:
                continue
            buckets: dict[tuple[str, str], dict[str, dict[str, float]]] = defaultdict(dict)
            for sample in _docs(raw, "samples"):
                hour = parse_ts(sample["ts"]).replace(minute=0, second=0)
                _fold(buckets, sample["kind"], format_ts(hour), _sample_values(sample))
            _merge_into(folder / f"hourly-{day:%Y-%m}.json", "hours", raw.name, buckets)
            atomicio.remove(folder / f"series-{raw.stem[4:]}.json")  # first: never without raw
            atomicio.remove(raw)
            done += 1
        for hourly in sorted(folder.glob("hourly-*.json")):
            year, month = (int(x) for x in hourly.stem[7:].split("-"))
            month_end = date(year + month // 12, month % 12 + 1, 1)
            if (today - month_end).days < settings.hourly_days:
                continue
            buckets = defaultdict(dict)
            for doc in _docs(hourly, "hours"):
                day_ts = parse_ts(doc["ts"]).replace(hour=0)
                _fold(buckets, doc["kind"], format_ts(day_ts), doc["figures"])
            _merge_into(folder / f"daily-{year}.json", "days", hourly.name, buckets)
            atomicio.remove(hourly)
            done += 1
        for daily in sorted(folder.glob("daily-*.json")):
            if (today - date(int(daily.stem[6:]) + 1, 1, 1)).days >= settings.daily_days:
                atomicio.remove(daily)
                done += 1
    return done


def series(
    layout: Layout,
    device: str,
    kind: str,
    figure: str,
    start: datetime,
    end: datetime,
) -> list[Point]:
    """One figure of one device over [start, end), oldest first, from the finest level kept:
    raw samples where they still exist, else hourly, else daily roll-ups."""
    folder = layout.device_dir(device)
    names = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    low, high = start.timestamp(), end.timestamp()
    # Unix second → (min, avg, max, count); whole seconds keep the keys cheap to compare
    found: dict[int, tuple[float, float, float, int]] = {}
    for name in names:
        if not (name.startswith("raw-") and name.endswith(".json")):
            continue
        stem = name[4:-5]
        if not start.date() <= date.fromisoformat(stem) <= end.date():
            continue
        columns = read_json(folder / f"series-{stem}.json")
        if columns is None:  # a day stored before series shards were kept
            _raw_points(folder / name, kind, figure, low, high, found)
            continue
        column = columns.get(kind) or {}
        values = (column.get("f") or {}).get(figure) or []
        for t, value in zip(column.get("t") or [], values, strict=False):
            if value is not None and low <= t < high:
                found[t] = (value, value, value, 1)
    # a coarser point is used only where no finer one exists (its hour, or its day)
    for prefix, table, span in (("hourly-", "hours", 3600), ("daily-", "days", 86400)):
        covered = {t - t % span for t in found}
        if len(covered) >= len(range(int(low) - int(low) % span, int(high), span)):
            continue  # every hour (day) of the range has finer points already
        coarse: dict[int, tuple[float, float, float, int]] = {}
        for name in names:
            if not (name.startswith(prefix) and name.endswith(".json")):
                continue
            shard = folder / name
            if not _shard_overlaps(shard, start, end):
                continue
            for doc in _docs(shard, table):
                v = doc["figures"].get(figure)
                if doc["kind"] != kind or v is None:
                    continue
                t = int(parse_ts(doc["ts"]).timestamp())
                if low <= t < high and t not in covered:
                    coarse[t] = (v["min"], v["sum"] / v["count"], v["max"], int(v["count"]))
        found.update(coarse)
    stamp = datetime.fromtimestamp
    return [Point(stamp(t, UTC), a, b, c, n) for t, (a, b, c, n) in sorted(found.items())]


def _raw_points(
    raw: Path,
    kind: str,
    figure: str,
    low: float,
    high: float,
    found: dict[int, tuple[float, float, float, int]],
) -> None:
    for sample in _docs(raw, "samples"):
        t = int(parse_ts(sample["ts"]).timestamp())
        value = figures(kind, sample.get("data") or {}).get(figure)
        if sample["kind"] == kind and value is not None and low <= t < high:
            found[t] = (value, value, value, 1)


def add_series(cache: FileCache, path: Path, samples: Iterable[Mapping[str, Any]]) -> None:
    """Add the figures of raw samples (stored reports of one device and day) to the day's
    series shard. A sample of a kind and second already there replaces it (as a history read
    keeps one point a second), so a batch applied again changes nothing."""
    data = cache.read(path)
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise DamagedFile(path, "not a JSON object")
    changed = False
    with cache.changing(path):
        index: dict[str, dict[int, int]] = {}
        for sample in samples:
            kind = sample["kind"]
            values = figures(kind, sample.get("data") or {})
            if not values:
                continue
            column = data.get(kind)
            if column is None:
                column = data[kind] = {"t": [], "f": {}}
            at = index.get(kind)
            if at is None:
                at = index[kind] = {t: n for n, t in enumerate(column["t"])}
            t = int(parse_ts(sample["ts"]).timestamp())
            row = at.get(t)
            if row is None:
                row = at[t] = len(column["t"])
                column["t"].append(t)
            for name in values.keys() | column["f"].keys():
                cells = column["f"].setdefault(name, [])
                cells.extend([None] * (row + 1 - len(cells)))
                if cells[row] != values.get(name):
                    cells[row] = values.get(name)
                    changed = True
    if changed:
        cache.write(path, data)


def _shard_overlaps(shard: Path, start: datetime, end: datetime) -> bool:
    stem = shard.stem.split("-", 1)[1]
    if shard.name.startswith("hourly-"):
        year, month = (int(x) for x in stem.split("-"))
        first = datetime(year, month, 1, tzinfo=UTC)
        last = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
    else:
        first = datetime(int(stem), 1, 1, tzinfo=UTC)
        last = datetime(int(stem) + 1, 1, 1, tzinfo=UTC)
    return first < end and start < last


def history_points(points: Iterable[Point]) -> list[dict[str, Any]]:
    """Points as JSON-ready dicts (for the UI and `--json`)."""
    return [
        {"ts": format_ts(p.ts), "min": p.min, "avg": round(p.avg, 3), "max": p.max, "n": p.count}
        for p in points
    ]


ROLLED_UP_SECONDS = 3600
"""A report whose `span` covers at least this long is an hourly (or coarser) roll-up."""


def is_rolled_up(report: Report) -> bool:
    """A report an agent's outbox already rolled up: it goes to the hourly level directly."""
    span = report.span
    if not isinstance(span, Mapping):
        return False
    try:
        length = parse_ts(span.get("end"), "span.end") - parse_ts(span.get("start"), "span.start")
    except ValueError:
        return False
    return length.total_seconds() >= ROLLED_UP_SECONDS


def add_rolled_up(layout: Layout, reports: Iterable[Report]) -> int:
    """Store rolled-up reports in their month's hourly shard (one write per shard); a report
    id already folded in is skipped, so a repeated batch counts once. Returns how many were new."""
    by_shard: dict[Path, list[Report]] = defaultdict(list)
    for report in reports:
        start = parse_ts((report.span or {}).get("start"), "span.start")
        by_shard[layout.device_dir(report.device) / f"hourly-{start:%Y-%m}.json"].append(report)
    added = 0
    for path, group in by_shard.items():
        with batch(path) as db:
            sources = db.table("sources")
            seen = {doc.get("name") for doc in sources.all()}
            fresh = [r for r in group if r.id not in seen]
            if not fresh:
                continue
            merged: dict[tuple[str, str], dict[str, dict[str, float]]] = defaultdict(dict)
            for doc in db.table("hours").all():
                merged[(doc["kind"], doc["ts"])] = {k: dict(v) for k, v in doc["figures"].items()}
            for report in fresh:
                start = parse_ts((report.span or {}).get("start"), "span.start")
                hour = format_ts(start.replace(minute=0, second=0, microsecond=0))
                sample = {"kind": report.kind, "data": report.data, "span": report.span}
                _fold(merged, report.kind, hour, _sample_values(sample))
            out = [{"kind": k, "ts": ts, "figures": v} for (k, ts), v in sorted(merged.items())]
            db.table("hours").truncate()
            db.table("hours").insert_multiple(out)
            sources.insert_multiple([{"name": r.id} for r in fresh])
            added += len(fresh)
    return added
