"""`soumnet` in a real terminal (tmux, TERM=xterm), driven by keys only: every screen over
500 devices at 100×30, and whole forms typed at PuTTY's 80×24."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from foundation.config import current_user
from inventory.records import devices, maintenance
from inventory.steer import book as books
from inventory.store.layout import Layout
from tests.conftest import ROOT, require_program, venv_command, write_config
from tests.tui.conftest import file_request, fill_store
from tui.config import load


class Terminal:
    """One tmux server of our own (its own socket), running `soumnet` in a pane (100×30
    unless told)."""

    def __init__(self, tmux: str, socket: str) -> None:
        self.base = [tmux, "-L", socket]

    def start(self, command: str, env: dict[str, str], size: tuple[int, int] = (100, 30)) -> None:
        width, height = size
        place = ["-x", str(width), "-y", str(height)]
        subprocess.run(
            [*self.base, "new-session", "-d", "-s", "t", *place, command],
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

    def type(self, text: str) -> None:
        """Letters as a keyboard sends them (UTF-8 for Cyrillic), not as tmux key names."""
        subprocess.run([*self.base, "send-keys", "-t", "t", "-l", text], check=True)

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + 30  # a bound for a hung run, not a speed assertion
        screen = ""
        while time.monotonic() < deadline:
            screen = self.capture()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared:\n{screen}")

    def wait_for_line(self, *words: str) -> str:
        """The screen once one line holds every word (a field's label and its value)."""
        deadline = time.monotonic() + 30
        screen = ""
        while time.monotonic() < deadline:
            screen = self.capture()
            if any(all(w in line for w in words) for line in screen.splitlines()):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"no line with {words!r}:\n{screen}")

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


def open_terminal(tmp_path: Path, count: int) -> Iterator[tuple[Terminal, dict[str, str]]]:
    """A hub with `count` devices, and a terminal whose environment points `soumnet` at it."""
    tmux = require_program("tmux")
    path = write_config(tmp_path / "site", f'[users."{current_user()}"]\nrole = "it"\n')
    config = load(path)
    Layout(config.hub_dir).init()
    fill_store(config, count)
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


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[Terminal, dict[str, str]]]:
    yield from open_terminal(tmp_path, 500)


@pytest.fixture
def small_terminal(tmp_path: Path) -> Iterator[tuple[Terminal, dict[str, str]]]:
    yield from open_terminal(tmp_path, 1)


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


def test_forms_typed_with_keys_alone_at_80x24(
    small_terminal: tuple[Terminal, dict[str, str]], tmp_path: Path
) -> None:
    """PuTTY at 80×24, TERM=xterm, in Mongolian, no mouse: a whole maintenance entry and a
    whole device typed field by field (Tab, Shift+Tab, Enter to open a list, F6 to save)."""
    term, env = small_terminal
    term.start(f"exec {venv_command('soumnet')} --lang mn", env, size=(80, 24))
    term.wait_for("1 төхөөрөмж")
    term.keys("m")
    term.wait_for("Засвар үйлчилгээний бүртгэл")
    term.keys("a")
    term.wait_for("Засварын шинэ бичлэг")
    term.type("dev-0000")
    term.keys("Tab", "Tab")  # the date keeps today's
    term.keys("Enter")  # the kind is a list: open it,
    term.wait_for("доголдол")
    term.keys("Down", "Enter")  # the first kind, picked: the list closes on it
    term.wait_for_line("Төрөл", "засвар")
    term.keys("Tab")
    term.type("Принтерийн хор солив")
    term.keys("Tab", "Tab", "BTab")  # past the parts, and back with Shift+Tab
    term.type("хор")
    term.keys("Tab")
    term.type("45000")
    term.keys("Tab")
    term.type("20")
    term.keys("F6")
    term.wait_for("1 дугаар бичлэг хадгалагдлаа")
    layout = Layout(load(Path(env["SOUMNET_CONFIG"])).hub_dir)
    [entry] = maintenance.list_entries(layout)
    assert {k: entry[k] for k in ("device", "kind", "description", "parts", "cost", "minutes")} == {
        "device": "dev-0000",
        "kind": maintenance.KINDS[0],
        "description": "Принтерийн хор солив",
        "parts": "хор",
        "cost": 45000,
        "minutes": 20,
    }

    term.keys("d")
    term.wait_for("Төхөөрөмжүүд")
    term.keys("a")
    term.wait_for("Төхөөрөмж нэмэх")
    term.type("Нягтлан-ПК-2")
    term.keys("Tab")
    term.type("A-17")
    term.keys("Tab", "Enter")  # the type's list
    term.wait_for("Компьютер")
    term.keys("Down", "Enter")  # the first type: a PC
    term.wait_for_line("Төрөл", "Компьютер")
    term.keys("Tab")
    term.type("Lenovo")
    term.keys("Tab")
    term.type("M70q")
    term.keys("F6")
    term.wait_for("Нягтлан-ПК-2 нэмэгдлээ")
    [record] = [d for d in devices.list_devices(layout) if d.get("name") == "Нягтлан-ПК-2"]
    assert {k: record.get(k) for k in ("asset_tag", "type", "make", "model")} == {
        "asset_tag": "A-17",
        "type": devices.DEVICE_TYPES[0],
        "make": "Lenovo",
        "model": "M70q",
    }


def test_intervals_form_typed_with_keys_alone_at_80x24(
    small_terminal: tuple[Terminal, dict[str, str]],
) -> None:
    """PuTTY at 80×24, in Mongolian, no mouse: the Agents screen, the intervals form for the
    selected agent typed field by field, F6: the agent's layer holds the numbers."""
    term, env = small_terminal
    config = load(Path(env["SOUMNET_CONFIG"]))
    file_request(config, "darga-pc", "darga-pc")
    term.start(f"exec {venv_command('soumnet')} --lang mn", env, size=(80, 24))
    term.wait_for("1 төхөөрөмж")
    term.keys("g")
    term.wait_for("darga-pc")
    term.keys("i")
    term.wait_for("darga-pc: Давтамж")
    term.keys("Tab")
    term.type("120")
    term.keys("Tab")
    term.type("45")
    term.keys("Tab")
    term.type("600")
    term.keys("Tab")
    term.type("90")
    term.keys("F6")
    term.wait_for("agent:darga-pc: v1 хадгалагдлаа")
    layer = books.load(Layout(config.hub_dir)).layers["agent:darga-pc"]
    assert layer["values"] == {
        "agent.health_interval_seconds": 120,
        "agent.sync_interval_seconds": 45,
        "snmp.interval_seconds": 600,
        "probes.interval_seconds": 90,
    }
