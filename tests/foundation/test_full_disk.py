"""`serve` on a really full disk (a small tmpfs): it says so once, keeps the spool, carries on."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.conftest import venv_command, write_config
from tests.disks import fill, mount_small, unmount
from tests.foundation.reports import batch
from tests.foundation.test_ingest_serve import ingest
from tui.config import load


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a file system of its own, 4 MiB large, that a test can fill."""
    folder = tmp_path / "small"
    folder.mkdir()
    mount_small(folder, "4m")
    try:
        yield folder
    finally:
        unmount(folder)


def _wait(condition: Callable[[], object], what: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds  # a bound for a hung run, not a speed assertion
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {seconds} s")


def test_serve_outlives_a_full_disk(small_disk: Path, tmp_path: Path) -> None:
    path = write_config(small_disk / "site")
    config = load(path)
    layout = Layout(config.hub_dir)
    layout.init()
    env = {**os.environ, "SOUMNET_CONFIG": str(path), "SOUMNET_LANG": "en"}
    status, reply, _ = ingest(env, "a", batch("a", range(3)))
    assert status == 0 and reply["accepted"] == ["a-0", "a-1", "a-2"]
    spooled = {p.name: p.read_bytes() for p in layout.spool.glob("*.jsonl")}
    assert len(spooled) == 1
    filler = fill(small_disk)
    status, reply, _ = ingest(env, "a", batch("a", range(3, 5)))
    assert status == 3 and not reply["ok"] and "No space" in reply["error"], reply

    log = tmp_path / "serve.log"  # on a disk with room
    with log.open("wb") as err:
        serve = subprocess.Popen([venv_command("soumnet-hub"), "serve"], env=env, stderr=err)
    try:

        def lines() -> list[str]:
            return log.read_text(encoding="utf-8").splitlines()

        _wait(lambda: lines() or serve.poll() is not None, "a line about the full disk")
        time.sleep(1.0)  # twenty polls: the line is not repeated
        assert serve.poll() is None, log.read_text(encoding="utf-8")
        assert len(lines()) == 1, lines()
        assert "full" in lines()[0] and "spool: 1;" in lines()[0], lines()
        assert {p.name: p.read_bytes() for p in layout.spool.glob("*.jsonl")} == spooled
        assert not list(layout.spool.glob(".*.tmp")), "no temporary file left behind"

        filler.unlink()
        _wait(lambda: not list(layout.spool.glob("*.jsonl")), "applying after room came back")
        assert sorted(Store(layout).all_sample_ids()) == ["a-0", "a-1", "a-2"]
        assert serve.poll() is None
        assert len(lines()) == 2 and "room" in lines()[1], lines()
    finally:
        serve.terminate()
        assert serve.wait(timeout=30) == 0, log.read_text(encoding="utf-8")
