"""Fixtures of the agent tests: a real sshd, and a hub whose forced command is this venv's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.config import Config, load
from inventory.layout import Layout
from tests.agent.sshd import Sshd, start_sshd
from tests.conftest import venv_command, write_config


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[Sshd]:
    server = start_sshd(tmp_path / "sshd")
    yield server
    server.stop()


@pytest.fixture
def ssh_hub(tmp_path: Path, sshd: Sshd) -> Config:
    """A hub whose approvals write the test sshd's authorized_keys, forcing this venv's hub."""
    path = write_config(
        tmp_path / "site",
        f'[enrolment]\nauthorized_keys = "{sshd.authorized_keys}"\n'
        f'hub_command = "{venv_command("soumnet-hub")}"\n',
    )
    config = load(path)
    Layout(config.hub_dir).init()
    return config
