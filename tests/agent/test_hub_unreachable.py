"""A hub that cannot be reached is one translated line naming the hub and what failed: a
port where nothing listens, a name that does not resolve, a server that is not SSH (a host
key that changed: tests/agent/test_ssh_delivery.py). Nothing is lost from the outbox."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.delivery.enroll import key_path
from agent.delivery.outbox import Outbox
from agent.delivery.route import transport_for
from agent.delivery.sshkeys import create_key
from agent.delivery.sync import sync_once
from agent.delivery.transport import DeliveryError
from foundation.i18n import Problem
from tests.agent.sshd import free_port, host_key
from tests.foundation.reports import health
from tui.config import TuiConfig as Config
from tui.config import load


def _agent_in(tmp_path: Path, hub: str) -> Config:
    """An agent whose configuration names `hub` (written with its other agent keys)."""
    _, line = host_key(tmp_path, "hub")
    folder = tmp_path / "pc"
    folder.mkdir()
    path = folder / "soumnet.toml"
    path.write_text(
        f'[agent]\nid = "pc-1"\ndata_dir = "agent"\nhub = "{hub}"\nhub_host_key = "{line}"\n'
        'connect_timeout_seconds = 3\n\n[ui]\nlang = "en"\n',
        encoding="utf-8",
    )
    agent = load(path)
    create_key(key_path(agent))
    return agent


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word (not an SSH server)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    taken: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                taken.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in taken:
        conn.close()
    server.close()


def _refused(agent: Config) -> Problem:
    outbox = Outbox(agent.agent_dir)
    outbox.add([health("pc-1", 1)])
    with pytest.raises(DeliveryError) as caught:
        sync_once(outbox, transport_for(agent), "pc-1", max_reports=10)
    assert outbox.depth() == 1
    return caught.value


def _run_once_line(agent: Config, lang: str = "en") -> str:
    """`soumnet-agent run --once`: the one line it says about the hub."""
    assert agent.path is not None
    done = subprocess.run(
        [sys.executable, "-m", "agent.cli", "--config", str(agent.path), "run", "--once"],
        capture_output=True,
        text=True,
        env=dict(os.environ, SOUMNET_LANG=lang),
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr and "Errno" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if "127.0.0.1" in line or "hub" in line]
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_nothing_listening_names_the_hub_and_the_port(tmp_path: Path) -> None:
    port = free_port()
    agent = _agent_in(tmp_path, f"soumnet@127.0.0.1:{port}")
    problem = _refused(agent)
    text = problem.text("en")
    assert f"soumnet@127.0.0.1:{port}" in text and "nothing accepts connections" in text
    assert "Errno" not in text and "Unable to connect" not in text
    mn = problem.text("mn")
    assert f"soumnet@127.0.0.1:{port}" in mn and "холболт хүлээж авсангүй" in mn
    line = _run_once_line(agent)
    assert f"soumnet@127.0.0.1:{port}" in line and "nothing accepts connections" in line
    assert "холболт хүлээж авсангүй" in _run_once_line(agent, "mn")  # the log speaks it too


def test_a_name_that_does_not_resolve(tmp_path: Path) -> None:
    agent = _agent_in(tmp_path, "soumnet@hub.soum.invalid")
    text = _refused(agent).text("en")
    assert "soumnet@hub.soum.invalid" in text and "the name hub.soum.invalid is not known" in text
    assert "Errno" not in text


def test_a_server_that_is_not_ssh(tmp_path: Path, silent_server: int) -> None:
    agent = _agent_in(tmp_path, f"soumnet@127.0.0.1:{silent_server}")
    problem = _refused(agent)
    text = problem.text("en")
    assert f"soumnet@127.0.0.1:{silent_server}" in text and "not an SSH server" in text
    assert "banner" not in text
    assert "SSH сервер биш" in problem.text("mn")
