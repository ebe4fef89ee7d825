"""The agent's key can do nothing but feed `ingest`: each attempt against the real sshd."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import paramiko
import pytest

from tests.agent.helpers import agent_config, enrol, login
from tests.agent.sshd import Sshd
from tui.config import TuiConfig as Config


@pytest.fixture
def client(tmp_path: Path, sshd: Sshd, ssh_hub: Config) -> Iterator[paramiko.SSHClient]:
    """An SSH client logged in with an approved agent's key."""
    agent = agent_config(tmp_path / "pc")
    enrol(agent, ssh_hub, sshd)
    ssh = login(agent, sshd)
    yield ssh
    ssh.close()


def read_all(channel: paramiko.Channel) -> bytes:
    channel.settimeout(60)
    data = b""
    while chunk := channel.recv(65536):
        data += chunk
    return data


def test_another_command_runs_ingest_instead(client: paramiko.SSHClient, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    _, out, _ = client.exec_command(f"touch {marker}; echo pwned-$((6*7))")
    text = out.read()
    assert b"pwned-42" not in text
    reply = json.loads(text)
    assert reply["ok"] is False and "header" in reply["error"]
    assert not marker.exists()


def test_no_shell_and_no_terminal(client: paramiko.SSHClient, tmp_path: Path) -> None:
    transport = client.get_transport()
    assert transport is not None
    with pytest.raises(paramiko.SSHException):
        transport.open_session().get_pty()
    channel = transport.open_session()
    channel.invoke_shell()
    marker = tmp_path / "pwned"
    channel.sendall(f"touch {marker}; echo pwned-$((6*7))\n".encode())
    channel.shutdown_write()
    text = read_all(channel)
    assert b"pwned-42" not in text
    assert json.loads(text)["ok"] is False
    assert not marker.exists()


def test_no_sftp(client: paramiko.SSHClient) -> None:
    """The sftp subsystem is replaced by the forced command: an SFTP hello gets ingest's no."""
    transport = client.get_transport()
    assert transport is not None
    channel = transport.open_session()
    channel.invoke_subsystem("sftp")
    channel.sendall(b"\x00\x00\x00\x05\x01\x00\x00\x00\x03")  # SSH_FXP_INIT, version 3
    channel.shutdown_write()
    reply = json.loads(read_all(channel))
    assert reply["ok"] is False and "header" in reply["error"]


def test_no_port_forwarding(client: paramiko.SSHClient, sshd: Sshd) -> None:
    transport = client.get_transport()
    assert transport is not None
    with pytest.raises(paramiko.ChannelException):
        transport.open_channel("direct-tcpip", ("127.0.0.1", sshd.port), ("127.0.0.1", 40000))
    with pytest.raises(paramiko.SSHException):
        transport.request_port_forward("127.0.0.1", 0)
