"""The SSH half of `agent.delivery.transport.SshTransport`, run as a child process.

`python -m agent.delivery.sshsession SETTINGS` (SETTINGS: one JSON object with the transport's
fields; the agent starts it as `transport.session_command` says) reads the batch on standard
input, sends it to the hub's forced command and prints one JSON line in UTF-8: `{"reply": …}`
(the hub's acknowledgement), `{"host_key": KEY, "values": …}` (the hub's host key was refused:
nothing was sent) or `{"delivery": REASON}`, or `{"unreachable": KEY, "values": …}` (no SSH
session with the hub came about) or `{"problem": KEY, "values": …}` (another of the agent's
problems, e.g. an unusable key file).
"""

from __future__ import annotations

import errno
import json
import os
import socket
import sys
import types
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn


class _Versions(types.ModuleType):
    """What paramiko asks of `importlib.metadata` while it is imported: its own version, for
    the SSH banner. Importing `importlib.metadata` (email, zipfile, csv, …) cost about 45 ms
    of CPU, a third of this child's start at every sync; the version is read here from the
    same file, the first `NAME-*.dist-info/METADATA` on the module path, and any other
    layout is left to `importlib.metadata` itself."""

    def version(self, name: str) -> str:
        wanted = _normalized(name)
        for folder in sys.path:
            try:
                entries = sorted(os.listdir(folder or "."))
            except OSError:
                continue
            for entry in entries:
                if entry.endswith(".dist-info") and _normalized(entry.split("-")[0]) == wanted:
                    found = _metadata_version(os.path.join(folder, entry, "METADATA"))
                    if found is not None:
                        return found
        del sys.modules["importlib.metadata"]
        import importlib.metadata  # not found above: the standard library's own search

        return importlib.metadata.version(name)


def _normalized(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _metadata_version(path: str) -> str | None:
    """The Version field of a METADATA file's header, None if there is none."""
    try:
        with open(path, encoding="utf-8") as header:
            for line in header:
                if not line.strip():
                    return None
                if line.startswith("Version:"):
                    return line.partition(":")[2].strip()
    except OSError:
        return None
    return None


# paramiko imports `invoke` only to run `Match exec` lines of an ssh_config, which the agent
# never reads; leaving it out nearly halves the cost of starting this child at every sync.
sys.modules.setdefault("invoke", None)  # type: ignore[arg-type]
_VERSIONS = _Versions("importlib.metadata")
sys.modules.setdefault("importlib.metadata", _VERSIONS)

import paramiko  # noqa: E402

if sys.modules.get("importlib.metadata") is _VERSIONS:  # later imports get the real one
    del sys.modules["importlib.metadata"]

from agent.delivery.sshkeys import load_key, parse_public_line  # noqa: E402
from agent.delivery.transport import (  # noqa: E402
    CHUNK,
    DeliveryError,
    HostKeyRefused,
    HubAddress,
    HubUnreachable,
    Payload,
    SshTransport,
    parse_reply,
)
from foundation.i18n import Problem  # noqa: E402


@dataclass(frozen=True)
class Session(SshTransport):
    """The same settings, the exchange itself: one SSH connection to the forced `ingest`."""

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
                hub=str(self.hub),
                got=exc.key.fingerprint,
                pinned=pinned.fingerprint,
            ) from None
        except paramiko.AuthenticationException:
            client.close()
            raise HubUnreachable(
                "agent.hub.key_refused", hub=str(self.hub), agent=self.agent
            ) from None
        except paramiko.SSHException as exc:
            transport = client.get_transport()
            spoke_ssh = transport is not None and bool(transport.remote_version)
            client.close()
            if "not found in known_hosts" in str(exc):
                raise HostKeyRefused(
                    "agent.hostkey.unknown",
                    hub=str(self.hub),
                    pinned=pinned.fingerprint,
                ) from None
            if not spoke_ssh:  # no SSH greeting came back, whichever time limit struck first
                raise HubUnreachable("agent.hub.not_ssh", hub=str(self.hub)) from None
            raise DeliveryError(_reason(exc)) from None
        except (OSError, EOFError) as exc:
            client.close()
            raise self._unreachable(exc) from None
        transport = client.get_transport()
        if transport is not None:
            transport.set_keepalive(self.keepalive)
        return client

    def _unreachable(self, exc: BaseException) -> HubUnreachable:
        """What failed on the way to the hub, for each address tried (paramiko gathers the
        errors of every address of the name into one NoValidConnectionsError)."""
        hub = str(self.hub)
        if isinstance(exc, paramiko.ssh_exception.NoValidConnectionsError) and exc.errors:
            exc = next(iter(exc.errors.values()))
        if isinstance(exc, socket.gaierror):
            return HubUnreachable("agent.hub.unknown_name", hub=hub, host=self.hub.host)
        if isinstance(exc, ConnectionRefusedError):
            return HubUnreachable("agent.hub.refused", hub=hub, port=self.hub.port)
        if isinstance(exc, socket.timeout | TimeoutError):
            return HubUnreachable("agent.hub.timeout", hub=hub, seconds=f"{self.timeout:g}")
        if isinstance(exc, EOFError):
            return HubUnreachable("agent.hub.not_ssh", hub=hub)
        if getattr(exc, "errno", None) in (errno.EHOSTUNREACH, errno.ENETUNREACH):
            return HubUnreachable("agent.hub.no_route", hub=hub)
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return HubUnreachable("agent.hub.unreachable", hub=hub, reason=reason)

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


def main(argv: Sequence[str]) -> int:
    settings = json.loads(argv[0])
    user, host, port = settings.pop("hub")
    session = Session(
        hub=HubAddress(user, host, int(port)),
        key_file=Path(settings.pop("key_file")),
        **settings,
    )
    try:
        said: dict[str, Any] = {"reply": session.exchange(sys.stdin.buffer)}
    except HostKeyRefused as exc:
        said = {"host_key": exc.key, "values": exc.values}
    except HubUnreachable as exc:
        said = {"unreachable": exc.key, "values": exc.values}
    except DeliveryError as exc:
        said = {"delivery": exc.values.get("reason", "")}
    except Problem as exc:  # the agent's key file cannot be used
        said = {"problem": exc.key, "values": exc.values}
    except Exception as exc:  # a key file that cannot be read, a bug: said, not lost
        said = {"delivery": str(exc) or type(exc).__name__}
    # UTF-8 whatever the locale: the parent reads bytes as JSON, and the isolated start
    # (see transport.session_command) ignores PYTHONIOENCODING and PYTHONUTF8.
    line = json.dumps(said, ensure_ascii=False, default=str) + "\n"
    sys.stdout.buffer.write(line.encode("utf-8"))
    sys.stdout.buffer.flush()
    return 0


def run(argv: Sequence[str]) -> NoReturn:
    """`main`, then out at once: the interpreter's own ending (tearing down the 250 modules
    paramiko brought) cost about 25 ms of CPU at every sync, and once the line is written and
    the SSH connection closed nothing is left to do."""
    status = main(argv)
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    run(sys.argv[1:])
