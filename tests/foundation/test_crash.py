"""SIGKILL `serve` at random points during ingest: nothing acknowledged is lost or doubled."""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import threading
import time
from dataclasses import replace
from datetime import timedelta

from foundation.wire import Report, encode_batch
from inventory.intake import ingest
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.conftest import venv_command
from tests.foundation.reports import BASE, health
from tui.config import TuiConfig as Config

KILLS = 50


def deliver(config: Config, stop: threading.Event, acked: list[str], errors: list[str]) -> None:
    """Agents sending batches spread over several days (so each batch touches many files)."""
    rng = random.Random(7)
    sent: list[Report] = []
    n = 0
    while not stop.is_set():
        agent = f"agent{rng.randrange(6)}"
        reports = []
        for _ in range(20):
            # spread over 20 days, so that one batch touches many shard files
            shifted = BASE + timedelta(days=rng.randrange(20), minutes=rng.randrange(1440))
            reports.append(replace(health(agent, n), ts=shifted))
            n += 1
        mine = [r for r in sent if r.agent == agent]
        if rng.random() < 0.2 and mine:
            # an agent that missed the acknowledgement sends reports again, unchanged
            reports += rng.sample(mine, min(5, len(mine)))
        out = io.BytesIO()
        status = ingest.run(agent, config, io.BytesIO(encode_batch(agent, reports)), out)
        reply = json.loads(out.getvalue())
        if status != 0 or reply["rejected"]:
            errors.append(out.getvalue().decode())
            return
        acked.extend(reply["accepted"])
        sent.extend(reports[:20])
        time.sleep(0.1)


def test_sigkill_during_ingest_loses_nothing_acknowledged(
    hub: Config, cli_env: dict[str, str]
) -> None:
    layout = Layout(hub.hub_dir)
    acked: list[str] = []
    errors: list[str] = []
    stop = threading.Event()
    sender = threading.Thread(target=deliver, args=(hub, stop, acked, errors), daemon=True)
    sender.start()
    rng = random.Random(2026)
    killed_busy = 0
    try:
        for _ in range(KILLS):
            serve = subprocess.Popen(
                [venv_command("soumnet-hub"), "serve"],
                env=cli_env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(rng.uniform(0.25, 0.8))
            if list(layout.spool.glob("*.jsonl")):
                killed_busy += 1
            os.kill(serve.pid, signal.SIGKILL)
            serve.wait()
    finally:
        stop.set()
        sender.join(timeout=30)
    assert not errors, errors
    # The test means something only if many kills land while batches wait in the spool.
    assert killed_busy >= KILLS // 5, f"only {killed_busy} kills landed while batches waited"

    # Every store file is whole JSON.
    for path in layout.store.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))

    # A last serve finishes the spool; then each acknowledged report is stored exactly once.
    done = subprocess.run(
        [venv_command("soumnet-hub"), "serve", "--once"], env=cli_env, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    assert not list(layout.spool.glob("*.jsonl"))
    stored = Store(layout).all_sample_ids()
    assert len(stored) == len(set(stored)), "a report was stored twice"
    assert set(acked) <= set(stored)
    assert len(set(acked)) > 1000
