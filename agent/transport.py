"""How a batch reaches the hub's `ingest`: a local process, or the forced SSH command.

Both speak the same protocol (see `agent.wire`): the batch on standard input, one JSON line
back. The local transport runs `soumnet-hub ingest` as a child process, so the agent never
imports the hub's code. The SSH transport logs in to the hub's OpenSSH server with the
agent's key; the hub's `authorized_keys` forces `soumnet-hub ingest --agent ID`, so the
command the agent asks for is ignored by the server and only the standard input matters.

A payload is `bytes` or a binary file object: a file object is streamed in chunks, so a
large body (an archive) never has to be held in memory.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

import paramiko

from agent.i18n import Problem
from agent.messages import T
from agent.sshkeys import load_key, parse_public_line

Payload = bytes | IO[bytes]
CHUNK = 64 * 1024


class DeliveryError(Problem):
    """The hub did not answer with an acknowledgement; nothing may be forgotten."""

    def __init__(self, reason: str) -> None:
        super().__init__(T, "agent.sync.failed", reason=reason)


class HostKeyRefused(Problem):
    """The hub's host key is not the pinned one: nothing is sent."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(T, key, **values)


class Transport(Protocol):
    def exchange(self, payload: Payload) -> dict[str, Any]:
        """Send one batch, return the hub's reply."""
        ...


def parse_reply(raw: bytes) -> dict[str, Any]:
    line = raw.strip().splitlines()[-1] if raw.strip() else b""
    try:
        reply = json.loads(line)
    except ValueError:
        raise DeliveryError(f"the hub's reply is not JSON: {raw[:120]!r}") from None
    if not isinstance(reply, dict):
        raise DeliveryError("the hub's reply is not a JSON object")
    if not reply.get("ok"):
        raise DeliveryError(str(reply.get("error") or "the hub refused the batch"))
    return reply


@dataclass(frozen=True)
class LocalTransport:
    """The hub on this machine: `python -m inventory.cli ingest --agent ID`."""

    agent: str
    config: Path | None
    timeout: float = 120.0

    def exchange(self, payload: Payload) -> dict[str, Any]:
        if not isinstance(payload, bytes):
            payload = payload.read()
        command = [sys.executable, "-m", "inventory.cli"]
        if self.config is not None:
            command += ["--config", str(self.config)]
        command += ["ingest", "--agent", self.agent]
        try:
            done = subprocess.run(
                command, input=payload, capture_output=True, timeout=self.timeout, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DeliveryError(str(exc)) from None
        if not done.stdout.strip():
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise DeliveryError(message[-1] if message else f"ingest exited {done.returncode}")
        return parse_reply(done.stdout)


@dataclass(frozen=True)
class HubAddress:
    user: str
    host: str
    port: int = 22

    @classmethod
    def parse(cls, text: str) -> HubAddress:
        """`USER@HOST[:PORT]` (an IPv6 host in brackets: `USER@[::1]:2222`)."""
        user, at, rest = text.rpartition("@")
        if not at or not user or not rest:
            raise DeliveryError(f"hub address {text!r} is not USER@HOST[:PORT]")
        host, port = rest, "22"
        if rest.startswith("["):
            host, _, tail = rest[1:].partition("]")
            port = tail[1:] if tail.startswith(":") else "22"
        elif rest.count(":") == 1:
            host, port = rest.split(":")
        if not port.isdigit() or not 0 < int(port) < 65536 or not host:
            raise DeliveryError(f"hub address {text!r} is not USER@HOST[:PORT]")
        return cls(user, host, int(port))

    @property
    def known_hosts_name(self) -> str:
        return self.host if self.port == 22 else f"[{self.host}]:{self.port}"


@dataclass(frozen=True)
class SshTransport:
    """One SSH connection per exchange to the hub's forced `ingest` command."""

    agent: str
    hub: HubAddress
    host_key: str
    key_file: Path
    timeout: float = 20.0
    exchange_timeout: float = 300.0
    keepalive: int = 15

    def exchange(self, payload: Payload) -> dict[str, Any]:
        client = self._connect()
        try:
            return self._run(client, payload)
        except (OSError, EOFError, paramiko.SSHException) as exc:
            raise DeliveryError(_reason(exc)) from None
        finally:
            client.close()

    def _connect(self) -> paramiko.SSHClient:
        if not self.host_key.strip():
            raise HostKeyRefused("agent.hostkey.not_pinned")
        pinned = parse_public_line(self.host_key)
        key = load_key(self.key_file)
        client = paramiko.SSHClient()
        # Only the pinned key is known; RejectPolicy refuses any other host key.
        client.get_host_keys().add(self.hub.known_hosts_name, pinned.get_name(), pinned)
        client.set_missing_host_key_policy(paramiko.RejectPolicy())
        try:
            client.connect(
                self.hub.host,
                port=self.hub.port,
                username=self.hub.user,
                pkey=key,
                timeout=self.timeout,
                banner_timeout=self.timeout,
                auth_timeout=self.timeout,
                channel_timeout=self.timeout,
                allow_agent=False,
                look_for_keys=False,
            )
        except paramiko.BadHostKeyException as exc:
            client.close()
            raise HostKeyRefused(
                "agent.hostkey.changed",
                hub=self.hub.known_hosts_name,
                got=exc.key.fingerprint,
                pinned=pinned.fingerprint,
            ) from None
        except paramiko.AuthenticationException as exc:
            client.close()
            raise DeliveryError(f"the hub refused this agent's key: {exc}") from None
        except paramiko.SSHException as exc:
            client.close()
            if "not found in known_hosts" in str(exc):
                raise HostKeyRefused(
                    "agent.hostkey.unknown",
                    hub=self.hub.known_hosts_name,
                    pinned=pinned.fingerprint,
                ) from None
            raise DeliveryError(_reason(exc)) from None
        except (OSError, EOFError) as exc:
            client.close()
            raise DeliveryError(_reason(exc)) from None
        transport = client.get_transport()
        if transport is not None:
            transport.set_keepalive(self.keepalive)
        return client

    def _run(self, client: paramiko.SSHClient, payload: Payload) -> dict[str, Any]:
        transport = client.get_transport()
        if transport is None:
            raise DeliveryError("the SSH connection closed before the batch was sent")
        channel = transport.open_session(timeout=self.timeout)
        channel.settimeout(self.exchange_timeout)
        # The hub's authorized_keys forces the real command; this one is only a label.
        channel.exec_command(f"soumnet-hub ingest --agent {self.agent}")
        if isinstance(payload, bytes):
            channel.sendall(payload)
        else:
            while chunk := payload.read(CHUNK):
                channel.sendall(chunk)
        channel.shutdown_write()
        # Read every byte of both streams before asking for the exit status (paramiko#1778).
        out = bytearray()
        while chunk := channel.recv(CHUNK):
            out += chunk
        err = bytearray()
        while chunk := channel.recv_stderr(CHUNK):
            err += chunk
        status = channel.recv_exit_status()
        if not bytes(out).strip():
            text = bytes(err).decode("utf-8", "replace").strip().splitlines()
            raise DeliveryError(text[-1] if text else f"the hub's command exited {status}")
        return parse_reply(bytes(out))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return "timed out"
    return str(exc) or type(exc).__name__
