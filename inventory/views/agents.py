"""The hub's agents as people and `soumnet-hub agents list` see them: each agent's state in the
registry, with what the store knows of it from its reports.

One view for the Agents screen and the `--json` listing, so both count the same pending and
silent agents; "silent" is the overview's rule (`inventory.views.overview.silent_agents`,
after `[alerts] agent_silent_hours`), so the overview's panel names the same agents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from foundation.kinds.fields import text
from foundation.wire import format_ts, parse_ts, utcnow
from inventory.config import HubConfig
from inventory.intake.agents import Registry, activity, listing
from inventory.records.alerts import silent_period
from inventory.store.layout import Layout
from inventory.views.overview import silent_agents

STATES = ("pending", "approved", "rejected", "revoked")


@dataclass(frozen=True)
class AgentRow:
    agent: str
    state: str
    """One of `STATES` as the registry says (anything else is shown as written)."""
    hostname: str
    fingerprint: str
    public_key: str | None
    signing_key: str | None
    requested: datetime | None
    decided: datetime | None
    decided_by: str | None
    last_seen: datetime | None
    """The newest report the store holds from this agent."""
    devices: int
    """How many devices this agent reported on."""
    last_error: str | None
    """The newest backup report's error (agents do not report their outbox depth)."""
    pending: bool
    silent: bool
    """It reported once, and its newest report is older than `agent_silent_hours`."""

    def to_json(self) -> dict[str, Any]:
        """The registry entry's fields (the shape `agents list --json` always had), then the
        store's."""
        return {
            "agent": self.agent,
            "state": self.state,
            "hostname": self.hostname,
            "public_key": self.public_key,
            "fingerprint": self.fingerprint,
            "requested": _ts(self.requested),
            "decided": _ts(self.decided),
            "decided_by": self.decided_by,
            "signing_key": self.signing_key,
            "last_seen": _ts(self.last_seen),
            "devices": self.devices,
            "last_error": self.last_error,
            "pending": self.pending,
            "silent": self.silent,
        }


@dataclass(frozen=True)
class AgentsView:
    agents: tuple[AgentRow, ...]
    """By agent id."""

    @property
    def pending(self) -> int:
        return sum(1 for a in self.agents if a.pending)

    @property
    def silent(self) -> int:
        return sum(1 for a in self.agents if a.silent)

    def find(self, agent: str | None) -> AgentRow | None:
        return next((a for a in self.agents if a.agent == agent), None)

    def to_json(self) -> list[dict[str, Any]]:
        return [a.to_json() for a in self.agents]


def agents_view(config: HubConfig, now: datetime | None = None) -> AgentsView:
    """Read the registry and the store's newest reports."""
    now = now or utcnow()
    seen = activity(Layout(config.hub_dir))
    silent = set(silent_agents(seen, now, silent_period(config.alerts)))
    rows = []
    for entry in listing(Registry(config)):
        agent = str(entry.get("agent", ""))
        state = str(entry.get("state", ""))
        known = seen.get(agent)
        last_seen = _moment(known.last_seen) if known else None
        rows.append(
            AgentRow(
                agent=agent,
                state=state,
                hostname=str(entry.get("hostname", "")),
                fingerprint=str(entry.get("fingerprint", "")),
                public_key=text(entry.get("public_key")),
                signing_key=text(entry.get("signing_key")),
                requested=_moment(entry.get("requested")),
                decided=_moment(entry.get("decided")),
                decided_by=text(entry.get("decided_by")),
                last_seen=last_seen,
                devices=known.devices if known else 0,
                last_error=known.last_error if known else None,
                pending=state == "pending",
                silent=agent in silent,
            )
        )
    return AgentsView(tuple(rows))


def _moment(value: object) -> datetime | None:
    try:
        return parse_ts(value) if value else None
    except ValueError:
        return None


def _ts(value: datetime | None) -> str | None:
    return format_ts(value) if value else None
