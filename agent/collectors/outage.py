"""Outage classification: what is down, said once, at the right level.

- The gateway (office router) does not answer → "LAN/router down". Nothing behind it can be
  judged, so no target or device is reported down on its own.
- The gateway answers but every external target fails → one "internet down" event, not one
  per target.
- Otherwise each failing target is down on its own, and a polled device is reported down only
  when the path to it (the LAN) is up.

`OutageTracker` turns the classification of each round into events only when the state
changes, so an outage of three days is one "started" and one "ended" event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

State = Literal["ok", "internet_down", "lan_down", "unknown"]


class Reachability(Protocol):
    """What classification needs from a probe result."""

    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def up(self) -> bool: ...


@dataclass(frozen=True)
class Classification:
    state: State
    """`ok`, `internet_down`, `lan_down`, or `unknown` when no probes are configured."""
    down_targets: tuple[str, ...] = ()
    """Targets down on their own (only when the state is `ok`)."""
    unreachable: tuple[str, ...] = ()
    """Targets that failed because the gateway or uplink is down (not reported one by one)."""

    @property
    def lan_up(self) -> bool | None:
        """Whether the path to devices on the LAN is up; None when it is not known."""
        if self.state == "unknown":
            return None
        return self.state != "lan_down"


def classify(results: Sequence[Reachability]) -> Classification:
    if not results:
        return Classification("unknown")
    gateways = [r for r in results if r.role == "gateway"]
    external = [r for r in results if r.role == "external"]
    failed = tuple(r.name for r in results if not r.up)
    if gateways and not any(g.up for g in gateways):
        return Classification("lan_down", unreachable=failed)
    if external and not any(e.up for e in external):
        cut_off = tuple(r.name for r in external)
        alone = tuple(name for name in failed if name not in cut_off)
        return Classification("internet_down", down_targets=alone, unreachable=cut_off)
    return Classification("ok", down_targets=failed)


def device_status(answered: bool, lan_up: bool | None) -> Literal["up", "down", "unreachable"]:
    """A device that did not answer is `down` only when the path to it is up (or unknown:
    no gateway probe configured); behind a dead router it is `unreachable`."""
    if answered:
        return "up"
    return "unreachable" if lan_up is False else "down"


@dataclass
class OutageTracker:
    """Remembers the last state between rounds; emits an event only on a change."""

    state: State = "unknown"
    since: datetime | None = None
    down_targets: set[str] = field(default_factory=set)

    def update(self, result: Classification, now: datetime) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        if result.state != self.state and result.state != "unknown":
            if self.state in ("internet_down", "lan_down") and self.since is not None:
                events.append(
                    {
                        "event": f"{self.state}_ended",
                        "since": self.since.isoformat(timespec="seconds"),
                        "seconds": round((now - self.since).total_seconds()),
                    }
                )
            if result.state in ("internet_down", "lan_down"):
                events.append({"event": result.state, "targets": list(result.unreachable)})
            self.state, self.since = result.state, now
        if result.state in ("lan_down", "unknown"):
            return events  # nothing behind the router can be judged
        # a target already down stays down quietly while the uplink is out
        now_down = set(result.down_targets) | (self.down_targets & set(result.unreachable))
        for name in sorted(now_down - self.down_targets):
            events.append({"event": "target_down", "target": name})
        for name in sorted(self.down_targets - now_down):
            events.append({"event": "target_up", "target": name})
        self.down_targets = now_down
        return events
