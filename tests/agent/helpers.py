"""Enrol a test agent with a test hub through the real commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import paramiko

from agent.delivery.enroll import key_path
from agent.delivery.sshkeys import load_key, parse_public_line
from tests.agent.sshd import Sshd
from tui.config import TuiConfig as Config
from tui.config import load


def cli(
    module: str, config: Path, *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SOUMNET_LANG="en")
    env.pop("SOUMNET_CONFIG", None)
    done = subprocess.run(
        [sys.executable, "-m", module, "--config", str(config), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"{module} {args}: exit {done.returncode}: {done.stderr}")
    return done


def agent_config(folder: Path, agent: str = "pc-1", extra: str = "") -> Config:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "soumnet.toml"
    path.write_text(
        f'[agent]\nid = "{agent}"\ndata_dir = "agent"\nconnect_timeout_seconds = 10\n'
        f'exchange_timeout_seconds = 60\n\n[ui]\nlang = "en"\n{extra}',
        encoding="utf-8",
    )
    return load(path)


def enrol(agent: Config, hub: Config, sshd: Sshd, host_key: str | None = None) -> None:
    """`soumnet-agent enroll`, then `soumnet-hub agents request` and `approve`."""
    assert agent.path is not None and hub.path is not None
    request = agent.agent_dir.parent / "request.json"
    cli(
        "agent.cli",
        agent.path,
        "enroll",
        "--hub",
        sshd.hub,
        "--host-key",
        host_key or sshd.host_key_line,
        "--out",
        str(request),
    )
    cli("inventory.cli", hub.path, "agents", "request", str(request))
    cli("inventory.cli", hub.path, "agents", "approve", agent.agent_id)


def login(agent: Config, sshd: Sshd) -> paramiko.SSHClient:
    """An SSH client logged in to the test sshd with the agent's key, the host key pinned."""
    ssh = paramiko.SSHClient()
    pinned = parse_public_line(sshd.host_key_line)
    ssh.get_host_keys().add(f"[127.0.0.1]:{sshd.port}", pinned.get_name(), pinned)
    ssh.set_missing_host_key_policy(paramiko.RejectPolicy())
    ssh.connect(
        "127.0.0.1",
        port=sshd.port,
        username=sshd.user,
        pkey=load_key(key_path(agent)),
        timeout=10,
        allow_agent=False,
        look_for_keys=False,
    )
    return ssh
