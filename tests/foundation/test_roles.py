"""Roles that hold against the people on the hub machine: the identity is the OS's word."""

from __future__ import annotations

import json
import os
import pwd
import subprocess
from pathlib import Path

import pytest

from inventory.store import audit
from inventory.store.layout import Layout
from tests.conftest import venv_command, write_config
from tui.config import TuiConfig as Config
from tui.config import load

ME = pwd.getpwuid(os.getuid()).pw_name


def _hub(tmp_path: Path, users: str) -> Config:
    config = load(write_config(tmp_path / "site", users))
    Layout(config.hub_dir).init()
    return config


def _run(config: Config, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "SOUMNET_CONFIG": str(config.path), "SOUMNET_LANG": "en", **env}
    return subprocess.run(
        [venv_command("soumnet-hub"), *args], env=full, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("name", ["LOGNAME", "USER", "LNAME", "USERNAME"])
def test_an_environment_variable_does_not_make_it_staff_an_auditor(
    tmp_path: Path, name: str
) -> None:
    config = _hub(tmp_path, f'[users.{ME}]\nrole = "it"\n[users.auditor]\nrole = "auditor"\n')
    done = _run(config, "devices", "add", "name=PC", **{name: "auditor"})
    assert done.returncode == 0, done.stderr
    assert [e["who"] for e in audit.entries(Layout(config.hub_dir))] == [ME]


def test_an_environment_variable_does_not_make_an_auditor_it_staff(tmp_path: Path) -> None:
    config = _hub(tmp_path, f'[users.{ME}]\nrole = "auditor"\n[users.boss]\nrole = "it"\n')
    done = _run(config, "devices", "add", "name=PC", LOGNAME="boss", USER="boss")
    assert done.returncode == 4
    assert ME in done.stderr and "boss" not in done.stderr
    listing = _run(config, "devices", "list", "--json", LOGNAME="boss", SOUMNET_ROLE="it")
    assert listing.returncode == 4 and listing.stdout == ""
    assert f"user {ME} may not read" in listing.stderr
    trail = _run(config, "audit", "list", "--json", LOGNAME="boss")
    assert trail.returncode == 0 and json.loads(trail.stdout) == []
