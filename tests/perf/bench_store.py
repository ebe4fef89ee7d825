"""Benchmark: one simulated year of an office's reports through the hub's store.

100 agents (health) and 30 SNMP devices, fed through the spool and applied by `serve.drain`
exactly as `serve` does, with alert evaluation and the roll-up (`history.rollup`) once a
simulated day. What is scaled, and what is not:

- the fleet is time-scaled: each device sends `--per-day` reports a simulated day (default 2,
  one standing for twelve hours of samples), each agent as one batch, the poller as one batch
  for all SNMP devices; so every device has one raw shard per day, one hourly shard per month
  and one daily shard per year, as in a real year, but those shards hold fewer samples;
- `--full` agents (default 1: `host:5`, whose history is queried) and one SNMP device send at
  the real default intervals (health every 60 s, each report its own batch as the agent syncs
  every 60 s; SNMP every 300 s) for the whole year: their raw, hourly and daily shards have the
  sizes of a real year, and the 30-day history query reads 7 full raw days and hourly shards;
- `serve` drains the spool once a simulated hour (the real one polls every second and applies
  whatever waits; an hour's batches are then applied in several groups instead of one).

Printed: ingest CPU per report (drain + alerts + roll-up, process time), the largest single
file write, store size, and the latency of (a) the overview query (latest state of every
device plus open alerts) and (b) one device's 30-day history, each next to the same query on
the same data in an in-memory SQLite table, as ratios; and the time to make the year's period
report in each format over the same store, as a ratio to the JSON report's (the figures
alone: what the document formats add is layout, charts and the file).

Targets: at most 1 ms CPU per report, no single write over 1 MB, overview and history
queries each under 50 ms, the PDF and XLSX year reports at most 3x the JSON one. Not part of
the test suite (`make bench`).
"""

from __future__ import annotations

import argparse
import itertools
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from foundation import atomicio  # noqa: E402
from foundation.wire import Report, format_ts  # noqa: E402
from inventory.config import HubConfig  # noqa: E402
from inventory.intake import serve, spool  # noqa: E402
from inventory.records import alerts  # noqa: E402
from inventory.reports import periodreport  # noqa: E402
from inventory.reports.period import parse_period  # noqa: E402
from inventory.settings.hub import HubSettings  # noqa: E402
from inventory.settings.records import AlertSettings, HistorySettings  # noqa: E402
from inventory.store import history  # noqa: E402
from inventory.store.layout import Layout  # noqa: E402
from inventory.store.store import Store  # noqa: E402

START = datetime(2026, 1, 1, tzinfo=UTC)
SHM = Path("/dev/shm")


def health(rng: random.Random, host: int) -> dict[str, Any]:
    return {
        "hostname": f"pc-{host:03d}",
        "cpu": {"percent": round(rng.uniform(1, 90), 1)},
        "memory": {"percent": round(rng.uniform(20, 95), 1)},
        "disks": [{"mount": "C:\\", "percent": round(rng.uniform(30, 95), 1)}],
        "interfaces": [{"name": "eth0", "mac": f"02:00:00:00:{host // 256:02x}:{host % 256:02x}"}],
    }


def snmp(rng: random.Random, n: int) -> dict[str, Any]:
    up = rng.random() > 0.01
    return {"up": up, "status": "up" if up else "down", "name": f"sw-{n}", "elapsed_ms": 12.0}


def timed(fn: Any, repeat: int = 20) -> float:
    """Median wall time of `fn` in milliseconds."""
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs)


def year_reports(layout: Layout, now: datetime) -> dict[str, float]:
    """Seconds to make the year's period report in each format (JSON first: the base)."""
    config = HubConfig(hub=HubSettings(data_dir=layout.root))
    year = parse_period(str(START.year))
    out: dict[str, float] = {}
    for fmt in ("json", *(f for f in periodreport.FORMATS if f != "json")):
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            periodreport.make(config, year, fmt, "mn", now)
            runs.append(time.perf_counter() - t)
        out[fmt] = min(runs)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=100)
    parser.add_argument("--snmp", type=int, default=30)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=2)
    parser.add_argument(
        "--full", type=int, default=1, help="agents sending at the real interval (from host:5)"
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=SHM if SHM.is_dir() else None,
        help="folder for the data (default: /dev/shm when present, so that fsync waits do not "
        "stretch the run; CPU per report is measured as process time either way)",
    )
    args = parser.parse_args()

    largest = [0, ""]
    original = atomicio.write_bytes

    def measuring(
        path: Path, data: bytes, mode: int = 0o644, owner: tuple[int, int] | None = None
    ) -> None:
        if len(data) > largest[0]:
            largest[0], largest[1] = len(data), path.name
        original(path, data, mode, owner)

    atomicio.write_bytes = measuring  # type: ignore[assignment]
    rng = random.Random(7)
    ids = itertools.count()
    full = {5 + n for n in range(args.full)}
    full_snmp = 0
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        layout = Layout(Path(tmp) / "hub")
        layout.init()
        store = Store(layout)
        db = sqlite3.connect(":memory:")
        db.execute("CREATE TABLE samples (device TEXT, kind TEXT, ts TEXT, cpu REAL, up INTEGER)")
        db.execute("CREATE INDEX by_device ON samples (device, ts)")
        db.execute("CREATE TABLE alerts (id TEXT, state TEXT)")
        scaled_at = {round(24 * i / args.per_day) for i in range(args.per_day)}
        cpu = 0.0
        reports_total = 0
        rows: list[tuple[Any, ...]] = []

        def agent_report(host: int, ts: datetime) -> Report:
            data = health(rng, host)
            rows.append((f"host:{host}", "health", format_ts(ts), data["cpu"]["percent"], None))
            return Report(f"a{host}-{next(ids)}", f"a{host}", "health", f"host:{host}", ts, data)

        def snmp_report(n: int, ts: datetime) -> Report:
            data = snmp(rng, n)
            device = f"snmp:10.0.{n // 250}.{n % 250}"
            rows.append((device, "snmp", format_ts(ts), None, int(data["up"])))
            return Report(f"s-{next(ids)}", "poller", "snmp", device, ts, data)

        for day in range(args.days):
            for hour in range(24):
                base = START + timedelta(days=day, hours=hour)
                sent = 0
                for minute in range(60):
                    ts = base + timedelta(minutes=minute)
                    for host in sorted(full):
                        spool.write_batch(layout.spool, f"a{host}", [agent_report(host, ts)])
                        sent += 1
                    if minute % 5 == 0 and args.snmp:
                        spool.write_batch(layout.spool, "poller", [snmp_report(full_snmp, ts)])
                        sent += 1
                if hour in scaled_at:
                    for host in range(args.agents):
                        if host not in full:
                            ts = base + timedelta(seconds=host)
                            spool.write_batch(layout.spool, f"a{host}", [agent_report(host, ts)])
                            sent += 1
                    batch = [snmp_report(n, base) for n in range(args.snmp) if n != full_snmp]
                    spool.write_batch(layout.spool, "poller", batch)
                    sent += len(batch)
                reports_total += sent
                t = time.process_time()
                serve.drain(layout, store, log=lambda _: None)
                cpu += time.process_time() - t
            now = START + timedelta(days=day + 1)
            t = time.process_time()
            with layout.write_lock():
                alerts.evaluate(layout, AlertSettings(), now)
                history.rollup(layout, HistorySettings(), now)
            cpu += time.process_time() - t
            db.executemany("INSERT INTO samples VALUES (?, ?, ?, ?, ?)", rows)
            rows.clear()
        db.executemany(
            "INSERT INTO alerts VALUES (?, ?)", [(a.id, a.state) for a in alerts.all_alerts(layout)]
        )
        size = sum(p.stat().st_size for p in layout.store.rglob("*") if p.is_file())
        files = sum(1 for p in layout.store.rglob("*.json"))

        def overview() -> None:
            store.overview()
            alerts.open_alerts(layout)

        def sql_overview() -> None:
            db.execute(
                "SELECT s.device, s.cpu, s.up FROM samples s JOIN (SELECT device, MAX(ts) m FROM "
                "samples GROUP BY device) l ON s.device = l.device AND s.ts = l.m"
            ).fetchall()
            db.execute("SELECT id FROM alerts WHERE state = 'active'").fetchall()

        end = START + timedelta(days=args.days)
        begin = end - timedelta(days=30)

        def one_history() -> None:
            history.series(layout, "host:5", "health", "cpu_percent", begin, end)

        def sql_history() -> None:
            db.execute(
                "SELECT ts, cpu FROM samples WHERE device = ? AND ts >= ? AND ts < ? ORDER BY ts",
                ("host:5", format_ts(begin), format_ts(end)),
            ).fetchall()

        ov, ov_sql = timed(overview), timed(sql_overview)
        hi, hi_sql = timed(one_history), timed(sql_history)
        reports = year_reports(layout, end)
    print(
        f"simulated: {args.days} days, {args.agents} agents + {args.snmp} SNMP devices, "
        f"{args.per_day} reports per device a day (time-scaled) except {args.full} agent(s) "
        f"every 60 s and 1 SNMP device every 300 s (real intervals); drained hourly; "
        f"{reports_total} reports"
    )
    print(
        f"ingest CPU per report (drain + alerts + roll-up): {cpu / reports_total * 1000:.3f} ms"
        f"  [target <= 1 ms]"
    )
    print(
        f"largest single file write: {largest[0] / 1024:.1f} KiB ({largest[1]})  [target <= 1 MiB]"
    )
    print(f"store size: {size / 1024 / 1024:.1f} MiB in {files} files")
    print(
        f"overview query: {ov:.2f} ms; SQLite in memory {ov_sql:.2f} ms; ratio {ov / ov_sql:.1f}x"
        f"  [target < 50 ms]"
    )
    print(
        f"30-day history of one device: {hi:.2f} ms; SQLite in memory {hi_sql:.2f} ms; "
        f"ratio {hi / hi_sql:.1f}x  [target < 50 ms]"
    )
    base = reports["json"]
    print(
        f"the year's report ({START.year}, mn), made as `serve` makes it, each format the faster "
        "of three runs: "
        + ", ".join(f"{fmt} {secs:.2f} s ({secs / base:.1f}x)" for fmt, secs in reports.items())
        + "  [target: pdf and xlsx <= 3x json]"
    )
    ok = cpu / reports_total <= 0.001 and largest[0] <= 1 << 20 and ov < 50 and hi < 50
    ok = ok and reports["pdf"] <= 3 * base and reports["xlsx"] <= 3 * base
    print("targets met" if ok else "targets NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
