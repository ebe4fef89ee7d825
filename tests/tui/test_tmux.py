"""`soumnet` in a real terminal (tmux, TERM=xterm) over 500 devices, driven by keys only."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from agent.config import current_user, load
from inventory.layout import Layout
from tests.conftest import ROOT, require_program, venv_command, write_config
from tests.tui.conftest import fill_store


class Terminal:
    """One tmux server of our own (its own socket), running `soumnet` in an 100×30 pane."""

    def __init__(self, tmux: str, socket: str) -> None:
        self.base = [tmux, "-L", socket]

    def start(self, command: str, env: dict[str, str]) -> None:
        subprocess.run(
            [*self.base, "new-session", "-d", "-s", "t", "-x", "100", "-y", "30", command],
            check=True,
            env=env,
            cwd=ROOT,
        )

    def capture(self) -> str:
        done = subprocess.run(
            [*self.base, "capture-pane", "-p", "-t", "t"], capture_output=True, text=True
        )
        return done.stdout

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.base, "send-keys", "-t", "t", *keys], check=True)

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + 30  # a bound for a hung run, not a speed assertion
        screen = ""
        while time.monotonic() < deadline:
            screen = self.capture()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared:\n{screen}")

    def pane_pid(self) -> int:
        done = subprocess.run(
            [*self.base, "display-message", "-p", "-t", "t", "#{pane_pid}"],
            capture_output=True,
            text=True,
            check=True,
        )
        return int(done.stdout.strip())

    def stop(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[Terminal, dict[str, str]]]:
    tmux = require_program("tmux")
    path = write_config(tmp_path / "site", f'[users."{current_user()}"]\nrole = "it"\n')
    config = load(path)
    Layout(config.hub_dir).init()
    fill_store(config, 500)
    env = {
        **os.environ,
        "SOUMNET_CONFIG": str(path),
        "TERM": "xterm",
        "LANG": "C.UTF-8",
        "TEXTUAL_ANIMATIONS": "none",
    }
    env.pop("SOUMNET_LANG", None)
    term = Terminal(tmux, f"soumnet-test-{os.getpid()}")
    try:
        yield term, env
    finally:
        term.stop()


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_every_screen_by_keys_over_500_devices(
    terminal: tuple[Terminal, dict[str, str]], lang: str
) -> None:
    term, env = terminal
    term.start(f"exec {venv_command('soumnet')} --lang {lang}", env)
    texts = {
        "en": (
            "500 devices",
            "Network",
            "Keys",
            "Internet: DOWN",
            "No change has been",
            "No enrolment",
            "500 of 500 devices",
            "Maintenance log",
            "Archives on the hub",
        ),
        "mn": (
            "500 төхөөрөмж",
            "Сүлжээ",
            "Товчлуурууд",
            "Интернэт: ТАСАРСАН",
            "Одоогоор өөрчлөлт",
            "Бүртгэлийн хүсэлт алга",
            "500 төхөөрөмжөөс 500",
            "Засвар үйлчилгээний бүртгэл",
            "Төв дэх архивууд",
        ),
    }[lang]
    screen = term.wait_for(texts[0])
    assert texts[3] in screen
    # Cyrillic and Latin names line up: the disk column starts at the same column.
    rows = [line for line in screen.splitlines() if "70.5" in line]
    cyrillic = [line for line in rows if "Нягтлан" in line or "Бүртгэл" in line]
    latin = [line for line in rows if "darga" in line or "printer" in line]
    assert cyrillic and latin, screen
    assert {line.index("70.5") for line in cyrillic + latin} == {latin[0].index("70.5")}
    term.keys("n")
    term.wait_for(texts[1])
    term.keys("g")
    term.wait_for(texts[5])
    term.keys("F8")
    term.wait_for(texts[4])
    term.keys("б")  # "d" on the Mongolian layout: the inventory
    term.wait_for(texts[6])
    term.keys("F12")
    term.wait_for(texts[7])
    term.keys("b")
    term.wait_for(texts[8])
    term.keys("F1")
    term.wait_for(texts[2])
    term.keys("ү")  # "o" on the Mongolian layout: back to the overview
    term.wait_for(texts[0])
    term.keys("q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and texts[0] in term.capture():
        time.sleep(0.2)
    assert texts[0] not in term.capture()


def test_sighup_exits_within_two_seconds(terminal: tuple[Terminal, dict[str, str]]) -> None:
    term, env = terminal
    term.start(f"exec {venv_command('soumnet')} --lang en", env)
    term.wait_for("500 devices")
    process = psutil.Process(term.pane_pid())
    os.kill(process.pid, signal.SIGHUP)
    # The requirement is the bound itself: an SSH disconnect must end it in 2 s.
    process.wait(timeout=2)


@pytest.mark.parametrize(
    "leaving", [None, 0.1, 0.2, 0.3], ids=["running", "q+0.1", "q+0.2", "q+0.3"]
)
def test_a_vanished_terminal_leaves_no_spinning_leftover(
    terminal: tuple[Terminal, dict[str, str]], leaving: float | None
) -> None:
    """The tmux server killed under it, while it runs or just after `q`: the terminal is gone
    for good. soumnet must not stay behind (Textual's writer blocked on the dead terminal,
    its input thread spinning a core on end-of-file)."""
    term, env = terminal
    term.start(f"exec {venv_command('soumnet')} --lang en", env)
    term.wait_for("500 devices")
    process = psutil.Process(term.pane_pid())
    if leaving is not None:
        term.keys("q")
        time.sleep(leaving)
    term.stop()
    try:
        process.wait(timeout=15)  # a bound for a hung process, not a speed assertion
    except psutil.TimeoutExpired:
        process.kill()
        raise AssertionError("soumnet outlived its terminal") from None
