"""The figures of a reachability report ("snmp" and "probe"): did it answer, how fast, how
much was lost. One definition for both kinds, as the history keeps them under one name.
"""

from __future__ import annotations

from foundation.kinds.fields import JsonObject
from foundation.kinds.numbers import known, number, up_figure


def latency(data: JsonObject) -> float | None:
    """A probe's `latency_ms`, else an SNMP poll's `elapsed_ms` (the time the poll took)."""
    found = number(data.get("latency_ms"))
    return found if found is not None else number(data.get("elapsed_ms"))


def figures(data: JsonObject) -> dict[str, float]:
    """`up` (1 answered, 0 did not: its hourly average is the availability), `latency_ms`,
    `loss_percent`; a figure the report lacks is left out."""
    out = {
        "up": up_figure(data.get("up")),
        "latency_ms": latency(data),
        "loss_percent": number(data.get("loss_percent")),
    }
    return known(out)
