"""A stolen agent key cannot pile up processes on the hub: every stage of `ingest` is bounded.

Each attempt runs against the real sshd with the agent's key forced to `ingest`; the hub's
`ingest` processes are counted among the sshd's descendants before, during and after.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import paramiko
import pytest

from tests.agent.conftest import hub_for_sshd
from tests.agent.helpers import agent_config, enrol, login
from tests.agent.sshd import Sshd
from tui.config import TuiConfig as Config

HEADER_SECONDS = 2
BATCH_SECONDS = 4


@pytest.fixture
def bounded_hub(tmp_path: Path, sshd: Sshd) -> Config:
    """A hub with short ingest time limits, so that the test waits seconds, not minutes."""
    limits = f"header_timeout_seconds = {HEADER_SECONDS}\nbatch_timeout_seconds = {BATCH_SECONDS}\n"
    return hub_for_sshd(tmp_path / "site", sshd, limits)


@pytest.fixture
def client(tmp_path: Path, sshd: Sshd, bounded_hub: Config) -> Iterator[paramiko.SSHClient]:
    agent = agent_config(tmp_path / "pc")
    enrol(agent, bounded_hub, sshd)
    ssh = login(agent, sshd)
    yield ssh
    ssh.close()


def descendants(pid: int) -> list[tuple[int, str]]:
    """Every process below `pid`, with its command line, read from /proc."""
    children: dict[int, list[int]] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
        commands[int(entry.name)] = command
    found: list[tuple[int, str]] = []
    todo = list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found.append((child, commands.get(child, "")))
        todo.extend(children.get(child, []))
    return found


def ingests(sshd: Sshd) -> list[tuple[int, str]]:
    return [p for p in descendants(sshd.process.pid) if " ingest " in f"{p[1]} "]


def wait_for(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


LIMIT = BATCH_SECONDS + 30


def ended_with_error(channel: paramiko.Channel, started: float) -> str:
    """Wait (bounded) for ingest to give up; the error of its one-line answer."""
    assert wait_for(channel.exit_status_ready, LIMIT), "ingest still running"
    assert time.monotonic() - started < LIMIT
    assert channel.recv_exit_status() != 0
    if channel.get_name() == "sftp":  # the SFTP client read the answer as a packet
        return "sftp"
    channel.settimeout(10)
    data = b""
    while chunk := channel.recv(65536):
        data += chunk
    reply = json.loads(data.splitlines()[-1])
    assert reply["ok"] is False and reply["error"], reply
    return str(reply["error"])


def attempt_sftp(transport: paramiko.Transport) -> paramiko.Channel:
    """paramiko's SFTP client: it sends its hello and waits for an answer."""
    channel = transport.open_session()
    channel.set_name("sftp")
    channel.settimeout(LIMIT)
    channel.invoke_subsystem("sftp")
    with pytest.raises((paramiko.SSHException, paramiko.SFTPError, EOFError, OSError)):
        paramiko.SFTPClient(channel)
    return channel


def attempt_shell(transport: paramiko.Transport) -> paramiko.Channel:
    channel = transport.open_session()
    channel.invoke_shell()
    channel.sendall(b"cat /etc/passwd; sleep 3600")  # no newline, no end of input
    return channel


def attempt_command(transport: paramiko.Transport) -> paramiko.Channel:
    channel = transport.open_session()
    channel.exec_command("sleep 3600")  # sends nothing and never closes its input
    return channel


def attempt_endless_header(transport: paramiko.Transport) -> paramiko.Channel:
    channel = transport.open_session()
    channel.exec_command("ingest")
    channel.settimeout(2)
    deadline = time.monotonic() + 20
    try:
        while not channel.exit_status_ready() and time.monotonic() < deadline:
            channel.sendall(b'{"soumnet": 1, "agent": "' + b"x" * 65536)
    except (OSError, paramiko.SSHException):
        pass
    return channel


def attempt_slow_header(transport: paramiko.Transport) -> paramiko.Channel:
    """A header line trickled a byte at a time, never finished: bounded in seconds too."""
    channel = transport.open_session()
    channel.exec_command("ingest")
    for byte in b'{"soumnet": 1, "op": "reports", "count"':
        if channel.exit_status_ready():
            break
        channel.sendall(bytes([byte]))
        time.sleep(0.1)
    return channel


def attempt_silence(transport: paramiko.Transport) -> paramiko.Channel:
    channel = transport.open_session()
    channel.exec_command("")
    return channel


def attempt_slow_batch(transport: paramiko.Transport) -> paramiko.Channel:
    """A good header, then reports that never come: the whole batch is bounded."""
    channel = transport.open_session()
    channel.exec_command("ingest")
    channel.sendall(b'{"soumnet": 1, "op": "reports", "agent": "pc-1", "count": 3}\n')
    for _ in range(HEADER_SECONDS * 4):
        if channel.exit_status_ready():
            break
        channel.sendall(b" ")
        time.sleep(0.5)
    return channel


ATTEMPTS = {
    "sftp": attempt_sftp,
    "shell": attempt_shell,
    "another command": attempt_command,
    "endless header": attempt_endless_header,
    "slow header": attempt_slow_header,
    "silence": attempt_silence,
    "slow batch": attempt_slow_batch,
}


@pytest.mark.parametrize("name", list(ATTEMPTS))
def test_each_attempt_ends_with_an_error_and_leaves_no_process(
    name: str, client: paramiko.SSHClient, sshd: Sshd, bounded_hub: Config
) -> None:
    assert ingests(sshd) == []
    transport = client.get_transport()
    assert transport is not None
    started = time.monotonic()
    channel = ATTEMPTS[name](transport)
    reply = ended_with_error(channel, started)
    # The client still holds its connection open: no ingest of it is left on the hub.
    assert wait_for(lambda: ingests(sshd) == [], 10), (reply, ingests(sshd))
    assert transport.is_active()
    channel.close()
    client.close()
    assert wait_for(lambda: descendants(sshd.process.pid) == [], 10), descendants(sshd.process.pid)
    assert list((bounded_hub.hub_dir / "spool").glob("*.jsonl")) == []
