"""install-service: the systemd unit (checked by systemd itself), the steps, the Windows task."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path, PureWindowsPath

import pytest

from agent.service.install import (
    TASK_COMMAND_LIMIT,
    UNIT_NAME,
    Step,
    execute,
    linux_steps,
    plan,
    systemd_unit,
    windows_steps,
)
from foundation.i18n import Problem
from tests.conftest import require_program, write_config
from tui.config import TuiConfig as Config
from tui.config import load

PING = '[[probes.targets]]\nname = "gateway"\nrole = "gateway"\nhost = "192.168.1.1"\n'
COMMAND = [sys.executable, "-m", "agent.cli"]


def directives(unit: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in unit.splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.startswith("#"):
            out[key] = value
    return out


def test_unit_runs_as_its_own_user_with_hardening(hub: Config) -> None:
    found = directives(systemd_unit(hub, COMMAND))
    assert found["User"] == found["Group"] == "soumnet"
    assert found["Restart"] == "on-failure"
    assert found["NoNewPrivileges"] == "yes" and found["ProtectSystem"] == "strict"
    assert found["ProtectHome"] == "yes" and found["PrivateTmp"] == "yes"
    assert found["ReadWritePaths"] == str(hub.agent_dir)
    assert found["CapabilityBoundingSet"] == ""  # no probes: no capability at all
    assert "AmbientCapabilities" not in found
    assert found["ExecStart"] == f"{sys.executable} -m agent.cli --config {hub.path} run"
    assert found["WantedBy"] == "multi-user.target"


def test_ping_probes_keep_only_raw_sockets(tmp_path: Path) -> None:
    config = load(write_config(tmp_path / "site", PING))
    found = directives(systemd_unit(config, COMMAND))
    assert found["CapabilityBoundingSet"] == "CAP_NET_RAW"
    assert found["AmbientCapabilities"] == "CAP_NET_RAW"


def test_paths_with_spaces_percent_and_home(tmp_path: Path) -> None:
    site = tmp_path / "my site"
    path = write_config(site, '[backup]\nout_dir = "/srv/archives 100%"\n')
    config = load(path)
    found = directives(systemd_unit(config, ["/home/it/venv/bin/soumnet-agent"]))
    assert found["ExecStart"].startswith('/home/it/venv/bin/soumnet-agent --config "')
    assert found["ProtectHome"] == "read-only"  # the program lives under /home
    assert found["ReadWritePaths"] == f'"{site / "agent"}" "/srv/archives 100%%"'


def test_systemd_accepts_the_unit(hub: Config, tmp_path: Path) -> None:
    analyze = require_program("systemd-analyze")
    unit = tmp_path / UNIT_NAME
    unit.write_text(systemd_unit(hub, COMMAND), encoding="utf-8")
    done = subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    complaints = [line for line in done.stderr.splitlines() if UNIT_NAME in line]
    assert complaints == []  # e.g. "Unknown key … ignoring" is only a warning


def test_linux_steps_create_the_user_only_when_missing(hub: Config, tmp_path: Path) -> None:
    steps = linux_steps(hub, COMMAND, tmp_path / "units", has_user=lambda name: False)
    commands = [s.argv[:2] for s in steps if s.argv]
    assert commands == [
        ("useradd", "--system"),
        ("install", "-d"),
        ("chown", "-R"),
        ("systemctl", "daemon-reload"),
        ("systemctl", "enable"),
    ]
    assert steps[-1].argv == ("systemctl", "enable", "--now", UNIT_NAME)
    written = [s for s in steps if s.path is not None]
    assert [s.path for s in written] == [tmp_path / "units" / UNIT_NAME]
    again = linux_steps(hub, COMMAND, tmp_path / "units", has_user=lambda name: True)
    assert all(s.argv[:1] != ("useradd",) for s in again)


def fake_runner(fail: str | None = None) -> tuple[list[tuple[str, ...]], object]:
    ran: list[tuple[str, ...]] = []

    def run(argv: Sequence[str]) -> subprocess.CompletedProcess[bytes]:
        ran.append(tuple(argv))
        if fail and argv[0] == fail:
            return subprocess.CompletedProcess(argv, 1, b"", b"warning\nFailed to connect to bus\n")
        return subprocess.CompletedProcess(argv, 0, b"", b"")

    return ran, run


def test_execute_writes_the_unit_and_runs_in_order(hub: Config, tmp_path: Path) -> None:
    steps = linux_steps(hub, COMMAND, tmp_path / "units", has_user=lambda name: True)
    ran, run = fake_runner()
    logged: list[tuple[str, str]] = []
    execute(steps, lambda key, what: logged.append((key, what)), run)  # type: ignore[arg-type]
    assert ran == [s.argv for s in steps if s.argv]
    assert (tmp_path / "units" / UNIT_NAME).read_text() == systemd_unit(hub, COMMAND)
    assert ("agent.install.wrote", str(tmp_path / "units" / UNIT_NAME)) in logged


def test_a_failing_step_stops_with_its_reason(hub: Config, tmp_path: Path) -> None:
    steps = linux_steps(hub, COMMAND, tmp_path / "units", has_user=lambda name: True)
    ran, run = fake_runner(fail="systemctl")
    with pytest.raises(Problem) as caught:
        execute(steps, lambda key, what: None, run)  # type: ignore[arg-type]
    assert ran[-1] == ("systemctl", "daemon-reload")  # enable was not tried
    assert caught.value.text("en") == "systemctl daemon-reload failed: Failed to connect to bus"
    assert "Failed to connect to bus" in caught.value.text("mn")

    def missing(argv: Sequence[str]) -> subprocess.CompletedProcess[bytes]:
        raise FileNotFoundError(2, "No such file or directory", argv[0])

    with pytest.raises(Problem) as caught:
        execute([Step(argv=("useradd", "x"))], lambda key, what: None, missing)
    assert caught.value.text("en") == "useradd x failed: No such file or directory"


def test_windows_start_up_task(hub: Config) -> None:
    exe = r"C:\Program Files\soumnet\Scripts\soumnet-agent.exe"
    create, start = windows_steps(hub, [exe])
    assert create.argv == (
        "schtasks",
        "/Create",
        "/TN",
        "soumnet-agent",
        "/TR",
        f'"{exe}" --config {PureWindowsPath(hub.path)} run',
        "/SC",
        "ONSTART",
        "/RU",
        "SYSTEM",
        "/RL",
        "HIGHEST",
        "/F",
    )
    assert start.argv == ("schtasks", "/Run", "/TN", "soumnet-agent")
    with pytest.raises(Problem) as caught:
        windows_steps(hub, ["C:\\" + "x" * TASK_COMMAND_LIMIT + "\\soumnet-agent.exe"])
    assert caught.value.key == "agent.install.task_too_long"


def test_unknown_system_and_missing_settings_are_refused(hub: Config, tmp_path: Path) -> None:
    with pytest.raises(Problem) as caught:
        plan(hub, "Darwin")
    assert caught.value.key == "agent.install.unsupported"
    no_file = load(tmp_path / "absent.toml")
    with pytest.raises(Problem) as caught:
        plan(no_file, "Linux", tmp_path)
    assert caught.value.key == "agent.install.no_config"
    bare = tmp_path / "bare.toml"
    bare.write_text('[agent]\nid = "pc"\n', encoding="utf-8")
    with pytest.raises(Problem) as caught:
        plan(load(bare), "Windows")
    assert caught.value.key == "agent.install.no_data_dir"


def agent_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agent.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_dry_run_prints_the_plan_and_changes_nothing(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    units = tmp_path / "units"
    done = agent_cli(cli_env, "install-service", "--dry-run", "--unit-dir", str(units))
    assert done.returncode == 0, done.stderr
    assert f"would write {units / UNIT_NAME}:" in done.stdout
    assert "ProtectSystem=strict" in done.stdout
    assert "would run: systemctl enable --now soumnet-agent.service" in done.stdout
    assert not units.exists()
    mn = agent_cli({**cli_env, "SOUMNET_LANG": "mn"}, "install-service", "--dry-run")
    assert "ажиллуулах байсан: systemctl daemon-reload" in mn.stdout


def test_bad_settings_give_one_line_and_change_nothing(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    bare = tmp_path / "bare.toml"
    bare.write_text('[agent]\nid = "pc"\n', encoding="utf-8")
    units = tmp_path / "units"
    done = agent_cli(
        {**cli_env, "SOUMNET_CONFIG": str(bare)}, "install-service", "--unit-dir", str(units)
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "agent.data_dir" in done.stderr
    assert not units.exists()
