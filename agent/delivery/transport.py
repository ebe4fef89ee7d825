"""How a batch reaches the hub's `ingest`: a local process, or the forced SSH command.

Both speak the same protocol (see `foundation.wire`): the batch on standard input, one JSON line
back. The local transport runs `soumnet-hub ingest` as a child process, so the agent never
imports the hub's code. The SSH transport logs in to the hub's OpenSSH server with the
agent's key; the hub's `authorized_keys` forces `soumnet-hub ingest --agent ID`, so the
command the agent asks for is ignored by the server and only the standard input matters.

A payload is `bytes` or a binary file object: a file object is streamed in chunks, so a
large body (an archive) never has to be held in memory.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from agent.messages import T
from foundation.i18n import Problem

Payload = bytes | IO[bytes]
CHUNK = 64 * 1024


class DeliveryError(Problem):
    """The hub did not answer with an acknowledgement; nothing may be forgotten."""

    def __init__(self, reason: str) -> None:
        super().__init__(T, "agent.sync.failed", reason=reason)


class HubUnreachable(DeliveryError):
    """No SSH session with the hub came about (nothing listens, an unknown name, no answer,
    not an SSH server, this agent's key refused): said with the hub's address, not in the
    network library's words."""

    def __init__(self, key: str, /, **values: object) -> None:
        Problem.__init__(self, T, key, **values)


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
    """The hub on this machine: `python -m inventory.cli ingest --agent ID`.

    The payload is streamed (an archive copied to the hub's own archive folder is never
    held in memory); `timeout` counts from the end of the payload to the hub's answer."""

    agent: str
    config: Path | None
    timeout: float = 120.0

    def exchange(self, payload: Payload) -> dict[str, Any]:
        command = [sys.executable, "-m", "inventory.cli"]
        if self.config is not None:
            command += ["--config", str(self.config)]
        command += ["ingest", "--agent", self.agent]
        status, said, complaint = _run_child(command, payload, self.timeout)
        if not said.strip():
            message = complaint.decode("utf-8", "replace").strip().splitlines()
            raise DeliveryError(message[-1] if message else f"ingest exited {status}")
        return parse_reply(said)


DRAIN_AFTER_EXIT_SECONDS = 5.0
"""How long the output of a child that has ended is still read: more only when a process it
started holds its pipes open, and then what came until then is what it said."""


class _Drain(threading.Thread):
    """Reads one output pipe of a child to its end while the payload is still being fed, so
    that a child writing much (a long traceback) never waits on a full pipe while the agent
    waits on its standard input. Pipes, not temporary files: the `tempfile` module (with
    shutil, bz2, lzma and zlib and their libraries, about 0.7 MiB) stays out of the service."""

    def __init__(self, pipe: IO[bytes] | None) -> None:
        super().__init__(daemon=True)
        self._pipe = pipe
        self._chunks: list[bytes] = []
        self.start()

    def run(self) -> None:
        """Read to the end, then close the pipe (here: no other thread closes it under us)."""
        if self._pipe is None:
            return
        try:
            while chunk := os.read(self._pipe.fileno(), CHUNK):
                self._chunks.append(chunk)
        except OSError:
            pass
        finally:
            self._pipe.close()

    def said(self, wait: float) -> bytes:
        self.join(wait)
        return b"".join(self._chunks)


def _run_child(command: list[str], payload: Payload, timeout: float) -> tuple[int, bytes, bytes]:
    """Run `command` with `payload` streamed to its standard input; its exit status and what
    it wrote on standard output and standard error."""
    try:
        child = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as exc:
        raise DeliveryError(_reason(exc)) from None
    out, err = _Drain(child.stdout), _Drain(child.stderr)
    try:
        _feed(child, payload)
        status = child.wait(timeout)
    except subprocess.TimeoutExpired:
        raise DeliveryError("timed out") from None
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return status, out.said(DRAIN_AFTER_EXIT_SECONDS), err.said(DRAIN_AFTER_EXIT_SECONDS)


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
            raise Problem(T, "agent.hub.bad_address", hub=text)
        host, port = rest, "22"
        if rest.startswith("["):
            host, _, tail = rest[1:].partition("]")
            port = tail[1:] if tail.startswith(":") else "22"
        elif rest.count(":") == 1:
            host, port = rest.split(":")
        if not port.isdigit() or not 0 < int(port) < 65536 or not host:
            raise Problem(T, "agent.hub.bad_address", hub=text)
        return cls(user, host, int(port))

    def __str__(self) -> str:
        """`USER@HOST[:PORT]` as the configuration writes it (the port when not 22)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.user}@{host}" + (f":{self.port}" if self.port != 22 else "")

    @property
    def known_hosts_name(self) -> str:
        return self.host if self.port == 22 else f"[{self.host}]:{self.port}"


@dataclass(frozen=True)
class SshTransport:
    """One SSH connection per exchange to the hub's forced `ingest` command.

    The SSH session runs in a short-lived child process (`agent.delivery.sshsession`, see
    `session_command`): the SSH stack (paramiko and cryptography, about 25 MB) is loaded only
    while a batch is on its way, so the always-on agent stays small. The child reads the batch
    on standard input and prints one JSON line: the hub's reply, or the problem that stopped it.
    """

    agent: str
    hub: HubAddress
    host_key: str
    key_file: Path
    timeout: float = 20.0
    exchange_timeout: float = 300.0
    keepalive: int = 15

    def exchange(self, payload: Payload) -> dict[str, Any]:
        settings = json.dumps(
            {
                "agent": self.agent,
                "hub": [self.hub.user, self.hub.host, self.hub.port],
                "host_key": self.host_key,
                "key_file": str(self.key_file),
                "timeout": self.timeout,
                "exchange_timeout": self.exchange_timeout,
                "keepalive": self.keepalive,
            }
        )
        command = session_command(settings)
        status, said, complaint = _run_child(
            command, payload, self.timeout * 4 + self.exchange_timeout
        )
        return _outcome(said, complaint, status)


SESSION_MAIN = (
    "import os, sys; sys.path[:0] = sys.argv[1].split(os.pathsep); "
    "from agent.delivery.sshsession import run; run(sys.argv[2:])"
)
"""The child's first line: the path it is given, then `agent.delivery.sshsession`."""


def session_command(settings: str) -> list[str]:
    """The SSH child's command line: this interpreter, isolated (`-I`) and without the `site`
    module (`-S`), given this process's module path (the project's folder first). At every
    sync `site` cost about as much CPU as starting the interpreter itself (it reads the .pth
    files of site-packages and runs what they say); the modules the child finds are the same,
    since the path it is given is the one `site` made here."""
    project = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.pathsep.join([project, *(p for p in sys.path if p and p != project)])
    return [sys.executable, "-I", "-S", "-c", SESSION_MAIN, path, settings]


def _feed(child: subprocess.Popen[bytes], payload: Payload) -> None:
    """Stream the batch to the child; a child that stopped early has said why on stdout."""
    assert child.stdin is not None
    try:
        if isinstance(payload, bytes):
            child.stdin.write(payload)
        else:
            while chunk := payload.read(CHUNK):
                child.stdin.write(chunk)
        child.stdin.close()
    except BrokenPipeError:
        pass


def _outcome(out: bytes, err: bytes, status: int) -> dict[str, Any]:
    """The child's one line back as the hub's reply, or as the problem it raised here."""
    try:
        said = json.loads(out.strip().splitlines()[-1]) if out.strip() else None
    except ValueError:
        said = None
    if not isinstance(said, dict):
        text = err.decode("utf-8", "replace").strip().splitlines()
        raise DeliveryError(text[-1] if text else f"the SSH session exited {status}")
    if "reply" in said:
        return parse_reply(json.dumps(said["reply"]).encode())
    if "host_key" in said:
        raise HostKeyRefused(str(said["host_key"]), **dict(said.get("values") or {}))
    if "unreachable" in said:
        raise HubUnreachable(str(said["unreachable"]), **dict(said.get("values") or {}))
    if "problem" in said:
        raise Problem(T, str(said["problem"]), **dict(said.get("values") or {}))
    raise DeliveryError(str(said.get("delivery") or f"the SSH session exited {status}"))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return "timed out"
    return str(exc) or type(exc).__name__
