"""Benchmark: what steering costs a batch that nothing waits for.

A hub whose `agents/steer.json` holds what an office's would after a while — 40 agents, 4
groups of 10, settings for all, for each group and for 5 agents, the status every agent last
reported, 200 finished tasks with their lines — but nothing waiting for the agent measured.
Real `soumnet-hub ingest --agent ID` processes, started as sshd's forced command starts them
(the same command line, the batch on standard input, the answer on standard output, without
sshd in between: its share does not change with the feature), are fed the same batch of real
health reports from this machine, in turns with `[hub] steer_agents` true and false (the order
swapped every turn, the spool emptied after every run). Printed for each: the answer's bytes
(all that changes on the wire) and the child's CPU (user + system, from wait4) as median,
quartiles and range, and the ratios; then, for reference, the same for an agent whose settings
changed and that has 2 tasks waiting.

Targets: with nothing waiting, not one byte more and at most 10 % more CPU (medians).
Not part of the test suite (`make bench`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from agent.collectors.health import HealthCollector  # noqa: E402
from agent.steer.keys import digest  # noqa: E402
from foundation.wire import Report, encode_batch, format_ts, utcnow  # noqa: E402
from inventory.steer import book as books  # noqa: E402
from inventory.store.layout import Layout  # noqa: E402
from tests.conftest import venv_command, write_config  # noqa: E402
from tui.config import load  # noqa: E402

AGENTS = [f"pc-{n:02d}" for n in range(1, 41)]
GROUPS = ("нягтлан", "захиргаа", "сургууль", "эмнэлэг")
QUIET = "pc-07"
"""The agent measured: in a group, its settings applied, its tasks all finished."""
BUSY = "pc-12"
"""The reference: its group's settings changed since it last said, 2 tasks waiting."""


def fill(layout: Layout) -> None:
    """The steer book of an office that has used it for a while."""
    now = utcnow()
    book = books.Book()
    book.layers["all"] = {
        "values": {
            "agent.sync_interval_seconds": 300,
            "office.name": "Баянцагаан сумын ЗДТГ",
            "probes.targets": [
                {"name": "e-mongolia", "kind": "https", "target": "https://e-mongolia.mn"},
                {"name": "gateway", "kind": "ping", "target": "192.168.1.1"},
            ],
        },
        "version": book.bump(),
    }
    for n, group in enumerate(GROUPS):
        book.groups[group] = AGENTS[n * 10 : n * 10 + 10]
        book.bump()
    for n, group in enumerate(GROUPS):
        book.layers[f"group:{group}"] = {
            "values": {
                "agent.health_interval_seconds": 60 * (n + 1),
                "backup.sources": [f"D:/{group}/data", f"D:/{group}/хуулбар"],
                "backup.month": 12,
                "backup.day": 20 + n,
            },
            "version": book.bump(),
        }
    for agent in AGENTS[::8]:
        book.layers[f"agent:{agent}"] = {
            "values": {"office.room": f"{agent} өрөө", "agent.raw_keep_hours": 72},
            "version": book.bump(),
        }
    states = ("done",) * 7 + ("failed", "cancelled", "expired", "interrupted", "unknown")
    names = ("status", "facts", "poll", "archive")
    for n in range(200):
        agent = AGENTS[n % len(AGENTS)]
        task = books.new_task(book, agent, names[n % 4], {}, "bat", 7, now - timedelta(days=60))
        task["state"] = states[n % len(states)]
        if task["state"] in ("done", "failed", "interrupted", "unknown"):
            lines = [f"outbox: {n} reports waiting, oldest 2 min", "last sync 12:0{n % 10} UTC"]
            task["result"] = {"lines": lines, "seconds": 1.5, "at": format_ts(now)}
            task["seen"] = format_ts(now)
    for agent in AGENTS:
        version, values = book.settings_for(agent)
        book.status[agent] = {
            "agent": agent,
            "version": version,
            "hash": digest(values),
            "state": "applied",
            "reason": {},
            "at": format_ts(now),
        }
    book.status[BUSY]["hash"] = digest({"office.name": "an older name"})
    for name in ("status", "facts"):
        books.new_task(book, BUSY, name, {}, "bat", 7, now)
    with layout.write_lock():
        books.save(layout, book)
    assert books.offer(layout, QUIET) is None
    waiting = books.offer(layout, BUSY)
    assert waiting is not None and "settings" in waiting and len(waiting["tasks"]) == 2


def health_batch(agent: str, count: int) -> bytes:
    """`count` real health reports of this machine, as the agent sends them after a while."""
    collector = HealthCollector()
    reports = [
        Report(f"{agent}-{n:06d}", agent, "health", f"host:{agent}", utcnow(), collector.update())
        for n in range(count)
    ]
    return encode_batch(agent, reports)


@dataclass
class Runs:
    name: str
    cpu: list[float] = field(default_factory=list)
    sizes: set[int] = field(default_factory=set)

    def line(self) -> str:
        ms = sorted(c * 1000 for c in self.cpu)
        q1, med, q3 = statistics.quantiles(ms, n=4)
        size = "/".join(str(s) for s in sorted(self.sizes))
        return (
            f"{self.name:<26} answer {size:>5} bytes  CPU median {med:6.1f} ms"
            f"  quartiles {q1:.1f}–{q3:.1f}  range {ms[0]:.1f}–{ms[-1]:.1f}  ({len(ms)} runs)"
        )

    @property
    def median(self) -> float:
        return statistics.median(self.cpu)


def ingest(config: Path, agent: str, batch: bytes, layout: Layout, runs: Runs) -> None:
    """One forced-command process; its answer's size and its CPU go into `runs`."""
    child = subprocess.Popen(
        [venv_command("soumnet-hub"), "--config", str(config), "ingest", "--agent", agent],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ, SOUMNET_LANG="en"),
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(batch)
    child.stdin.close()
    answer = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0 or b'"ok":true' not in answer.replace(b" ", b""):
        raise SystemExit(f"ingest failed ({child.returncode}): {answer[:300]!r}")
    runs.cpu.append(usage.ru_utime + usage.ru_stime)
    runs.sizes.add(len(answer))
    for path in layout.spool.glob("*.jsonl"):
        path.unlink()


def paired(on: Runs, off: Runs) -> str:
    """The turn-by-turn ratios (each pair ran back to back: less of the machine's drift)."""
    ratios = sorted(a / b for a, b in zip(on.cpu, off.cpu, strict=True))
    q1, med, q3 = statistics.quantiles(ratios, n=4)
    return f"turn by turn {med:.3f} (quartiles {q1:.3f}–{q3:.3f})"


def offer_cpu(layout: Layout, agent: str, times: int = 200) -> float:
    """What `offer` itself costs (ms of CPU), in this process: the work the feature adds."""
    started = time.process_time()
    for _ in range(times):
        books.offer(layout, agent)
    return (time.process_time() - started) / times * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=60, help="runs of each, on and off")
    parser.add_argument("--reports", type=int, default=5, help="health reports per batch")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        configs = {}
        for name, on in (("on", "true"), ("off", "false")):
            path = write_config(folder / name)
            text = path.read_text(encoding="utf-8").replace(
                'data_dir = "hub"', f'data_dir = "{folder / "hub"}"\nsteer_agents = {on}', 1
            )
            path.write_text(text, encoding="utf-8")
            configs[name] = path
        layout = Layout(load(configs["on"]).hub_dir)
        layout.init()
        fill(layout)
        size = layout.steer_file.stat().st_size
        quiet, busy = health_batch(QUIET, args.reports), health_batch(BUSY, args.reports)
        on, off = Runs("nothing waits, steer on"), Runs("nothing waits, steer off")
        for warm in range(3):  # page cache and byte-code caches, not counted
            ingest(configs["on" if warm % 2 else "off"], QUIET, quiet, layout, Runs(""))
        for turn in range(args.turns):
            pair = ((configs["on"], on), (configs["off"], off))
            for config, runs in pair if turn % 2 else reversed(pair):
                ingest(config, QUIET, quiet, layout, runs)
        waiting, waiting_off = Runs("2 tasks + settings, on"), Runs("2 tasks + settings, off")
        for turn in range(max(10, args.turns // 2)):
            pair = ((configs["on"], waiting), (configs["off"], waiting_off))
            for config, runs in pair if turn % 2 else reversed(pair):
                ingest(config, BUSY, busy, layout, runs)
        quiet_offer, busy_offer = offer_cpu(layout, QUIET), offer_cpu(layout, BUSY)
    print(
        f"steer.json {size / 1024:.1f} KiB: {len(AGENTS)} agents, {len(GROUPS)} groups,"
        f" 10 layers, 200 finished tasks; batch {len(quiet)} bytes ({args.reports} health"
        " reports); ingest run directly as the forced command (no sshd)"
    )
    for runs in (on, off, waiting, waiting_off):
        print("  " + runs.line())
    extra_bytes = max(on.sizes) - max(off.sizes)
    ratio = on.median / off.median
    print(f"nothing waits: {extra_bytes:+d} bytes on the wire  [target: 0]")
    print(f"nothing waits: CPU on/off {ratio:.3f}, {paired(on, off)}  [target <= 1.10]")
    more = max(waiting.sizes) - max(waiting_off.sizes)
    print(
        f"2 tasks + settings waiting (reference): {more:+d} bytes,"
        f" CPU on/off {waiting.median / waiting_off.median:.3f}, {paired(waiting, waiting_off)}"
    )
    print(
        f"the lookup itself (book.offer, in process): {quiet_offer:.2f} ms with nothing waiting,"
        f" {busy_offer:.2f} ms with something"
    )
    ok = extra_bytes <= 0 and ratio <= 1.10
    print("targets met" if ok else "targets NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
