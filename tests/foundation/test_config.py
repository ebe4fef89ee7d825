"""The configuration file: defaults, typed values, and one clear line for every mistake."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from agent.config import load as agent_load
from backups.config import load as backup_load
from foundation.messages import ConfigError
from inventory.config import load as hub_load
from tests.conftest import venv_command
from tui.config import load


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "soumnet.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    config = load(tmp_path / "absent.toml")
    assert config.agent.hub == "local"
    assert config.ui.lang == "mn"
    assert config.users == {}


def test_values_are_typed_and_paths_relative_to_the_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[hub]\ndata_dir = "data/hub"\nspool_poll_seconds = 2\n'
        '[users.dorj]\nrole = "auditor"\n[office]\nname = "Баян-Өндөр сум"\n',
    )
    config = load(path)
    assert config.hub_dir == tmp_path / "data" / "hub"
    assert config.hub.spool_poll_seconds == 2.0
    assert config.role_of("dorj") == "auditor"
    assert config.role_of("nobody") is None
    assert config.office.name == "Баян-Өндөр сум"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[hub]\nspool_poll = 1\n", "hub.spool_poll: unknown key"),
        ('[agent]\nhealth_interval_seconds = "often"\n', "agent.health_interval_seconds"),
        ("[agent]\nhealth_interval_seconds = true\n", "expected a whole number"),
        ('[ui]\nlang = "fr"\n', "expected one of 'mn', 'en'"),
        ('[users.bat]\nrole = "admin"\n', "users.bat.role"),
        ("[hub\n", "not valid TOML"),
        ("hub = 3\n", "hub: expected a table"),
        ('path = "x"\n', "path: unknown key"),
    ],
)
def test_mistakes_name_file_key_and_expectation(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load(path)
    line = caught.value.text("en")
    assert fragment in line
    assert str(path) in line
    assert "\n" not in line
    assert caught.value.text("mn") != line or fragment in line


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "soumnet.toml"
    path.write_bytes(b'[office]\nname = "\xff"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load(path)


def test_command_prints_one_line_and_fails(tmp_path: Path) -> None:
    path = write(tmp_path, "[agent]\nsync_interval_seconds = -\n")
    for command in ("soumnet-hub", "soumnet-agent", "soumnet"):
        args = [venv_command(command), "--config", str(path)]
        args += {"soumnet-hub": ["serve"], "soumnet-agent": ["run", "--once"], "soumnet": []}[
            command
        ]
        done = subprocess.run(
            args, capture_output=True, text=True, env={"SOUMNET_LANG": "en", "PATH": ""}
        )
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert str(path) in lines[0] and "TOML" in lines[0]


def test_mongolian_error_line(tmp_path: Path) -> None:
    path = write(tmp_path, "[agent]\nhealth_interval_seconds = 1.5\n")
    done = subprocess.run(
        [venv_command("soumnet-hub"), "--config", str(path), "serve"],
        capture_output=True,
        text=True,
        env={"SOUMNET_LANG": "mn"},
    )
    assert done.returncode == 2
    assert "бүхэл тоо байх ёстой" in done.stderr


def test_a_named_file_must_exist(tmp_path: Path) -> None:
    """A mistyped --config or SOUMNET_CONFIG is one line, not the defaults; only the default
    place may be absent."""
    absent = tmp_path / "nope.toml"
    for env, args in (
        ({}, ["--config", str(absent)]),
        ({"SOUMNET_CONFIG": str(absent)}, []),
    ):
        done = subprocess.run(
            [venv_command("soumnet-hub"), *args, "init"],
            capture_output=True,
            text=True,
            env={"SOUMNET_LANG": "en", "HOME": str(tmp_path), **env},
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr == f"soumnet-hub: {absent}: no such configuration file" + (
            " (a file named with --config or SOUMNET_CONFIG must exist)\n"
        )
        assert not absent.exists() and not (tmp_path / "hub").exists()
    # `init --local` writes the file it is given.
    done = subprocess.run(
        [venv_command("soumnet-hub"), "--config", str(absent), "init", "--local"],
        capture_output=True,
        text=True,
        env={"SOUMNET_LANG": "en", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0 and absent.exists(), done.stderr


def test_without_any_configuration_file_the_agent_reaches_the_local_hub(tmp_path: Path) -> None:
    """The defaults' hub and agent: the agent's child `ingest` is not handed the absent
    default file as a named one."""
    env = {"SOUMNET_LANG": "en", "HOME": str(tmp_path), "PATH": os.environ.get("PATH", "")}
    for command, args in (("soumnet-hub", ["init"]), ("soumnet-agent", ["run", "--once"])):
        done = subprocess.run(
            [venv_command(command), *args], capture_output=True, text=True, env=env, timeout=120
        )
        assert done.returncode == 0, done.stderr
    assert list((tmp_path / ".local" / "share" / "soumnet" / "hub" / "spool").glob("*"))


def test_each_part_types_its_own_sections_of_the_one_file(tmp_path: Path) -> None:
    """The agent skips the hub's and the UI's keys unread; the hub and the UI check them."""
    path = write(
        tmp_path,
        '[office]\nname = "Сум"\n[ui]\nlang = "en"\nrefresh_seconds = 3\n'
        '[hub]\nbogus = 1\n[backup]\nlabel = "kadr"\n[agent]\nid = "pc-1"\n',
    )
    agent = agent_load(path)
    assert (agent.agent.id, agent.backup.label, agent.office.name) == ("pc-1", "kadr", "Сум")
    assert not hasattr(agent, "hub") and agent.ui.lang == "en"
    assert backup_load(path).backup.label == "kadr"
    with pytest.raises(ConfigError) as hub_error:
        hub_load(path)
    assert "hub.bogus" in hub_error.value.text("en")
    assert load(write(tmp_path, "[ui]\nrefresh_seconds = 3\n")).ui.refresh_seconds == 3


@pytest.mark.parametrize("text", ["[nope]\nx = 1\n", 'path = "x"\n', "[ui]\nrefreshh = 1\n"])
def test_a_key_no_part_knows_is_refused_by_every_part(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    for loader in (backup_load, agent_load, load):
        with pytest.raises(ConfigError) as refused:
            loader(path)
        line = refused.value.text("en")
        assert "unknown key" in line and "path," not in line
