"""Kind "probe": one reachability target (ping, TCP connect or HTTP GET) per round, device
`probe:<name>` (`agent.collectors.probes.ProbeResult.to_json`). Figures: `up`,
`latency_ms`, `loss_percent` (`reach`).
"""

from __future__ import annotations

from dataclasses import dataclass

from foundation.kinds.fields import JsonObject, flag, text
from foundation.kinds.numbers import number, whole
from foundation.kinds.reach import figures as reach_figures

KIND = "probe"


@dataclass(frozen=True)
class Probe:
    name: str | None
    role: str | None
    """`gateway`, `external` or empty: how the outage classification counts it."""
    probe: str | None
    """How it is reached: `ping`, `tcp` or `http` (the report's `kind` field)."""
    target: str | None
    up: bool | None
    sent: int | None
    received: int | None
    loss_percent: float | None
    latency_ms: float | None
    jitter_ms: float | None
    method: str | None
    status: int | None
    """HTTP status of the last answer."""
    error: str | None

    @property
    def down(self) -> bool:
        """It says it did not answer (an older report without `up` says nothing)."""
        return self.up is False


def parse(data: JsonObject) -> Probe:
    return Probe(
        name=text(data.get("name")),
        role=text(data.get("role")),
        probe=text(data.get("kind")),
        target=text(data.get("target")),
        up=flag(data.get("up")),
        sent=whole(data.get("sent")),
        received=whole(data.get("received")),
        loss_percent=number(data.get("loss_percent")),
        latency_ms=number(data.get("latency_ms")),
        jitter_ms=number(data.get("jitter_ms")),
        method=text(data.get("method")),
        status=whole(data.get("status")),
        error=text(data.get("error")),
    )


figures = reach_figures
