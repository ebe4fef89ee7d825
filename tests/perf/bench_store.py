"""Benchmark: one simulated year of an office's reports through the hub's store.

100 agents (health) and 30 SNMP devices, time-scaled: each device sends `--per-day` reports a
simulated day (default 2, one standing for twelve hours of samples), each agent delivers one
batch a day, written to the spool and applied by `serve.drain` exactly as `serve` does, with
the daily roll-up (`history.rollup`) and alert evaluation in between. Printed: ingest CPU per
report, the largest single file write, store size, and the latency of (a) the overview query
(latest state of every device plus open alerts) and (b) one device's 30-day history, each next
to the same query on the same data in an in-memory SQLite table, as ratios.

Targets: at most 1 ms CPU per report, no single write over 1 MB, overview and history
queries each under 50 ms. Not part of the test suite (`make bench`).
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

from agent import atomicio  # noqa: E402
from agent.settings.records import AlertSettings, HistorySettings  # noqa: E402
from agent.wire import Report, format_ts  # noqa: E402
from inventory import alerts, history, serve, spool  # noqa: E402
from inventory.layout import Layout  # noqa: E402
from inventory.store import Store  # noqa: E402

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=100)
    parser.add_argument("--snmp", type=int, default=30)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=2)
    parser.add_argument(
        "--dir",
        type=Path,
        default=SHM if SHM.is_dir() else None,
        help="folder for the data (default: /dev/shm when present, so that fsync waits do not "
        "stretch the run; CPU per report is measured as process time either way)",
    )
    args = parser.parse_args()

    largest = [0, ""]
    original = atomicio.write_text

    def measuring(path: Path, text: str, mode: int = 0o644) -> None:
        size = len(text.encode("utf-8"))
        if size > largest[0]:
            largest[0], largest[1] = size, path.name
        original(path, text, mode)

    atomicio.write_text = measuring  # type: ignore[assignment]
    rng = random.Random(7)
    ids = itertools.count()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        layout = Layout(Path(tmp) / "hub")
        layout.init()
        store = Store(layout)
        db = sqlite3.connect(":memory:")
        db.execute("CREATE TABLE samples (device TEXT, kind TEXT, ts TEXT, cpu REAL, up INTEGER)")
        db.execute("CREATE INDEX by_device ON samples (device, ts)")
        db.execute("CREATE TABLE alerts (id TEXT, state TEXT)")
        step = timedelta(days=1) / args.per_day
        cpu = 0.0
        reports_total = 0
        for day in range(args.days):
            base = START + timedelta(days=day)
            rows = []
            for host in range(args.agents):
                batch = []
                for i in range(args.per_day):
                    ts = base + step * i + timedelta(seconds=host)
                    data = health(rng, host)
                    batch.append(
                        Report(
                            f"a{host}-{next(ids)}", f"a{host}", "health", f"host:{host}", ts, data
                        )
                    )
                    rows.append(
                        (f"host:{host}", "health", format_ts(ts), data["cpu"]["percent"], None)
                    )
                spool.write_batch(layout.spool, f"a{host}", batch)
            batch = []
            for n in range(args.snmp):
                for i in range(args.per_day):
                    ts = base + step * i
                    data = snmp(rng, n)
                    batch.append(
                        Report(
                            f"s-{next(ids)}",
                            "poller",
                            "snmp",
                            f"snmp:10.0.{n // 250}.{n % 250}",
                            ts,
                            data,
                        )
                    )
                    rows.append(
                        (
                            f"snmp:10.0.{n // 250}.{n % 250}",
                            "snmp",
                            format_ts(ts),
                            None,
                            int(data["up"]),
                        )
                    )
            spool.write_batch(layout.spool, "poller", batch)
            reports_total += args.agents * args.per_day + len(batch)
            db.executemany("INSERT INTO samples VALUES (?, ?, ?, ?, ?)", rows)
            now = base + timedelta(days=1)
            t = time.process_time()
            serve.drain(layout, store, log=lambda _: None)
            with layout.write_lock():
                alerts.evaluate(layout, AlertSettings(), now)
                history.rollup(layout, HistorySettings(), now)
            cpu += time.process_time() - t
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
    print(
        f"simulated: {args.days} days, {args.agents} agents + {args.snmp} SNMP devices, "
        f"{args.per_day} reports per device a day (time-scaled), {reports_total} reports"
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
    ok = cpu / reports_total <= 0.001 and largest[0] <= 1 << 20 and ov < 50 and hi < 50
    print("targets met" if ok else "targets NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
