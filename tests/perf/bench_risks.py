"""Benchmark: one machine scan (hardware facts, disk health, posture, software) by the agent,
beside Lynis' quick audit of the same machine, in one run.

The agent's scan is what the hub's `scan` task runs: every job of the default job set with a
`whole` run (`agent.jobs.job.Job.whole`), each in its short child process. Its CPU time is
this process's and its children's user + system time over the scan; Lynis'
(`lynis audit system --quick --no-colors --no-log`, the packaged Lynis) is measured the same
way. Run as root, so that both read what only root may.

Then the bytes an unchanged PC sends a day: each job of the default set runs once to send
what the hub has not had (the first scan), then once more on the unchanged machine; the
reports of that second run, as the wire encodes them, times the runs a day at the job's
default interval, beside the same figure if every document were sent whole each time.

Target: the agent's scan takes at most one fifth of Lynis' CPU time. Not part of the test
suite (`make bench`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from agent.config import load  # noqa: E402
from agent.jobs.job import Job  # noqa: E402
from agent.service.loop import JOB_FACTORIES  # noqa: E402
from foundation.wire import Report  # noqa: E402
from tests.conftest import write_config  # noqa: E402

DAY = 86400.0


def cpu_seconds() -> float:
    """User + system time of this process and of the children it has waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(work: Callable[[], object]) -> float:
    before = cpu_seconds()
    work()
    return cpu_seconds() - before


def wire_bytes(reports: list[Report]) -> int:
    """The reports' lines as a batch carries them (its header left out: a sync carries many)."""
    return sum(len(r.line().encode("utf-8")) + 1 for r in reports)


def scan_jobs(folder: Path) -> list[Job]:
    config = load(write_config(folder))
    jobs = [job for factory in JOB_FACTORIES for job in factory(config)]
    return [job for job in jobs if job.whole is not None]


def lynis() -> float:
    command = ["lynis", "audit", "system", "--quick", "--no-colors", "--no-log"]
    return timed(lambda: subprocess.run(command, capture_output=True, check=False))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="scans (and Lynis runs) to take")
    args = parser.parse_args()
    if shutil.which("lynis") is None:
        print("lynis is not installed (apt-get install lynis)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        jobs = scan_jobs(folder)
        if not jobs:
            print("no job of the default set takes part in a scan", file=sys.stderr)
            return 1
        scans, audits = [], []
        for n in range(args.rounds):
            per_job = {job.name: timed(job.whole) for job in jobs if job.whole is not None}
            scans.append(sum(per_job.values()))
            audits.append(lynis())
            parts = ", ".join(f"{name} {cpu:.2f} s" for name, cpu in per_job.items())
            print(f"round {n + 1}: scan {scans[-1]:.2f} s CPU ({parts}); lynis {audits[-1]:.2f} s")
        scan, audit = min(scans), min(audits)
        print(f"scan CPU: {scan:.2f} s; lynis --quick: {audit:.2f} s; ratio {scan / audit:.3f}")
        print(f"target: at most 0.200 — {'met' if scan / audit <= 0.2 else 'NOT met'}")

        every = [job for factory in JOB_FACTORIES for job in factory(load(folder / "soumnet.toml"))]
        daily = whole_daily = 0.0
        for job in every:
            if job.whole is None:
                continue
            job.run()  # what the hub has not had yet
            again = wire_bytes(job.run())
            whole = wire_bytes(job.whole())
            runs = DAY / job.interval_seconds
            daily += again * runs
            whole_daily += whole * runs
            print(f"  {job.name}: every {job.interval_seconds:.0f} s, unchanged {again} B a run")
        print(
            f"unchanged PC, scanning jobs: {daily / 1024:.1f} KiB a day; "
            f"whole documents each run: {whole_daily / 1024:.1f} KiB ({daily / whole_daily:.3f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
