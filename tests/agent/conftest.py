"""Fixtures of the agent tests: a real sshd, and a hub whose forced command is this venv's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from inventory.store.layout import Layout
from tests.agent.sshd import Sshd, start_sshd
from tests.conftest import venv_command, write_config
from tui.config import TuiConfig as Config
from tui.config import load


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[Sshd]:
    server = start_sshd(tmp_path / "sshd")
    yield server
    server.stop()


def hub_for_sshd(folder: Path, sshd: Sshd, hub: str = "") -> Config:
    """A hub whose approvals write the test sshd's authorized_keys, forcing this venv's hub;
    `hub` adds lines to its `[hub]` table."""
    path = write_config(
        folder,
        f'[enrolment]\nauthorized_keys = "{sshd.authorized_keys}"\n'
        f'hub_command = "{venv_command("soumnet-hub")}"\n',
    )
    text = path.read_text(encoding="utf-8").replace("[hub]\n", f"[hub]\n{hub}", 1)
    path.write_text(text, encoding="utf-8")
    config = load(path)
    Layout(config.hub_dir).init()
    return config


@pytest.fixture
def ssh_hub(tmp_path: Path, sshd: Sshd) -> Config:
    return hub_for_sshd(tmp_path / "site", sshd)
