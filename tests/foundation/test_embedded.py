"""`make run`'s job: hub, agent and TUI on this machine; the screen shows this machine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil

from tests.conftest import ROOT, require_program, write_config


def capture(tmux: list[str], session: str) -> str:
    done = subprocess.run(
        [*tmux, "capture-pane", "-p", "-t", session], capture_output=True, text=True
    )
    return done.stdout


def test_embedded_default_shows_this_machine(tmp_path: Path) -> None:
    # a tmux server of our own: a session on the user's default server would take that
    # server's environment (without SOUMNET_CONFIG), not the one given here
    tmux = [require_program("tmux"), "-L", f"soumnet-embedded-{os.getpid()}"]
    config = write_config(tmp_path / "site", f'[users."{_user()}"]\nrole = "it"\n')
    text = config.read_text(encoding="utf-8").replace(
        'hub = "local"', 'hub = "local"\nhealth_interval_seconds = 2\nsync_interval_seconds = 1'
    )
    config.write_text(text, encoding="utf-8")
    subprocess.run(
        [str(Path(sys.executable).parent / "soumnet-hub"), "--config", str(config), "init"],
        check=True,
        capture_output=True,
    )
    session = "embedded"
    env = {**os.environ, "SOUMNET_CONFIG": str(config), "TERM": "xterm", "LANG": "C.UTF-8"}
    env.pop("TMUX", None)  # run from inside tmux: still our own server, not a nested client
    command = f"{sys.executable} -m tui.embedded --lang en"
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command],
        check=True,
        env=env,
        cwd=ROOT,
    )
    try:
        screen = ""
        deadline = time.monotonic() + 60  # a bound for a hung run, not a speed assertion
        hostname = socket.gethostname()
        numbers: list[str] = []
        while time.monotonic() < deadline and len(numbers) < 3:
            time.sleep(0.5)
            screen = capture(tmux, session)
            row = next((line for line in screen.splitlines() if hostname in line), "")
            numbers = [part for part in row.split() if part.replace(".", "").isdigit()]
        assert len(numbers) >= 3, screen  # CPU, memory and disk use of this machine
        assert "CPU" in screen and "Disk" in screen
        subprocess.run([*tmux, "send-keys", "-t", session, "q"], check=True)
        for _ in range(100):
            if subprocess.run([*tmux, "has-session", "-t", session]).returncode != 0:
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the TUI did not quit on q")
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
    logs = config.parent / "hub" / "logs"
    assert (logs / "serve.log").exists() and (logs / "agent.log").exists()
    time.sleep(0.5)
    assert not _processes_using(config), "serve and the agent stop with the TUI"


def _processes_using(config: Path) -> list[int]:
    found = []
    for process in psutil.process_iter(["pid"]):
        try:
            if process.environ().get("SOUMNET_CONFIG") == str(config):
                found.append(process.pid)
        except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return found


def _user() -> str:
    from foundation.config import current_user

    return current_user()
