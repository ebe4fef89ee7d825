"""The agent's service loop: measure on schedule, keep in the outbox, offer it to the hub.

Jobs never overlap: each job's next run is scheduled from when its last run ended.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from agent.config import Config
from agent.health import HealthCollector
from agent.hostid import host_id
from agent.i18n import Problem
from agent.outbox import Outbox
from agent.sync import sync_once
from agent.transport import LocalTransport, Transport
from agent.wire import Report, utcnow


def new_report_id(agent: str) -> str:
    return f"{agent}-{time.time_ns():x}-{secrets.token_hex(4)}"


def health_report(config: Config, collector: HealthCollector, device: str | None = None) -> Report:
    agent = config.agent_id
    return Report(
        id=new_report_id(agent),
        agent=agent,
        kind="health",
        device=device or f"host:{host_id()}",
        ts=utcnow(),
        data=collector.update(),
    )


def transport_for(config: Config) -> Transport:
    if config.agent.hub == "local":
        return LocalTransport(config.agent_id, config.path if config.path else None)
    from agent.messages import T

    raise Problem(T, "agent.sync.failed", reason=f"unsupported hub address {config.agent.hub!r}")


@dataclass
class Agent:
    config: Config
    log: Callable[[str], None] = print
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self, once: bool = False) -> int:
        outbox = Outbox(self.config.agent_dir)
        collector = HealthCollector()
        transport = transport_for(self.config)
        device = f"host:{host_id()}"
        next_health = next_sync = time.monotonic()
        while not self.stop.is_set():
            now = time.monotonic()
            if now >= next_health:
                outbox.add([health_report(self.config, collector, device)])
                next_health = time.monotonic() + self.config.agent.health_interval_seconds
            if now >= next_sync or once:
                self._sync(outbox, transport)
                next_sync = time.monotonic() + self.config.agent.sync_interval_seconds
            if once:
                return 0
            self.stop.wait(max(0.0, min(next_health, next_sync) - time.monotonic()))
        return 0

    def _sync(self, outbox: Outbox, transport: Transport) -> None:
        try:
            result = sync_once(
                outbox, transport, self.config.agent_id, self.config.agent.batch_max_reports
            )
        except Problem as exc:
            self.log(str(exc))
            return
        for refused in result.rejected:
            self.log(f"report {refused.get('id')} rejected by the hub: {refused.get('reason')}")
