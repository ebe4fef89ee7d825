"""Kind "outage": the office's connectivity, one report per probe round, device
`probe:uplink` (`agent.jobs.network.uplink_data`). `events` is empty except in the round
where the state changed. Figures: `up` (1 when the state is `ok`, 0 when it is
`internet_down` or `lan_down`, none while it is `unknown`), `latency_ms`, `loss_percent`.
"""

from __future__ import annotations

from dataclasses import dataclass

from foundation.kinds.fields import JsonObject, flag, objects, text, texts
from foundation.kinds.numbers import known, number, whole

KIND = "outage"


@dataclass(frozen=True)
class Event:
    event: str | None
    """`internet_down`, `lan_down`, `…_ended`, `target_down` or `target_up`."""
    target: str | None
    targets: tuple[str, ...]
    since: str | None
    seconds: int | None


@dataclass(frozen=True)
class Outage:
    state: str | None
    """`ok`, `internet_down`, `lan_down` or `unknown` (no probes configured)."""
    gateway_up: bool | None
    external_up: int | None
    external_total: int | None
    loss_percent: float | None
    latency_ms: float | None
    down_targets: tuple[str, ...]
    events: tuple[Event, ...]

    @property
    def up_figure(self) -> float | None:
        """The `up` figure: 1 for `ok`, 0 for any other known state."""
        if self.state is None or self.state == "unknown":
            return None
        return 1.0 if self.state == "ok" else 0.0

    def figures(self) -> dict[str, float]:
        out = {
            "up": self.up_figure,
            "latency_ms": self.latency_ms,
            "loss_percent": self.loss_percent,
        }
        return known(out)


def parse(data: JsonObject) -> Outage:
    return Outage(
        state=text(data.get("state")),
        gateway_up=flag(data.get("gateway_up")),
        external_up=whole(data.get("external_up")),
        external_total=whole(data.get("external_total")),
        loss_percent=number(data.get("loss_percent")),
        latency_ms=number(data.get("latency_ms")),
        down_targets=texts(data.get("down_targets")),
        events=tuple(
            Event(
                event=text(e.get("event")),
                target=text(e.get("target")),
                targets=texts(e.get("targets")),
                since=text(e.get("since")),
                seconds=whole(e.get("seconds")),
            )
            for e in objects(data.get("events"))
        ),
    )


def figures(data: JsonObject) -> dict[str, float]:
    return parse(data).figures()
