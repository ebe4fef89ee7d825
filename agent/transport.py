"""How a batch reaches the hub's `ingest`: a local process, or (later) a forced SSH command.

Both speak the same protocol (see `agent.wire`): the batch on standard input, one JSON line
back. The local transport runs `soumnet-hub ingest` as a child process, so the agent never
imports the hub's code.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from agent.i18n import Problem
from agent.messages import T


class DeliveryError(Problem):
    """The hub did not answer with an acknowledgement; nothing may be forgotten."""

    def __init__(self, reason: str) -> None:
        super().__init__(T, "agent.sync.failed", reason=reason)


class Transport(Protocol):
    def exchange(self, payload: bytes) -> dict[str, Any]:
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

    def exchange(self, payload: bytes) -> dict[str, Any]:
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
