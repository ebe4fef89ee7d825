"""The agent's service loop: run the jobs on schedule, keep their reports in the outbox,
offer the outbox to the hub.

Jobs never overlap: each job's next run is scheduled from when its last run ended.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from agent.backup_jobs import backup_jobs
from agent.config import Config
from agent.enroll import key_path, pinned_hub
from agent.facts import facts_jobs
from agent.health import HealthCollector
from agent.hostid import host_id
from agent.i18n import Problem
from agent.jobs import Job
from agent.network_jobs import network_jobs
from agent.outbox import Outbox
from agent.sync import Syncer
from agent.transport import HubAddress, LocalTransport, SshTransport, Transport
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


def health_jobs(config: Config) -> list[Job]:
    collector = HealthCollector()
    device = f"host:{host_id()}"
    interval = config.agent.health_interval_seconds
    return [Job("health", interval, lambda: [health_report(config, collector, device)])]


# Every part of the agent that measures on a schedule adds its job factory here.
JOB_FACTORIES: tuple[Callable[[Config], list[Job]], ...] = (
    health_jobs,
    facts_jobs,
    network_jobs,
    backup_jobs,
)


def transport_for(config: Config) -> Transport:
    """`local`: the hub on this machine; otherwise SSH to the enrolled hub's forced command."""
    pinned = pinned_hub(config)
    if pinned is None:
        return LocalTransport(config.agent_id, config.path if config.path else None)
    settings = config.agent
    return SshTransport(
        agent=config.agent_id,
        hub=HubAddress.parse(pinned.hub),
        host_key=pinned.host_key,
        key_file=key_path(config),
        timeout=settings.connect_timeout_seconds,
        exchange_timeout=settings.exchange_timeout_seconds,
        keepalive=settings.keepalive_seconds,
    )


@dataclass
class Agent:
    config: Config
    log: Callable[[str], None] = print
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self, once: bool = False) -> int:
        outbox = Outbox(self.config.agent_dir)
        syncer = Syncer(
            outbox,
            transport_for(self.config),
            self.config.agent_id,
            self.config.agent,
            self.config.agent_dir,
            clock=utcnow,
        )
        jobs = [job for factory in JOB_FACTORIES for job in factory(self.config)]
        due = {job.name: time.monotonic() for job in jobs}
        next_sync = time.monotonic()
        while not self.stop.is_set():
            for job in jobs:
                if once or time.monotonic() >= due[job.name]:
                    self._run_job(job, outbox)
                    due[job.name] = time.monotonic() + job.interval_seconds
            if once or time.monotonic() >= next_sync:
                next_sync = time.monotonic() + self._sync(syncer)
            if once:
                return 0
            wake = min([next_sync, *due.values()])
            self.stop.wait(max(0.0, wake - time.monotonic()))
        return 0

    def _run_job(self, job: Job, outbox: Outbox) -> None:
        try:
            reports = job.run()
        except Exception as exc:  # a failing measurement must not stop the service
            self.log(f"{job.name}: {exc}")
            return
        try:
            outbox.add(reports)
        except Problem as exc:  # disk full: what was kept stays, the service goes on
            self.log(str(exc))

    def _sync(self, syncer: Syncer) -> float:
        """Offer the outbox; returns seconds until the next attempt."""
        state, result, error = syncer.attempt()
        if error is not None:
            self.log(str(error))
        for refused in result.rejected if result else []:
            self.log(f"report {refused.get('id')} rejected by the hub: {refused.get('reason')}")
        wait = (state.next_attempt - utcnow()).total_seconds() if state.next_attempt else 0.0
        return max(0.0, wait)
