"""Every report kind the agent sends, with one typed home each.

A report's `data` is JSON from an agent of any age. Each kind's module reads it into a frozen
view (`parse`: a missing or wrongly typed field is None, never an exception) and names its
numeric figures (`figures`: what the roll-up and the hub's history keep). Reading a figure
follows one rule (`foundation.kinds.numbers`). A kind this hub does not know has no view and
no figures: its reports are still stored as they came.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from foundation.kinds import (
    backup,
    facts,
    health,
    outage,
    posture,
    probe,
    smart,
    snmp,
    software,
    steer,
)
from foundation.kinds.backup import Backup
from foundation.kinds.changes import Changes
from foundation.kinds.facts import Facts
from foundation.kinds.fields import JsonObject
from foundation.kinds.health import Health
from foundation.kinds.outage import Outage
from foundation.kinds.probe import Probe
from foundation.kinds.rolled import rolled_figures
from foundation.kinds.smart import Smart
from foundation.kinds.snmp import Snmp
from foundation.kinds.steer import Steer

View = Health | Facts | Snmp | Probe | Outage | Backup | Steer | Smart | Changes


class Kind(NamedTuple):
    name: str
    parse: Callable[[JsonObject], View]
    figures: Callable[[JsonObject], dict[str, float]]


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(health.KIND, health.parse, health.figures),
        Kind(facts.KIND, facts.parse, facts.figures),
        Kind(snmp.KIND, snmp.parse, snmp.figures),
        Kind(probe.KIND, probe.parse, probe.figures),
        Kind(outage.KIND, outage.parse, outage.figures),
        Kind(backup.KIND, backup.parse, backup.figures),
        Kind(steer.KIND, steer.parse, steer.figures),
        Kind(smart.KIND, smart.parse, smart.figures),
        Kind(posture.KIND, posture.parse, posture.figures),
        Kind(software.KIND, software.parse, software.figures),
    )
}


def figures(kind: str, data: JsonObject) -> dict[str, float]:
    """The numeric figures of one report worth keeping as history ({} for other kinds)."""
    found = KINDS.get(kind)
    return found.figures(data) if found else {}


def parse(kind: str, data: JsonObject) -> View | None:
    """The typed view of a report's data; None for a kind this hub does not know."""
    found = KINDS.get(kind)
    return found.parse(data) if found else None


__all__ = [
    "KINDS",
    "Backup",
    "Changes",
    "Facts",
    "Health",
    "Kind",
    "Outage",
    "Probe",
    "Smart",
    "Snmp",
    "Steer",
    "View",
    "figures",
    "parse",
    "rolled_figures",
]
