"""Benchmark of the terminal UI, each figure against a peer measured in the same run.

1. Time to the first full frame of `soumnet` (overview drawn with the store's data) over a
   store holding a year of daily health history for 100 devices, as a ratio to a bare
   Textual app (one label) started the same way: a fresh `python` process running the app
   headless at 80×24 until its first frame after data is shown. Targets: at most 3×, and
   under 1.5 s.
2. Bytes written to the terminal per idle minute on the overview: `soumnet` runs in a real
   pseudo-terminal (TERM=xterm, 80×24) over 100 devices whose data does not change; after
   the first frame the bytes it writes in `--idle-seconds` (default 20 s) are counted and
   scaled to a minute. Target: under 60 KB.

3. A filter keystroke on the Devices screen over 5,000 devices (`devices_filter.py` beside
   this file, against a bare Textual Input in the same run). Target: under 100 ms.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from foundation.config import current_user  # noqa: E402
from foundation.wire import utcnow  # noqa: E402
from inventory.store.layout import Layout  # noqa: E402
from inventory.store.store import Store  # noqa: E402
from tests.conftest import write_config  # noqa: E402
from tests.perf import devices_filter  # noqa: E402
from tests.tui.conftest import health  # noqa: E402
from tui.config import TuiConfig as Config  # noqa: E402
from tui.config import load  # noqa: E402

DEVICES = 100
DAYS = 365

BARE_APP = """
import sys
from textual.app import App
from textual.widgets import Static

class Bare(App[None]):
    def compose(self):
        yield Static("ready")

    def on_mount(self) -> None:
        self.call_after_refresh(self.exit)

Bare().run(headless=True, size=(80, 24))
"""

SOUMNET_APP = """
import sys
from tui.config import load
from tui.cli import context_for
from tui.app import SoumnetApp
from tui.screens.base import Loaded

class FirstFrame(SoumnetApp):
    def on_loaded(self, message: Loaded) -> None:
        self.call_after_refresh(self.exit)

FirstFrame(context_for(load(sys.argv[1]), "en")).run(headless=True, size=(80, 24))
"""


def make_site(folder: Path, days: int) -> Config:
    """The store as a year of serve runs leaves it, written through the store's own code.

    fsync is skipped while building: the files are byte for byte the same, only not forced to
    the disk (about 4 fsyncs per report: minutes of setup); nothing timed writes.
    """
    with mock.patch.object(os, "fsync", lambda fd: None):
        return _make_site(folder, days)


def _make_site(folder: Path, days: int) -> Config:
    path = write_config(folder, f'[users."{current_user()}"]\nrole = "it"\n')
    config = load(path)
    Layout(config.hub_dir).init()
    store = Store(Layout(config.hub_dir))
    now = utcnow()
    for day in range(days, -1, -1):
        ts = now - timedelta(days=day)
        store.apply(
            health(i, ts, float((i + day) % 100), f"pc-{i:03d}", disk=70.0) for i in range(DEVICES)
        )
    return config


def time_process(code: str, *args: str, runs: int) -> float:
    """Median wall time of a fresh interpreter running `code` to its exit."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def idle_bytes(config: Config, seconds: float) -> tuple[int, int]:
    """(bytes until the first frame settles, bytes in the following `seconds`)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm", "LANG": "C.UTF-8", "SOUMNET_CONFIG": str(config.path)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--lang", "en"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    os.close(slave)

    def drain(until: float) -> int:
        count = 0
        while time.monotonic() < until:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    count += len(os.read(master, 65536))
                except OSError:
                    break
        return count

    try:
        startup = drain(time.monotonic() + 5)
        idle = drain(time.monotonic() + seconds)
    finally:
        child.terminate()
        child.wait(timeout=10)
        os.close(master)
    return startup, idle


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--days", type=int, default=DAYS)
    parser.add_argument("--idle-seconds", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        config = make_site(Path(tmp) / "site", args.days)
        print(
            f"store: {DEVICES} devices x {args.days + 1} days of history, "
            f"built in {time.perf_counter() - started:.1f} s"
        )
        bare = time_process(BARE_APP, runs=args.runs)
        ours = time_process(SOUMNET_APP, str(config.path), runs=args.runs)
        ratio = ours / bare
        print(
            f"first full frame: soumnet {ours:.3f} s, bare Textual app {bare:.3f} s, "
            f"ratio {ratio:.2f}x (target <= 3x and < 1.5 s)"
        )
        startup, idle = idle_bytes(config, args.idle_seconds)
        per_minute = idle * 60 / args.idle_seconds
        print(
            f"terminal output: {startup} bytes to the first frame; {idle} bytes in "
            f"{args.idle_seconds:.0f} s idle on the overview, scaled to "
            f"{per_minute / 1024:.1f} KB per minute (target < 60 KB)"
        )
        ok = ratio <= 3 and ours < 1.5 and per_minute < 60 * 1024
    ok = devices_filter.main() == 0 and ok
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
