"""Agents deliver through a real OpenSSH sshd to the forced `soumnet-hub ingest`."""

from __future__ import annotations

import hashlib
import stat
import subprocess
import sys
from pathlib import Path

import paramiko
import pytest

from agent.delivery.enroll import key_path
from agent.delivery.outbox import Outbox
from agent.delivery.route import transport_for
from agent.delivery.sync import sync_once
from agent.delivery.transport import DeliveryError, HostKeyRefused, SshTransport
from foundation.digest import sha256_hex
from foundation.i18n import Problem
from foundation.wire import encode_batch
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.agent.helpers import agent_config, cli, enrol
from tests.agent.sshd import Sshd, host_key
from tests.foundation.reports import health
from tui.config import TuiConfig as Config


def stored_ids(hub: Config) -> list[str]:
    assert hub.path is not None
    cli("inventory.cli", hub.path, "serve", "--once")
    return sorted(Store(Layout(hub.hub_dir)).all_sample_ids())


def test_agent_run_reaches_the_store_through_sshd(
    tmp_path: Path, sshd: Sshd, ssh_hub: Config
) -> None:
    agent = agent_config(tmp_path / "pc")
    enrol(agent, ssh_hub, sshd)
    key = key_path(agent)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    line = sshd.authorized_keys.read_text()
    assert line.startswith('restrict,command="') and "ingest --agent pc-1" in line
    assert f"--config {ssh_hub.path}" in line
    assert agent.path is not None
    cli("agent.cli", agent.path, "run", "--once")
    assert Outbox(agent.agent_dir).depth() == 0
    ids = stored_ids(ssh_hub)
    assert len(ids) == 3 and all(i.startswith("pc-1-") for i in ids)  # health, facts, software
    latest = Store(Layout(ssh_hub.hub_dir)).latest()
    assert any({"health", "facts", "software"} <= set(kinds) for kinds in latest.values())


def test_batches_of_many_reports_and_streamed_payload(
    tmp_path: Path, sshd: Sshd, ssh_hub: Config
) -> None:
    agent = agent_config(tmp_path / "pc")
    enrol(agent, ssh_hub, sshd)
    outbox = Outbox(agent.agent_dir)
    outbox.add([health("pc-1", n) for n in range(30)])
    result = sync_once(outbox, transport_for(agent), "pc-1", max_reports=7)
    assert result.accepted == 30 and result.remaining == 0
    # A payload given as a binary file object is streamed.
    body = tmp_path / "batch.jsonl"
    body.write_bytes(encode_batch("pc-1", [health("pc-1", n) for n in range(30, 40)]))
    with body.open("rb") as stream:
        reply = transport_for(agent).exchange(stream)
    assert len(reply["accepted"]) == 10
    assert stored_ids(ssh_hub) == sorted(f"pc-1-{n}" for n in range(40))


def test_changed_host_key_is_refused_and_nothing_sent(
    tmp_path: Path, sshd: Sshd, ssh_hub: Config
) -> None:
    _, other = host_key(tmp_path, "impostor")
    agent = agent_config(tmp_path / "pc")
    enrol(agent, ssh_hub, sshd, host_key=other)
    outbox = Outbox(agent.agent_dir)
    outbox.add([health("pc-1", n) for n in range(3)])
    with pytest.raises(HostKeyRefused) as caught:
        sync_once(outbox, transport_for(agent), "pc-1", max_reports=10)
    assert "nothing was sent" in str(caught.value)
    assert sshd.hub in caught.value.text("en") and "changed" in caught.value.text("en")
    assert sshd.hub in caught.value.text("mn") and "өөрчлөгдсөн" in caught.value.text("mn")
    assert outbox.depth() == 3
    assert list(Layout(ssh_hub.hub_dir).spool.glob("*.jsonl")) == []
    # The same through the command: one line, non-zero.
    assert agent.path is not None
    done = cli("agent.cli", agent.path, "run", "--once", check=False)
    assert "nothing was sent" in done.stderr and sshd.hub in done.stderr
    assert "Traceback" not in done.stderr
    assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr
    assert outbox.depth() >= 3
    assert stored_ids(ssh_hub) == []


def test_unknown_host_key_type_is_refused(tmp_path: Path, sshd: Sshd, ssh_hub: Config) -> None:
    """A pinned key of a type the server does not offer is refused, never learnt."""
    agent = agent_config(tmp_path / "pc")
    enrol(agent, ssh_hub, sshd)
    rsa = paramiko.RSAKey.generate(1024)
    transport = SshTransport(
        "pc-1",
        transport_for(agent).hub,
        f"ssh-rsa {rsa.get_base64()}",
        key_path(agent),  # type: ignore[attr-defined]
    )
    with pytest.raises((HostKeyRefused, DeliveryError)) as caught:
        transport.exchange(encode_batch("pc-1", [health("pc-1", 1)]))
    assert "refused" in str(caught.value) or "host key" in str(caught.value)
    assert stored_ids(ssh_hub) == []


def test_revoked_agent_cannot_deliver(tmp_path: Path, sshd: Sshd, ssh_hub: Config) -> None:
    agent = agent_config(tmp_path / "pc")
    enrol(agent, ssh_hub, sshd)
    assert ssh_hub.path is not None
    cli("inventory.cli", ssh_hub.path, "agents", "revoke", "pc-1")
    assert "pc-1" not in sshd.authorized_keys.read_text()
    listed = cli("inventory.cli", ssh_hub.path, "agents", "list")
    assert "revoked" in listed.stdout
    outbox = Outbox(agent.agent_dir)
    outbox.add([health("pc-1", 1)])
    with pytest.raises(DeliveryError) as caught:
        sync_once(outbox, transport_for(agent), "pc-1", max_reports=10)
    assert "refused this agent's key" in str(caught.value) and sshd.hub in str(caught.value)
    assert "Authentication failed" not in str(caught.value)
    assert "агентын түлхүүрийг татгалзлаа" in caught.value.text("mn")
    assert outbox.depth() == 1
    # `run --once` fails with the reason as its one line (it exited 0 before).
    assert agent.path is not None
    done = cli("agent.cli", agent.path, "run", "--once", check=False)
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1 and "refused this agent's key" in done.stderr
    assert outbox.depth() >= 1


def test_a_lost_key_file_is_one_clear_problem_and_nothing_is_lost(
    tmp_path: Path, sshd: Sshd, ssh_hub: Config
) -> None:
    agent = agent_config(tmp_path / "pc")
    enrol(agent, ssh_hub, sshd)
    key_path(agent).unlink()
    outbox = Outbox(agent.agent_dir)
    outbox.add([health("pc-1", 1)])
    with pytest.raises(Problem) as caught:
        sync_once(outbox, transport_for(agent), "pc-1", max_reports=10)
    assert caught.value.key == "agent.key.missing"
    assert str(key_path(agent)) in str(caught.value)
    assert "enroll" in caught.value.text("mn")
    assert outbox.depth() == 1
    assert stored_ids(ssh_hub) == []


def test_the_always_on_agent_does_not_load_the_ssh_stack_or_openssl() -> None:
    """paramiko and cryptography (about 25 MB) live only in the short sync child; OpenSSL's
    libcrypto (about 4 MB) is not loaded to hash a few ids."""
    code = (
        "import sys, agent.service.loop, agent.cli\n"
        "print(sorted({'paramiko', 'cryptography', '_hashlib', 'ssl'} & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_the_agents_own_sha256_gives_hashlibs_digests() -> None:
    for text in ("", "soumnet:7c1f", "health\0host:ab\02026-11-23T10:00:00Z", "Сүмбэр"):
        assert sha256_hex(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()
