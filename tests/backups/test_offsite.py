"""Must show 6: the offsite copy reaches the hub through a real sshd, append-only."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import paramiko
import pyrage
import pytest

from agent.delivery.enroll import key_path
from agent.delivery.offsite import companions, send_offsite
from agent.delivery.route import transport_for
from agent.delivery.transport import DeliveryError
from agent.jobs.backup import send_copy
from backups.create import create_signed
from inventory.intake.archives import archive_root
from tests.agent.conftest import ssh_hub, sshd  # noqa: F401 - fixtures
from tests.agent.helpers import agent_config, enrol
from tests.agent.sshd import Sshd
from tui.config import TuiConfig as Config


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_offsite_copy_is_stored_checked_and_never_replaced(
    tmp_path: Path,
    sshd: Sshd,  # noqa: F811
    ssh_hub: Config,  # noqa: F811
) -> None:
    agent = agent_config(tmp_path / "pc")
    enrol(agent, ssh_hub, sshd)
    source = tmp_path / "кадр"
    source.mkdir()
    (source / "ажилтан.csv").write_bytes(b"x" * 300_000)
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    made = create_signed(
        sources=[source],
        label="staff",
        out_dir=tmp_path / "out",
        recipients=[recipient],
        signing_key=key_path(agent),
    )
    transport = transport_for(agent)
    sent = send_copy(agent, made.archive)  # what the agent's yearly job does
    receipt = sent["offsite_receipt"]
    assert isinstance(receipt, dict)
    kept = json.loads(
        made.archive.with_name(
            made.archive.name.replace(".tar.zst.age", ".receipt.json")
        ).read_text()
    )
    assert kept == receipt
    assert receipt["agent"] == agent.agent_id
    assert receipt["hub_key_fingerprint"].startswith("SHA256:")
    stored = archive_root(ssh_hub) / agent.agent_id
    for path in companions(made.archive):
        assert digest(stored / path.name) == digest(path)
    before = {p.name: digest(p) for p in stored.iterdir()}

    # the same files again, and a different archive under the same name: both refused
    with pytest.raises(DeliveryError, match="already stored"):
        send_offsite(made.archive, agent.agent_id, transport)
    made.archive.write_bytes(b"replaced" + made.archive.read_bytes())
    with pytest.raises(DeliveryError, match="already stored"):
        send_offsite(made.archive, agent.agent_id, transport)
    assert {p.name: digest(p) for p in stored.iterdir()} == before


def test_agent_key_cannot_run_a_delete(
    tmp_path: Path,
    sshd: Sshd,  # noqa: F811
    ssh_hub: Config,  # noqa: F811
) -> None:
    """The forced command ignores what the agent asks to run: `rm` deletes nothing."""
    agent = agent_config(tmp_path / "pc")
    enrol(agent, ssh_hub, sshd)
    stored = archive_root(ssh_hub) / agent.agent_id
    stored.mkdir(parents=True)
    (stored / "staff-1.tar.zst.age").write_bytes(b"archive")
    client = paramiko.SSHClient()
    host_key = paramiko.Ed25519Key(data=base64.b64decode(sshd.host_key_line.split()[1]))
    client.get_host_keys().add(f"[127.0.0.1]:{sshd.port}", "ssh-ed25519", host_key)
    client.connect(
        "127.0.0.1",
        port=sshd.port,
        username=sshd.user,
        pkey=paramiko.Ed25519Key.from_private_key_file(str(key_path(agent))),
        allow_agent=False,
        look_for_keys=False,
        timeout=10,
    )
    try:
        _in, out, _err = client.exec_command(f"rm -rf {stored}")
        out.channel.shutdown_write()
        out.read()
        out.channel.recv_exit_status()
    finally:
        client.close()
    assert (stored / "staff-1.tar.zst.age").read_bytes() == b"archive"
