"""Enrolment on the agent's side: create the key, pin the hub, write the request file.

An unapproved key cannot log in (the hub's `authorized_keys` does not hold it yet), so the
request travels out of band: `soumnet-agent enroll` writes a small JSON request file (agent
id, public key, host name); the IT officer imports it on the hub with
`soumnet-hub agents request FILE` and approves it. The hub address and its pinned host key
are kept in `enrolment.json` in the agent's data folder, beside the key.
"""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass
from pathlib import Path

from agent.config import AgentConfig
from agent.delivery.transport import HubAddress
from agent.messages import T
from foundation import atomicio
from foundation.i18n import Problem
from foundation.wire import dumps, format_ts, utcnow

ENROLMENT_FILE = "enrolment.json"
KEY_FILE = "agent_ed25519"


@dataclass(frozen=True)
class Enrolment:
    hub: str
    host_key: str


def key_path(config: AgentConfig) -> Path:
    return config.agent.key_file or config.agent_dir / KEY_FILE


def enrol(config: AgentConfig, hub: str, host_key: str, out: Path | None = None) -> Path:
    """Create the key (0600), pin the hub's host key, write the request; returns its path."""
    # Imported here: paramiko and cryptography (+23 MiB RSS, +65 ms) stay out of the always-on
    # agent service, which imports this module for `key_path` (see agent.delivery.transport).
    from agent.delivery.sshkeys import create_key, fingerprint, parse_public_line, public_line

    HubAddress.parse(hub)
    parse_public_line(host_key)
    key = create_key(key_path(config))
    agent = config.agent_id
    folder = config.agent_dir
    folder.mkdir(parents=True, exist_ok=True)
    pinned = {"hub": hub, "host_key": host_key.strip()}
    atomicio.write_text(folder / ENROLMENT_FILE, dumps(pinned) + "\n", mode=0o600)
    request = {
        "soumnet_enrolment": 1,
        "agent": agent,
        "hostname": socket.gethostname(),
        "public_key": public_line(key),
        "fingerprint": fingerprint(key),
        "requested": format_ts(utcnow()),
    }
    target = out or folder / f"enrol-{agent}.json"
    atomicio.write_text(target, json.dumps(request, ensure_ascii=False, indent=2) + "\n")
    return target


def pinned_hub(config: AgentConfig) -> Enrolment | None:
    """The hub and host key: the configuration's, else what `enroll` recorded."""
    stored: dict[str, str] = {}
    path = config.agent_dir / ENROLMENT_FILE
    if path.exists():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise Problem(T, "store.damaged_file", file=path, reason=exc) from None
        if isinstance(loaded, dict):
            stored = {k: str(v) for k, v in loaded.items()}
    hub = config.agent.hub if config.agent.hub != "local" else stored.get("hub", "local")
    host_key = config.agent.hub_host_key or stored.get("host_key", "")
    if hub == "local":
        return None
    return Enrolment(hub, host_key)
