"""Must show 6 of the roles point: `serve` and two people's terminal UIs change records at
once; every change is stored once and the audit chain verifies."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from foundation.config import current_user
from inventory.intake import spool
from inventory.records import devices
from inventory.store import audit
from inventory.store.layout import Layout
from tests.conftest import require_program, venv_command, write_config
from tests.foundation.reports import batch
from tests.foundation.test_ingest_serve import ingest
from tests.tui.conftest import fill_store
from tests.tui.test_tmux import Terminal
from tui.config import TuiConfig as Config
from tui.config import load

PER_PERSON = 4


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Config]:
    """A hub with `serve` running (so people's changes go through its socket)."""
    path = write_config(tmp_path / "site", f'[users."{current_user()}"]\nrole = "it"\n')
    config = load(path)
    Layout(config.hub_dir).init()
    fill_store(config, 3)
    serve = subprocess.Popen(
        [venv_command("soumnet-hub"), "--config", str(path), "serve"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30  # a bound for a hung start, not a speed assertion
        while not Layout(config.hub_dir).socket.exists():
            assert time.monotonic() < deadline, "serve's socket never appeared"
            assert serve.poll() is None, "serve stopped"
            time.sleep(0.05)
        yield config
    finally:
        serve.terminate()
        serve.wait(30)


def test_two_terminal_uis_and_serve_change_records_at_once(served: Config) -> None:
    tmux = require_program("tmux")
    env = {
        **os.environ,
        "SOUMNET_CONFIG": str(served.path),
        "TERM": "xterm",
        "LANG": "C.UTF-8",
        "TEXTUAL_ANIMATIONS": "none",
    }
    people = {p: Terminal(tmux, f"soumnet-writers-{os.getpid()}-{p}") for p in ("A", "B")}
    try:
        for term in people.values():
            term.start(f"exec {venv_command('soumnet')} --lang en", env)
        for term in people.values():
            term.wait_for("Overview")
            term.keys("d")
        for term in people.values():
            term.wait_for("of 3 devices")  # the devices screen (the overview says "3 devices")
        for i in range(PER_PERSON):
            for term in people.values():
                term.keys("a")
            for person, term in people.items():
                term.wait_for("Save")
                term.keys(f"{person}-{i}")
            # agents' reports reach serve while both save
            numbers = range(i * 3, i * 3 + 3)
            code, reply, _ = ingest(env, "pc-9", batch("pc-9", numbers))
            assert code == 0 and reply["ok"], reply
            for term in people.values():
                term.keys("F6")
            for person, term in people.items():
                term.wait_for(f"{person}-{i} added")
    finally:
        for term in people.values():
            term.stop()
    layout = Layout(served.hub_dir)
    names = [d.get("name") for d in devices.list_devices(layout)]
    wanted = [f"{p}-{i}" for p in people for i in range(PER_PERSON)]
    assert sorted(n for n in names if n in wanted) == sorted(wanted)
    assert audit.verify(layout) == []
    added = [e for e in audit.entries(layout) if e["action"] == "device.add"]
    assert len(added) == len(wanted) and {e["who"] for e in added} == {current_user()}
    deadline = time.monotonic() + 30  # a bound for a hung serve, not a speed assertion
    while spool.pending(layout.spool):
        assert time.monotonic() < deadline, "serve left the agent's batches in the spool"
        time.sleep(0.05)
