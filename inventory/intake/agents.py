"""Enrolled agents on the hub: requests, approval into `authorized_keys`, revocation.

The registry is `<data>/agents/agents.json` (one JSON object per agent id, replaced
atomically). Every change is made under the data folder's write lock; a person's decision
(approve, reject, revoke) also goes into the audit trail with who made it.
Approval appends one line to the hub account's `authorized_keys`:

    restrict,command="soumnet-hub [--config PATH] ingest --agent ID" \
        ssh-ed25519 AAAA… soumnet-agent:ID      (one line)

`restrict` turns off PTYs, port, agent and X11 forwarding; the forced command replaces
whatever the client asks for (a shell, another command, the SFTP subsystem). The comment
`soumnet-agent:ID` marks the line so revocation removes exactly that agent's lines.
"""

from __future__ import annotations

import contextlib
import json
import re
import shlex
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent.delivery.enroll import key_path
from foundation import atomicio
from foundation.config import default_path
from foundation.i18n import Problem
from foundation.kinds import backup
from foundation.kinds.fields import data_of
from foundation.messages import os_reason
from foundation.wire import format_ts, loads, utcnow
from inventory.agents_messages import T
from inventory.config import HubConfig
from inventory.store import audit
from inventory.store.layout import Layout
from inventory.store.store import Store

AGENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MARK = "soumnet-agent:"
REQUEST_MAX = 16 * 1024


class AgentsProblem(Problem):
    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(T, key, **values)


@dataclass(frozen=True)
class Registry:
    """The hub's list of agents and the `authorized_keys` file approval writes."""

    config: HubConfig

    @property
    def path(self) -> Path:
        return Layout(self.config.hub_dir).agents_file

    @property
    def authorized_keys(self) -> Path:
        return self.config.enrolment.authorized_keys or Path.home() / ".ssh" / "authorized_keys"

    @property
    def layout(self) -> Layout:
        return Layout(self.config.hub_dir)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.config.hub_dir.mkdir(parents=True, exist_ok=True)
        with self.layout.write_lock():
            yield

    def load(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise AgentsProblem("agents.bad_request", file=self.path, reason=exc) from None
        return data if isinstance(data, dict) else {}

    def _save(self, agents: dict[str, dict[str, Any]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomicio.write_text(self.path, json.dumps(agents, indent=1, sort_keys=True) + "\n")

    def request(self, file: Path, raw: bytes | None = None) -> dict[str, Any]:
        """File an agent's enrolment request (the JSON `soumnet-agent enroll` wrote; `raw`:
        its content, when another process read the file)."""
        # Imported here: paramiko (+20 MiB RSS, +65 ms) stays out of every hub command and of
        # `serve`, which read this module's registry; only filing a request parses the key.
        from agent.delivery.sshkeys import KeyProblem, parse_public_line

        try:
            raw = (file.read_bytes() if raw is None else raw)[: REQUEST_MAX + 1]
            if len(raw) > REQUEST_MAX:
                raise ValueError("file too large")
            obj = loads(raw)  # a request nested past the parser's depth is refused too
            if not isinstance(obj, dict) or obj.get("soumnet_enrolment") != 1:
                raise ValueError("not a soumnet enrolment request")
            agent = str(obj.get("agent", ""))
            if not AGENT_ID.match(agent):
                raise ValueError(f"agent id {agent[:40]!r} is not letters, digits, . _ -")
            key = parse_public_line(str(obj.get("public_key", "")))
            if key.get_name() != "ssh-ed25519":
                raise ValueError("the agent key must be Ed25519")
        except (OSError, ValueError, KeyProblem) as exc:
            reason = os_reason(exc) if isinstance(exc, OSError) else exc
            raise AgentsProblem("agents.bad_request", file=file, reason=reason) from None
        with self._locked():
            agents = self.load()
            entry = agents.get(agent)
            if entry and entry.get("state") == "approved":
                raise AgentsProblem(
                    "agents.wrong_state", agent=agent, state="approved", action="re-request"
                )
            entry = {
                "agent": agent,
                "state": "pending",
                "hostname": str(obj.get("hostname", ""))[:200],
                "public_key": f"{key.get_name()} {key.get_base64()}",
                "fingerprint": key.fingerprint,
                "requested": format_ts(utcnow()),
            }
            agents[agent] = entry
            self._save(agents)
        return entry

    def _entry(self, agents: dict[str, dict[str, Any]], agent: str) -> dict[str, Any]:
        entry = agents.get(agent)
        if entry is None:
            raise AgentsProblem("agents.unknown", agent=agent)
        return entry

    def forced_command(self, agent: str) -> str:
        words = [self.config.enrolment.hub_command]
        path = self.config.path
        if path is not None and path.exists() and path.resolve() != default_path({}).resolve():
            text = str(path.resolve())
            if '"' in text or "\\" in text:
                raise AgentsProblem("agents.bad_config_path", file=text)
            words += ["--config", shlex.quote(text)]
        words += ["ingest", "--agent", agent]
        return " ".join(words)

    def authorized_line(self, agent: str, public_key: str) -> str:
        return f'restrict,command="{self.forced_command(agent)}" {public_key} {MARK}{agent}'

    def approve(self, agent: str, who: str) -> None:
        """Let the agent deliver: its key goes into `authorized_keys`, forced to `ingest`."""
        with self._locked():
            agents = self.load()
            entry = self._entry(agents, agent)
            if entry["state"] not in ("pending", "revoked"):
                raise AgentsProblem(
                    "agents.wrong_state", agent=agent, state=entry["state"], action="approve"
                )
            lines = [ln for ln in self._keys_lines() if not _marks(ln, agent)]
            lines.append(self.authorized_line(agent, entry["public_key"]))
            # the key that must have signed this agent's archives (backup.signing_key
            # defaults to the agent's own key): reports are checked against it
            entry["signing_key"] = entry["public_key"]
            self._decide(agents, agent, "approved", who, keys=lines)

    def reject(self, agent: str, who: str) -> None:
        with self._locked():
            agents = self.load()
            entry = self._entry(agents, agent)
            if entry["state"] != "pending":
                raise AgentsProblem(
                    "agents.wrong_state", agent=agent, state=entry["state"], action="reject"
                )
            self._decide(agents, agent, "rejected", who)

    def revoke(self, agent: str, who: str) -> None:
        """Remove the agent's key lines: its next delivery is refused by sshd."""
        with self._locked():
            agents = self.load()
            self._entry(agents, agent)
            keys = [ln for ln in self._keys_lines() if not _marks(ln, agent)]
            self._decide(agents, agent, "revoked", who, keys=keys)

    def _decide(
        self,
        agents: dict[str, dict[str, Any]],
        agent: str,
        state: str,
        who: str,
        keys: list[str] | None = None,
    ) -> None:
        """Store a decision (and the new `authorized_keys` lines) with its audit entry, both or
        neither (the caller holds the lock)."""
        entry = agents[agent]
        before = dict(entry)
        entry.update(state=state, decided=format_ts(utcnow()), decided_by=who)
        action = {"approved": "approve", "rejected": "reject", "revoked": "revoke"}[state]
        change = audit.Change(who, f"agent.{action}", f"agent:{agent}", before, dict(entry))
        with audit.recorded(self.layout, change):
            if keys is not None:
                self._write_keys(keys)
            self._save(agents)

    def _keys_lines(self) -> list[str]:
        try:
            return self.authorized_keys.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []

    def _write_keys(self, lines: list[str]) -> None:
        """Replace the file atomically, keeping its mode, owner and group (as far as this
        account may), so that the other IT accounts sharing it can still approve and revoke."""
        path = self.authorized_keys
        if not path.parent.exists():
            path.parent.mkdir(parents=True, mode=0o700)
        text = "".join(f"{ln}\n" for ln in lines)
        try:
            was = path.stat()
        except FileNotFoundError:
            atomicio.write_text(path, text, mode=0o600)
            return
        atomicio.write_text(path, text, stat.S_IMODE(was.st_mode), (was.st_uid, was.st_gid))


def signing_keys(registry: Registry) -> dict[str, str]:
    """Each agent ever approved -> the public key recorded for its archives' signatures; and
    on a hub that archives its own data (`agent.hub = "local"`, never enrolled) its own
    agent -> the public half beside its signing key, made with the key on first use."""
    found = {
        agent: str(entry.get("signing_key") or entry["public_key"])
        for agent, entry in registry.load().items()
        if entry.get("state") in ("approved", "revoked") and entry.get("public_key")
    }
    config = registry.config
    if config.agent.hub == "local" and config.agent_id not in found:
        key = config.backup.signing_key or key_path(config)
        with contextlib.suppress(OSError, UnicodeDecodeError):
            line = key.with_name(key.name + ".pub").read_text(encoding="ascii").strip()
            if line:
                found[config.agent_id] = line
    return found


def trusted_fingerprints(registry: Registry, agent: str) -> set[str]:
    """The fingerprints that may sign `agent`'s archives (empty: none recorded)."""
    # Imported here, as below: cryptography (+9 MiB RSS, +15 ms) stays out of the hub commands
    # and `serve` that never check an archive's signature.
    from backups.sshsig import SignatureError, fingerprint, parse_public_line

    line = signing_keys(registry).get(agent)
    try:
        return {fingerprint(parse_public_line(line))} if line else set()
    except SignatureError:
        return set()


def allowed_signers(registry: Registry) -> str:
    """`ssh-keygen -Y verify`'s allowed-signers file of every recorded signing key."""
    from backups.sshsig import NAMESPACE  # cryptography: see trusted_fingerprints

    return "".join(
        f'{MARK}{agent} namespaces="{NAMESPACE}" {line}\n'
        for agent, line in sorted(signing_keys(registry).items())
    )


def _marks(line: str, agent: str) -> bool:
    return line.rstrip().endswith(f" {MARK}{agent}")


def listing(registry: Registry) -> list[dict[str, Any]]:
    return [registry.load()[k] for k in sorted(registry.load())]


@dataclass(frozen=True)
class Activity:
    """What the store knows of an agent from its reports: agents do not report their outbox
    depth, so the newest report's time and the newest backup's error are what there is."""

    last_seen: str | None
    devices: int
    last_error: str | None


def activity(layout: Layout) -> dict[str, Activity]:
    seen: dict[str, str] = {}
    devices: dict[str, set[str]] = {}
    errors: dict[str, tuple[str, str | None]] = {}
    for device, kinds in Store(layout).latest().items():
        for kind, sample in kinds.items():
            agent, ts = str(sample.get("agent", "")), str(sample.get("ts", ""))
            if not agent:
                continue
            devices.setdefault(agent, set()).add(device)
            if ts > seen.get(agent, ""):
                seen[agent] = ts
            if kind == "backup" and ts > errors.get(agent, ("", None))[0]:
                run = backup.parse(data_of(sample))
                errors[agent] = (ts, run.error or run.offsite_error or None)
    return {
        agent: Activity(seen.get(agent), len(devices[agent]), errors.get(agent, ("", None))[1])
        for agent in devices
    }
