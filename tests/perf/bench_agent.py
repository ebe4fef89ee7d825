"""Benchmark: the agent service beside Glances, both sampling this machine every 2 s.

The agent runs as an office PC runs it (`soumnet-agent run`: the default job set — health
every `--interval` seconds, hardware facts at start, network and backup jobs as configured,
i.e. none — and a sync to the hub every 300 s, each in a short child process that loads
the SSH stack), enrolled with a real hub behind a real OpenSSH
`sshd` on loopback (`--hub offline`: a pinned hub that does not answer, as in a soum whose
uplink is down). Glances (the psutil-based monitor) runs at the same time with the same
interval, without a UI, exporting every sample to a CSV file. After a warm-up, each one's CPU
time (its whole process tree, sync children included) over the same wall time — by default
310 s, so that one routine sync falls inside it — and its steady memory (median RSS and USS
of the tree) are measured and printed with their ratios, with the tree's peak beside them.

Targets: the agent uses at most one third of Glances' CPU and at most half its memory.
Not part of the test suite (`make bench`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from inventory.store.layout import Layout  # noqa: E402
from tests.agent.helpers import cli, enrol  # noqa: E402
from tests.agent.sshd import Sshd, free_port, host_key, start_sshd  # noqa: E402
from tests.conftest import venv_command, write_config  # noqa: E402
from tui.config import load  # noqa: E402


@dataclass
class Watched:
    name: str
    process: subprocess.Popen[bytes]
    rss: list[int] = field(default_factory=list)
    uss: list[int] = field(default_factory=list)

    def tree(self) -> list[psutil.Process]:
        root = psutil.Process(self.process.pid)
        try:
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return [root]

    def cpu_seconds(self) -> float:
        """User + system time of the live tree and of the children it has waited for."""
        total = 0.0
        for n, proc in enumerate(self.tree()):
            try:
                t = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += t.user + t.system
            if n == 0:
                total += t.children_user + t.children_system
        return total

    def sample_memory(self) -> None:
        rss = uss = 0
        for proc in self.tree():
            try:
                info = proc.memory_full_info()
            except psutil.AccessDenied:
                info = proc.memory_info()
            except psutil.NoSuchProcess:
                continue
            rss += info.rss
            uss += getattr(info, "uss", info.rss)
        self.rss.append(rss)
        self.uss.append(uss)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def agent_config(folder: Path, interval: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "soumnet.toml"
    path.write_text(
        f'[agent]\nid = "bench-pc"\ndata_dir = "agent"\nhealth_interval_seconds = {interval}\n'
        f'connect_timeout_seconds = 5\n\n[ui]\nlang = "en"\n',
        encoding="utf-8",
    )
    return path


def set_up(work: Path, mode: str, interval: int) -> tuple[Path, Sshd | None, Path | None]:
    """The agent's config (enrolled with a real hub over sshd, or pinned to a dead one)."""
    if mode == "offline":  # enrolled, but the hub's port is closed
        path = agent_config(work / "pc", interval)
        _, key = host_key(work, "hub_host_key")
        hub = f"hub@127.0.0.1:{free_port()}"
        cli("agent.cli", path, "enroll", "--hub", hub, "--host-key", key, "--out", str(work / "r"))
        return path, None, None
    sshd = start_sshd(work / "sshd")
    hub_path = write_config(
        work / "site",
        f'[enrolment]\nauthorized_keys = "{sshd.authorized_keys}"\n'
        f'hub_command = "{venv_command("soumnet-hub")}"\n',
    )
    hub = load(hub_path)
    Layout(hub.hub_dir).init()
    path = agent_config(work / "pc", interval)
    enrol(load(path), hub, sshd)
    return path, sshd, hub.hub_dir


def glances_command(interval: int, out: Path) -> list[str]:
    glances = venv_command("glances")
    if not Path(glances).exists():
        glances = shutil.which("glances") or "glances"
    return [glances, "-q", "--export", "csv", "--export-csv-file", str(out), "-t", str(interval)]


def spooled(hub_dir: Path | None) -> int:
    """Reports the hub has received (its spool and store), to show the agent delivered."""
    if hub_dir is None:
        return 0
    count = 0
    for path in hub_dir.rglob("*"):
        if path.is_file() and path.suffix in (".jsonl", ".json"):
            try:
                count += path.read_text(encoding="utf-8", errors="replace").count('"bench-pc-')
            except OSError:
                continue
    return count


def mib(values: list[int]) -> float:
    return statistics.median(values) / 1024 / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=310.0, help="measured wall time")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds before measuring")
    parser.add_argument("--interval", type=int, default=2, help="sampling interval of both")
    parser.add_argument("--hub", choices=("ssh", "offline"), default="ssh")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-agent-") as tmp:
        work = Path(tmp)
        config, sshd, hub_dir = set_up(work, args.hub, args.interval)
        env = dict(os.environ, SOUMNET_LANG="en")
        env.pop("SOUMNET_CONFIG", None)
        agent_log = (work / "agent.log").open("wb")
        glances_log = (work / "glances.log").open("wb")
        csv = work / "glances.csv"
        watched = [
            Watched(
                "agent",
                subprocess.Popen(
                    [sys.executable, "-m", "agent.cli", "--config", str(config), "run"],
                    env=env,
                    stdout=agent_log,
                    stderr=agent_log,
                ),
            ),
            Watched(
                "glances",
                subprocess.Popen(
                    glances_command(args.interval, csv),
                    cwd=work,
                    stdout=glances_log,
                    stderr=glances_log,
                ),
            ),
        ]
        try:
            time.sleep(args.warmup)
            start = {w.name: w.cpu_seconds() for w in watched}
            began = time.monotonic()
            while time.monotonic() - began < args.seconds:
                for w in watched:
                    w.sample_memory()
                time.sleep(0.25)
            elapsed = time.monotonic() - began
            cpu = {w.name: w.cpu_seconds() - start[w.name] for w in watched}
            alive = {w.name: w.process.poll() is None for w in watched}
        finally:
            for w in watched:
                w.stop()
            if sshd is not None:
                sshd.stop()
            agent_log.close()
            glances_log.close()
        for w in watched:
            if not alive[w.name]:
                log = (work / f"{w.name}.log").read_text(errors="replace")[-2000:]
                print(f"{w.name} exited during the run:\n{log}", file=sys.stderr)
                return 1
        cycles = elapsed / args.interval
        agent, glances = watched
        glances_rows = max(0, len(csv.read_text().splitlines()) - 1) if csv.exists() else 0
        hub_text = (
            f"a real hub over OpenSSH on loopback ({spooled(hub_dir)} reports received)"
            if args.hub == "ssh"
            else "a pinned hub that does not answer (offline)"
        )
        errors = [
            line
            for line in (work / "agent.log").read_text(errors="replace").splitlines()
            if line.strip()
        ]

    cpu_ratio = cpu["agent"] / cpu["glances"] if cpu["glances"] else float("inf")
    rss_ratio = mib(agent.rss) / mib(glances.rss)
    uss_ratio = mib(agent.uss) / mib(glances.uss)
    print(
        f"both sampling every {args.interval} s for {elapsed:.0f} s after {args.warmup:.0f} s "
        f"warm-up; agent: default job set, syncing to {hub_text}; Glances {glances_version()}: "
        f"CSV export, {glances_rows} samples written"
    )
    for w in watched:
        print(
            f"{w.name:8s} CPU {cpu[w.name] * 1000 / cycles:7.1f} ms per cycle "
            f"({cpu[w.name]:.2f} s in {elapsed:.0f} s); memory RSS {mib(w.rss):6.1f} MiB, "
            f"USS {mib(w.uss):6.1f} MiB (medians); RSS peak {max(w.rss) / 1024 / 1024:6.1f} MiB"
        )
    print(f"CPU ratio agent/Glances: {cpu_ratio:.2f}  [target <= 0.33]")
    print(f"memory ratio agent/Glances: RSS {rss_ratio:.2f}, USS {uss_ratio:.2f}  [target <= 0.50]")
    if errors:
        print(f"agent log ({len(errors)} lines), last: {errors[-1][:200]}")
    ok = cpu_ratio <= 1 / 3 and rss_ratio <= 0.5
    print("targets met" if ok else "targets NOT met")
    return 0


def glances_version() -> str:
    try:
        done = subprocess.run(
            [*glances_command(2, Path(os.devnull))[:1], "--version"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except OSError:
        return "?"
    first = done.stdout.splitlines()[0] if done.stdout else "?"
    return first.split()[-1] if first.strip() else "?"


if __name__ == "__main__":
    sys.exit(main())
