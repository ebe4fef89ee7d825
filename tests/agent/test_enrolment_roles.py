"""Only the `it` role enrols agents, and every IT account sharing the hub can keep doing so.

The second half runs the real commands as real OS accounts (created for the test, removed
after it): one IT person's approval must not lock the other out of `authorized_keys`.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.delivery.sshkeys import create_key, public_line
from foundation.config import current_user
from inventory.intake.agents import Registry
from inventory.store.layout import Layout
from tests.agent.helpers import cli
from tests.conftest import IN_CI, ROOT, require_program, write_config
from tui.config import TuiConfig as Config
from tui.config import load


def request(folder: Path, agent: str) -> Path:
    key = public_line(create_key(folder / f"{agent}_key"))
    path = folder / f"{agent}.json"
    body = {"soumnet_enrolment": 1, "agent": agent, "public_key": key, "hostname": agent}
    path.write_text(json.dumps(body), encoding="utf-8")
    path.chmod(0o644)
    return path


def test_an_auditor_changes_no_agent(tmp_path: Path) -> None:
    me = current_user()
    path = write_config(
        tmp_path / "site",
        f'[enrolment]\nauthorized_keys = "{tmp_path / "authorized_keys"}"\n\n'
        f'[users.{me}]\nrole = "auditor"\n',
    )
    config = load(path)
    Layout(config.hub_dir).init()
    registry = Registry(config)
    registry.request(request(tmp_path, "pc-1"))
    registry.request(request(tmp_path, "pc-2"))
    registry.approve("pc-2", "it-person")
    before = registry.load()
    keys_before = registry.authorized_keys.read_bytes()
    attempts = [
        ("approve", "pc-1"),
        ("reject", "pc-1"),
        ("revoke", "pc-2"),
        ("request", str(request(tmp_path, "pc-3"))),
    ]
    for action, target in attempts:
        done = cli("inventory.cli", path, "agents", action, target, check=False)
        assert done.returncode == 4, (action, done.stdout, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and f"user {me} may not change" in lines[0], (action, lines)
        assert "Traceback" not in done.stderr
    listed = cli("inventory.cli", path, "agents", "list", "--json")
    assert {row["agent"] for row in json.loads(listed.stdout)} == {"pc-1", "pc-2"}
    assert registry.load() == before
    assert registry.authorized_keys.read_bytes() == keys_before
    env = dict(os.environ, SOUMNET_LANG="mn")
    env.pop("SOUMNET_CONFIG", None)
    mongolian = subprocess.run(
        [sys.executable, "-m", "inventory.cli", "--config", str(path), "agents", "approve", "pc-1"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert mongolian.returncode == 4 and "эрхгүй" in mongolian.stderr


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


@pytest.fixture
def accounts() -> Iterator[tuple[str, str, str]]:
    """Two IT accounts in one group, removed again after the test."""
    if os.geteuid() != 0:
        message = "needs root to create the OS accounts"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    for program in ("useradd", "userdel", "groupadd", "groupdel", "runuser"):
        require_program(program)
    tag = f"{os.getpid() % 100000}"
    group, first, second = f"snit{tag}", f"snit{tag}a", f"snit{tag}b"
    _run("groupadd", group)
    try:
        for name in (first, second):
            _run("useradd", "-M", "-N", "-g", group, "-s", "/bin/sh", "-d", "/nonexistent", name)
        yield group, first, second
    finally:
        for name in (first, second):
            subprocess.run(["userdel", name], capture_output=True, check=False)
        subprocess.run(["groupdel", group], capture_output=True, check=False)


def interpreter(user: str) -> tuple[str, dict[str, str]]:
    """This Python, or (when it lives where the account may not go, e.g. under /root) the
    system's Python of the same version with this environment's packages."""
    packages = os.pathsep.join([*(p for p in sys.path if p.endswith("site-packages")), str(ROOT)])
    env = {"PATH": os.environ["PATH"], "SOUMNET_LANG": "en", "PYTHONPATH": packages}
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for python in (sys.executable, shutil.which(version) or version, f"/usr/bin/{version}"):
        probe = ["runuser", "-u", user, "--", python, "-c", "import inventory.cli, paramiko"]
        if (
            subprocess.run(probe, env=env, capture_output=True, cwd="/", check=False).returncode
            == 0
        ):
            return python, env
    message = f"no Python {version} that the account {user} may run"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def as_user(user: str, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A hub command run by another OS account, with a umask that shares with its group."""
    python, env = interpreter(user)
    command = [python, "-m", "inventory.cli", "--config", str(config), *args]
    return subprocess.run(
        ["runuser", "-u", user, "--", "sh", "-c", 'umask 007; exec "$@"', "sh", *command],
        capture_output=True,
        text=True,
        env=env,
        cwd="/",
        timeout=120,
        check=False,
    )


def test_two_it_accounts_keep_sharing_authorized_keys(accounts: tuple[str, str, str]) -> None:
    group, first, second = accounts
    gid = grp.getgrnam(group).gr_gid
    uid_first = pwd.getpwnam(first).pw_uid
    base = Path(tempfile.mkdtemp(prefix="soumnet-roles-"))
    try:
        base.chmod(0o755)
        shared = base / "shared"
        shared.mkdir()
        config_path = write_config(
            shared / "site",
            f'[enrolment]\nauthorized_keys = "{shared / "ssh" / "authorized_keys"}"\n\n'
            f'[users.{first}]\nrole = "it"\n\n[users.{second}]\nrole = "it"\n',
        )
        config: Config = load(config_path)
        Layout(config.hub_dir).init()
        (config.hub_dir / "records.lock").touch()
        keys = shared / "ssh" / "authorized_keys"
        keys.parent.mkdir()
        keys.write_text("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtherKeyOfTheAccount admin\n")
        requests = base / "requests"
        requests.mkdir()
        files = {agent: request(requests, agent) for agent in ("pc-1", "pc-2", "pc-3")}
        for path in [shared, *shared.rglob("*")]:
            os.chown(path, uid_first, gid)
            path.chmod(0o2770 if path.is_dir() else 0o660)
        keys.chmod(0o640)  # readable by the group, writable by the owner only
        # people's changes go through serve (the data folder's one writer), here run by the
        # account that owns the folder; the second account's changes reach it by its socket
        python, env = interpreter(first)
        serve = subprocess.Popen(
            ["runuser", "-u", first, "--", "sh", "-c", 'umask 007; exec "$@"', "sh", python,
             "-m", "inventory.cli", "--config", str(config_path), "serve"],
            env=env, cwd="/", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            socket_file = config.hub_dir / "serve.sock"
            deadline = time.monotonic() + 60
            while not socket_file.exists():
                assert serve.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.1)
            for user, agent in ((first, "pc-1"), (second, "pc-2")):
                filed = as_user(user, config_path, "agents", "request", str(files[agent]))
                assert filed.returncode == 0, filed.stderr
                approved = as_user(user, config_path, "agents", "approve", agent)
                assert approved.returncode == 0, (user, approved.stderr)
                kept = keys.stat()
                assert (oct(kept.st_mode & 0o7777), kept.st_gid) == ("0o640", gid), user
            revoked = as_user(first, config_path, "agents", "revoke", "pc-2")
            assert revoked.returncode == 0, revoked.stderr
        finally:
            serve.terminate()
            serve.wait(30)
        text = keys.read_text()
        assert "admin" in text and "soumnet-agent:pc-1" in text
        assert "soumnet-agent:pc-2" not in text
        # root may give the file back to its owner: mode, owner and group all kept
        os.chown(keys, uid_first, gid)
        Registry(config).request(files["pc-3"])
        Registry(config).approve("pc-3", "root")
        kept = keys.stat()
        assert (oct(kept.st_mode & 0o7777), kept.st_uid, kept.st_gid) == ("0o640", uid_first, gid)
    finally:
        shutil.rmtree(base, ignore_errors=True)
