"""Shared fixtures. Integration tests need real programs: in CI a missing one is a failure."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from inventory.store.layout import Layout
from tui.config import TuiConfig as Config
from tui.config import load

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_program(name: str) -> str:
    """The program's path; in CI its absence fails the test, elsewhere it skips it."""
    found = shutil.which(name) or next(
        (str(p) for d in ("/usr/sbin", "/sbin") if (p := Path(d) / name).exists()), None
    )
    if found:
        return found
    message = f"{name} is not installed (.ci/run installs it)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def venv_command(name: str) -> str:
    """A console script of this project, from the interpreter's own bin folder."""
    return str(Path(sys.executable).parent / name)


def write_config(folder: Path, extra: str = "") -> Path:
    """A configuration with the hub and the agent under `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "soumnet.toml"
    path.write_text(
        '[hub]\ndata_dir = "hub"\nspool_poll_seconds = 0.05\n\n'
        '[agent]\nid = "test-agent"\ndata_dir = "agent"\nhub = "local"\n\n'
        '[ui]\nlang = "en"\n\n' + extra,
        encoding="utf-8",
    )
    return path


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands run in-process (and the children they start) print English unless a test asks
    for Mongolian: otherwise the machine's locale or the default `ui.lang` (mn) would decide."""
    monkeypatch.setenv("SOUMNET_LANG", "en")


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Config]:
    """A configured, initialised hub (and local agent) in a temporary folder."""
    path = write_config(tmp_path / "site")
    config = load(path)
    Layout(config.hub_dir).init()
    yield config


@pytest.fixture
def cli_env(hub: Config) -> dict[str, str]:
    """Environment for running the commands as subprocesses against `hub`."""
    env = dict(os.environ)
    env["SOUMNET_CONFIG"] = str(hub.path)
    env["SOUMNET_LANG"] = "en"
    return env
