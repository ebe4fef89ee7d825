"""The hub steers its agents through their own batches over a real sshd: settings in layers
(all, groups, one agent), refused when they do not fit, tasks that wait, run once, expire or
are cancelled."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from agent.steer.recent import Recent
from agent.steer.settings import effective, held
from agent.steer.tasks import Tasks
from foundation.wire import format_ts, parse_ts, utcnow
from inventory.steer import book as books
from inventory.store import audit
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.agent.helpers import agent_config, cli, enrol
from tests.agent.sshd import Sshd
from tests.backups.helpers import Keys, make_keys
from tui.config import TuiConfig as Config

pytestmark = pytest.mark.integration


def hub(config: Config, *args: str) -> str:
    assert config.path is not None
    return cli("inventory.cli", config.path, *args).stdout


def sync(agent: Config, times: int = 2) -> None:
    """`run --once` twice: the first takes what the hub answered, the second tells it."""
    assert agent.path is not None
    for _ in range(times):
        cli("agent.cli", agent.path, "run", "--once")


def serve(config: Config) -> str:
    """`serve --once`; what it logged (standard error)."""
    assert config.path is not None
    return cli("inventory.cli", config.path, "serve", "--once").stderr


def agents(tmp_path: Path, ssh_hub: Config, sshd: Sshd, *names: str) -> list[Config]:
    found = []
    for name in names:
        agent = agent_config(tmp_path / name, name)
        enrol(agent, ssh_hub, sshd)
        found.append(agent)
    return found


def archiving_agent(
    tmp_path: Path, ssh_hub: Config, sshd: Sshd, source: Path
) -> tuple[Config, Keys]:
    """Agent pc-1, enrolled, archiving `source` into `tmp_path/archives`."""
    keys = make_keys(tmp_path / "keys")
    extra = (
        f'\n[backup]\nsources = ["{source}"]\nrecipients = {json.dumps(list(keys.recipients))}\n'
        f'out_dir = "{tmp_path / "archives"}"\n'
    )
    pc = agent_config(tmp_path / "pc", "pc-1", extra)
    enrol(pc, ssh_hub, sshd)
    return pc, keys


def test_a_group_setting_reaches_its_agents_and_not_the_others(
    tmp_path: Path, sshd: Sshd, ssh_hub: Config
) -> None:
    pc1, pc2, pc3 = agents(tmp_path, ssh_hub, sshd, "pc-1", "pc-2", "pc-3")
    for name in ("pc-1", "pc-2"):
        hub(ssh_hub, "agents", "group", "add", "нягтлан", name)
    said = hub(ssh_hub, "agents", "settings", "set", "нягтлан", "agent.health_interval_seconds=120")
    assert "group:нягтлан are now version 3" in said
    hub(ssh_hub, "agents", "settings", "set", "pc-3", 'office.name="Сургууль"')
    for agent in (pc1, pc2, pc3):
        sync(agent)
    serve(ssh_hub)
    for agent in (pc1, pc2):
        assert effective(agent).agent.health_interval_seconds == 120
        assert effective(agent).office.name == "Soum office"
    assert effective(pc3).agent.health_interval_seconds == 60
    assert effective(pc3).office.name == "Сургууль"
    book = books.load(Layout(ssh_hub.hub_dir))
    assert {a: s["version"] for a, s in book.status.items()} == {"pc-1": 3, "pc-2": 3, "pc-3": 4}
    assert all(s["state"] == "applied" for s in book.status.values())
    shown = hub(ssh_hub, "agents", "settings", "show", "pc-1")
    assert "agent.health_interval_seconds = 120" in shown
    assert "the agent runs version 3" in shown
    actions = [e["action"] for e in audit.entries(Layout(ssh_hub.hub_dir))]
    assert actions.count("agents.settings") == 2 and actions.count("agents.group") == 2
    # nothing waits now: the answer to a batch carries nothing more
    assert books.offer(Layout(ssh_hub.hub_dir), "pc-1") is None


@pytest.mark.parametrize(
    ("pair", "reason"),
    [
        (
            'agent.health_interval_seconds="fast"',
            "agent.health_interval_seconds: expected a whole number",
        ),
        ("snmp.bogus=1", "snmp.bogus: unknown key"),
        ('backup.recipients=["age1nope"]', "age1nope"),
    ],
)
def test_settings_that_do_not_fit_are_refused_and_the_agent_keeps_going(
    tmp_path: Path, sshd: Sshd, ssh_hub: Config, pair: str, reason: str
) -> None:
    (pc,) = agents(tmp_path, ssh_hub, sshd, "pc-1")
    hub(ssh_hub, "agents", "settings", "set", "pc-1", "agent.health_interval_seconds=90")
    sync(pc)
    hub(ssh_hub, "agents", "settings", "set", "pc-1", pair)
    sync(pc)
    serve(ssh_hub)
    shown = hub(ssh_hub, "agents", "settings", "show", "pc-1")
    assert "the agent refused version 2" in shown and reason in shown, shown
    kept = held(pc.agent_dir)
    assert kept is not None and kept.values == {"agent.health_interval_seconds": 90}
    assert effective(pc).agent.health_interval_seconds == 90
    before = Layout(ssh_hub.hub_dir)
    sync(pc, 1)  # its reports keep arriving on the last good settings
    serve(ssh_hub)
    assert books.load(before).status["pc-1"]["state"] == "refused"


def test_tasks_wait_run_once_in_order_and_report_back(
    tmp_path: Path, sshd: Sshd, ssh_hub: Config
) -> None:
    (pc,) = agents(tmp_path, ssh_hub, sshd, "pc-1")
    for name in ("status", "facts", "poll", "status"):  # queued while the PC is away
        hub(ssh_hub, "agents", "task", "add", "pc-1", name)
    layout = Layout(ssh_hub.hub_dir)
    with layout.write_lock():  # a week ago: the PC was off all that time
        kept = books.load(layout)
        for task in kept.tasks:
            task["created"] = format_ts(parse_ts(task["created"]) - timedelta(days=7))
            task["expires"] = format_ts(parse_ts(task["expires"]) - timedelta(days=7))
        books.save(layout, kept)
    assert len(books.load(layout).pending("pc-1", utcnow())) == 4  # a week on, still waiting
    sync(pc, 3)  # back: takes them, runs them one a turn, tells the hub
    sync(pc, 3)
    sync(pc, 1)  # taken again from a repeated answer: nothing runs twice
    serve(ssh_hub)
    listed = json.loads(hub(ssh_hub, "agents", "task", "list", "--json"))
    assert [(t["id"], t["name"], t["state"]) for t in reversed(listed)] == [
        (1, "status", "done"),
        (2, "facts", "done"),
        (3, "poll", "done"),
        (4, "status", "done"),
    ]
    assert any("outbox" in line.lower() for line in listed[-1]["lines"])
    kept = Tasks(pc.agent_dir).all()
    assert [t.state for t in kept] == ["done"] * 4


def test_a_cancelled_task_never_runs_and_an_unclaimed_one_expires(
    tmp_path: Path, sshd: Sshd, ssh_hub: Config
) -> None:
    (pc,) = agents(tmp_path, ssh_hub, sshd, "pc-1")
    hub(ssh_hub, "agents", "task", "add", "pc-1", "facts")
    assert "task #1 cancelled" in hub(ssh_hub, "agents", "task", "cancel", "1")
    hub(ssh_hub, "agents", "task", "add", "pc-1", "status", "--expires-days", "0.00002")
    time.sleep(2.5)
    said = serve(ssh_hub)
    assert "task #2 for pc-1 expired" in said
    sync(pc)
    assert Tasks(pc.agent_dir).all() == []
    states = [t["state"] for t in books.load(Layout(ssh_hub.hub_dir)).tasks]
    assert states == ["cancelled", "expired"]
    done = cli("inventory.cli", ssh_hub.path, "agents", "task", "cancel", "2", check=False)  # type: ignore[arg-type]
    assert done.returncode == 1 and "only a pending task can be cancelled" in done.stderr


def test_an_archive_task_killed_midway_is_interrupted_never_run_twice(
    tmp_path: Path, sshd: Sshd, ssh_hub: Config
) -> None:
    source = tmp_path / "кадр"
    source.mkdir()
    for n in range(400):
        (source / f"тушаал-{n:04d}.txt").write_bytes(os.urandom(64 * 1024))
    pc, _keys = archiving_agent(tmp_path, ssh_hub, sshd, source)
    hub(ssh_hub, "agents", "task", "add", "pc-1", "archive")
    assert pc.path is not None
    sync(pc, 1)  # the task is kept
    env = dict(os.environ, SOUMNET_LANG="en")
    child = subprocess.Popen(
        [sys.executable, "-m", "agent.cli", "--config", str(pc.path), "run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    states: list[str] = []
    while time.monotonic() < deadline and states != ["running"]:
        states = [t.state for t in Tasks(pc.agent_dir).all()]
        time.sleep(0.01)
    assert states == ["running"]  # killed while the archive was being made
    child.send_signal(signal.SIGKILL)
    child.wait()
    sync(pc, 2)
    serve(ssh_hub)
    (task,) = books.load(Layout(ssh_hub.hub_dir)).tasks
    assert task["state"] == "interrupted"
    assert [t.state for t in Tasks(pc.agent_dir).all()] == ["interrupted"]
    sync(pc, 2)  # and never again
    made = [p.name for p in (tmp_path / "archives").iterdir() if "report" in p.name]
    assert len([n for n in made if n.endswith(".report.json")]) <= 1


def test_an_archive_and_a_restore_test_from_the_hub(
    tmp_path: Path, sshd: Sshd, ssh_hub: Config
) -> None:
    source = tmp_path / "кадр"
    source.mkdir()
    (source / "ажилтан.csv").write_text("нэр,албан тушаал\nБолд,нягтлан\n", encoding="utf-8")
    pc, keys = archiving_agent(tmp_path, ssh_hub, sshd, source)
    hub(ssh_hub, "agents", "task", "add", "pc-1", "archive")
    sync(pc, 3)
    hub(
        ssh_hub,
        "agents",
        "task",
        "add",
        "pc-1",
        "restore_test",
        "--identity",
        str(keys.identity_file),
    )
    hub(ssh_hub, "agents", "task", "add", "pc-1", "restore_test", "--identity", "/nowhere/key.txt")
    sync(pc, 4)
    serve(ssh_hub)
    listed = {t["id"]: t for t in json.loads(hub(ssh_hub, "agents", "task", "list", "--json"))}
    assert listed[1]["state"] == "done" and listed[1]["lines"][0].endswith(".tar.zst.age")
    assert listed[2]["state"] == "done"
    assert "restore test passed (1 files)" in listed[2]["lines"][0]
    assert listed[3]["state"] == "failed" and "/nowhere/key.txt" in listed[3]["lines"][0]


def test_samples_sent_again_fill_what_the_hub_lost(
    tmp_path: Path, sshd: Sshd, ssh_hub: Config
) -> None:
    (pc,) = agents(tmp_path, ssh_hub, sshd, "pc-1")
    sync(pc, 3)
    serve(ssh_hub)
    store = Store(Layout(ssh_hub.hub_dir))
    health = {i for i in store.all_sample_ids()}
    assert len(health) >= 3
    for shard in Layout(ssh_hub.hub_dir).history.rglob("raw-*.json"):
        shard.unlink()  # a hub put back from an older copy
    assert not set(Store(Layout(ssh_hub.hub_dir)).all_sample_ids()) & health
    hub(ssh_hub, "agents", "task", "add", "pc-1", "samples", "--hours", "2")
    sync(pc, 3)
    serve(ssh_hub)
    again = set(Store(Layout(ssh_hub.hub_dir)).all_sample_ids())
    kept = {r.id for r in Recent(pc.agent_dir).since(2)}  # health, network: not the facts
    assert len(kept & health) >= 3 and kept <= again
    (task,) = json.loads(hub(ssh_hub, "agents", "task", "list", "--json"))
    assert task["state"] == "done" and task["lines"][0].endswith("samples sent again")
