"""Steering across releases, over a real sshd: an agent of the release before it against a hub
that steers, a steering agent against a hub of that release, and a hub newer than its agent
(a setting and a task the agent does not know). Reports keep flowing in each; nothing fails.

The previous release is this repository's tree at the parent of the commit that added
`agent/steer/`, taken with `git archive` and run with this venv's dependencies."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from agent.delivery.outbox import Outbox
from agent.steer.settings import effective, held
from agent.steer.tasks import NAMES, Tasks
from foundation.wire import utcnow
from inventory.steer import book as books
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.agent.helpers import agent_config, cli
from tests.agent.sshd import Sshd
from tests.conftest import require_program, write_config
from tui.config import TuiConfig as Config
from tui.config import load

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The code of the release before steering, as a folder to put on PYTHONPATH."""
    git = require_program("git")

    def run(*args: str) -> bytes:
        return subprocess.run(
            [git, "-C", str(ROOT), *args], capture_output=True, check=True, timeout=60
        ).stdout

    added = run("log", "--diff-filter=A", "--format=%H", "--", "agent/steer/__init__.py").split()
    assert added, "the history must reach the commit that added agent/steer/ (not shallow)"
    tree = tmp_path_factory.mktemp("previous")
    archive = tree / "code.tar"
    archive.write_bytes(
        run("archive", f"{added[-1].decode()}^", "agent", "backups", "foundation", "inventory")
    )
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    archive.unlink()
    assert (tree / "agent").is_dir() and not (tree / "agent" / "steer").exists()
    return tree


def old(tree: Path, module: str, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A command of the previous release (its code first on the path, from its own folder)."""
    env = dict(os.environ, SOUMNET_LANG="en", PYTHONPATH=str(tree))
    env.pop("SOUMNET_CONFIG", None)
    done = subprocess.run(
        [sys.executable, "-m", module, "--config", str(config), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tree,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"previous {module} {args}: exit {done.returncode}: {done.stderr}"
    return done


def enrol(
    agent: Config, agent_tree: Path | None, hub: Config, hub_tree: Path | None, sshd: Sshd
) -> None:
    """`enroll` with the agent's release, `agents request` and `approve` with the hub's."""
    assert agent.path is not None and hub.path is not None
    request = agent.agent_dir.parent / "request.json"
    args = ("enroll", "--hub", sshd.hub, "--host-key", sshd.host_key_line, "--out", str(request))
    if agent_tree is None:
        cli("agent.cli", agent.path, *args)
    else:
        old(agent_tree, "agent.cli", agent.path, *args)
    for step in (("agents", "request", str(request)), ("agents", "approve", agent.agent_id)):
        if hub_tree is None:
            cli("inventory.cli", hub.path, *step)
        else:
            old(hub_tree, "inventory.cli", hub.path, *step)


def stored(hub: Config) -> list[str]:
    return sorted(Store(Layout(hub.hub_dir)).all_sample_ids())


def test_an_agent_of_the_previous_release_ignores_what_the_hub_asks_and_keeps_delivering(
    tmp_path: Path, sshd: Sshd, ssh_hub: Config, previous: Path
) -> None:
    pc = agent_config(tmp_path / "pc", "pc-old")
    assert pc.path is not None and ssh_hub.path is not None
    enrol(pc, previous, ssh_hub, None, sshd)
    cli(
        "inventory.cli",
        ssh_hub.path,
        "agents",
        "settings",
        "set",
        "pc-old",
        "agent.health_interval_seconds=120",
    )
    cli("inventory.cli", ssh_hub.path, "agents", "task", "add", "pc-old", "status")
    layout = Layout(ssh_hub.hub_dir)
    waiting = books.offer(layout, "pc-old")
    assert waiting is not None and "settings" in waiting and len(waiting["tasks"]) == 1
    for _ in range(2):  # each answer carries the settings and the task
        done = old(previous, "agent.cli", pc.path, "run", "--once")
        assert not done.stderr.strip(), done.stderr
    assert Outbox(pc.agent_dir).depth() == 0  # every report acknowledged
    cli("inventory.cli", ssh_hub.path, "serve", "--once")
    ids = stored(ssh_hub)
    assert len(ids) >= 2 and all(i.startswith("pc-old") for i in ids)
    assert not (pc.agent_dir / "steer").exists()
    after = books.load(layout)
    assert "pc-old" not in after.status  # it never said it applied anything
    assert [t["state"] for t in after.tasks] == ["pending"]  # still waiting, for a newer agent


def test_a_steering_agent_against_a_hub_of_the_previous_release_delivers_as_before(
    tmp_path: Path, sshd: Sshd, previous: Path
) -> None:
    wrapper = tmp_path / "previous-hub"
    wrapper.write_text(
        f"#!/bin/sh\ncd {previous} && PYTHONPATH={previous} "
        f'exec {sys.executable} -m inventory.cli "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    path = write_config(
        tmp_path / "site",
        f'[enrolment]\nauthorized_keys = "{sshd.authorized_keys}"\nhub_command = "{wrapper}"\n',
    )
    hub = load(path)
    old(previous, "inventory.cli", path, "init")
    pc = agent_config(tmp_path / "pc", "pc-1")
    assert pc.path is not None
    enrol(pc, None, hub, previous, sshd)
    assert f'command="{wrapper} --config' in sshd.authorized_keys.read_text(encoding="utf-8")
    for _ in range(2):
        done = cli("agent.cli", pc.path, "run", "--once")
        assert not done.stderr.strip(), done.stderr
    assert Outbox(pc.agent_dir).depth() == 0
    old(previous, "inventory.cli", path, "serve", "--once")
    ids = stored(hub)
    assert len(ids) >= 2 and all(i.startswith("pc-1") for i in ids)
    assert held(pc.agent_dir) is None and Tasks(pc.agent_dir).all() == []
    assert not Layout(hub.hub_dir).steer_file.exists()


def test_a_setting_and_a_task_of_a_newer_hub_are_refused_and_unknown_the_agent_carries_on(
    tmp_path: Path, sshd: Sshd, ssh_hub: Config
) -> None:
    pc = agent_config(tmp_path / "pc", "pc-1")
    assert pc.path is not None and ssh_hub.path is not None
    enrol(pc, None, ssh_hub, None, sshd)
    assert "inventory" not in NAMES
    layout = Layout(ssh_hub.hub_dir)
    with layout.write_lock():  # as a newer hub would have written it
        book = books.load(layout)
        values = {"agent.health_interval_seconds": 120, "agent.upload_window": "02:00-04:00"}
        book.layers["agent:pc-1"] = {"values": values, "version": book.bump()}
        for name in ("inventory", "status"):
            books.new_task(book, "pc-1", name, {"depth": 2}, "bat", 7, utcnow())
        books.save(layout, book)
    for _ in range(3):  # takes them; runs what it knows; tells the hub
        done = cli("agent.cli", pc.path, "run", "--once")
        assert not done.stderr.strip(), done.stderr
    cli("inventory.cli", ssh_hub.path, "serve", "--once")
    after = books.load(layout)
    assert [(t["name"], t["state"]) for t in after.tasks] == [
        ("inventory", "unknown"),
        ("status", "done"),
    ]
    said = after.status["pc-1"]
    assert said["state"] == "refused" and said["version"] == book.version
    assert "agent.upload_window" in said["reason"]["en"], said
    assert held(pc.agent_dir) is None
    assert effective(pc).agent.health_interval_seconds == 60  # the file's own
    assert books.offer(layout, "pc-1") is None  # heard: not offered again
    ids = stored(ssh_hub)
    cli("agent.cli", pc.path, "run", "--once")
    cli("inventory.cli", ssh_hub.path, "serve", "--once")
    assert len(stored(ssh_hub)) > len(ids)
    assert [t.state for t in Tasks(pc.agent_dir).all()] == ["unknown", "done"]
