"""The agent's service loop: run the jobs on schedule, keep their reports in the outbox,
offer the outbox to the hub.

Jobs never overlap: each job's next run is scheduled from when its last run ended.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent.collectors.facts import facts_jobs
from agent.collectors.health import HealthCollector
from agent.collectors.software import software_jobs
from agent.commands.status import status_lines
from agent.config import AgentConfig
from agent.delivery.outbox import Outbox
from agent.delivery.route import transport_for
from agent.delivery.sync import Syncer, load_state
from agent.delivery.transport import Transport
from agent.jobs.backup import backup_jobs, backup_status_lines, restore_test_newest, yearly_run
from agent.jobs.job import Job
from agent.jobs.network import network_jobs
from agent.messages import T
from agent.service.logtail import LogTail
from agent.steer.recent import Recent
from agent.steer.service import Steering
from agent.steer.settings import effective
from agent.steer.tasks import Runner
from foundation.devicekeys import host_key
from foundation.i18n import Lang, Problem
from foundation.wire import Report, new_report_id, utcnow


def health_report(
    config: AgentConfig, collector: HealthCollector, device: str | None = None
) -> Report:
    agent = config.agent_id
    return Report(
        id=new_report_id(agent),
        agent=agent,
        kind="health",
        device=device or host_key(),
        ts=utcnow(),
        data=collector.update(),
    )


def health_jobs(config: AgentConfig) -> list[Job]:
    collector = HealthCollector()
    device = host_key()
    interval = config.agent.health_interval_seconds
    return [Job("health", interval, lambda: [health_report(config, collector, device)])]


# Every part of the agent that measures on a schedule adds its job factory here.
JOB_FACTORIES: tuple[Callable[[AgentConfig], list[Job]], ...] = (
    health_jobs,
    facts_jobs,
    network_jobs,
    backup_jobs,
    software_jobs,
)


@dataclass
class Changes:
    """Which reports should reach the hub now rather than with the next routine sync.

    Every sync starts a short child process that loads the SSH stack (see agent.delivery.transport),
    so routine reports travel in batches; news does not wait: a backup's result, an uplink
    event, or a device or probe target whose up/down state differs from its last report.
    """

    last_up: dict[str, bool] = field(default_factory=dict)

    def urgent(self, reports: list[Report]) -> bool:
        found = False
        for report in reports:
            if report.kind == "backup" or (report.kind == "outage" and report.data.get("events")):
                found = True
            up = report.data.get("up")
            if isinstance(up, bool):
                before = self.last_up.get(report.device)
                self.last_up[report.device] = up
                found = found or (before is not None and before != up)
        return found


@dataclass
class Agent:
    config: AgentConfig
    log: Callable[[str], None] = print
    stop: threading.Event = field(default_factory=threading.Event)
    transport: Transport | None = None
    """Where batches go; default: the enrolled hub (or the hub on this machine)."""
    lang: Lang = "en"
    """The language of the lines it logs."""
    recent: Recent | None = None
    """The last two days' samples, for the `samples` task (made by `run`)."""

    def run(self, once: bool = False) -> int:
        if not isinstance(self.log, LogTail):  # kept for the `status` task
            self.log = LogTail(self.config.agent_dir, self.log)
        outbox = Outbox(self.config.agent_dir)
        self.recent = Recent(self.config.agent_dir)
        steering = Steering(self.config)
        self.config = effective(self.config)  # the hub's last good settings over the file
        syncer = Syncer(
            outbox,
            self.transport or transport_for(self.config),
            self.config.agent_id,
            self.config.agent,
            self.config.agent_dir,
            clock=utcnow,
        )
        jobs = [job for factory in JOB_FACTORIES for job in factory(self.config)]
        due = {job.name: time.monotonic() for job in jobs}
        next_sync = time.monotonic()
        changes = Changes()
        backing_off = False
        stopped = steering.tasks.interrupted()
        if stopped:
            outbox.add([steering.report(tasks=stopped)])
        waiting = True  # tasks kept from before a restart: looked for once, then after a sync
        while not self.stop.is_set():
            task = steering.tasks.next() if waiting else None
            waiting = task is not None
            if task is not None:  # one task a turn, in the order the hub queued them
                runners = self._runners(jobs, outbox)
                outcome = steering.tasks.run(task, runners)
                outbox.add([steering.report(tasks=[outcome])])
                if not backing_off:
                    next_sync = min(next_sync, time.monotonic())
            for job in jobs:
                if once or time.monotonic() >= due[job.name]:
                    news = changes.urgent(self._run_job(job, outbox))
                    due[job.name] = time.monotonic() + job.interval_seconds
                    if news and not backing_off:  # a hub that is failing keeps its back-off
                        next_sync = min(next_sync, time.monotonic())
            if once or time.monotonic() >= next_sync:
                wait, failed, steer = self._sync(syncer, quiet=once)
                backing_off = failed is not None
                next_sync = time.monotonic() + wait
                if steer:
                    waiting = True
                    changed, reports = steering.take(steer)
                    outbox.add(reports)
                    if reports:
                        next_sync = time.monotonic()  # the hub hears what was done at once
                    if changed is not None:  # new settings: the jobs start again with them
                        self.config = changed
                        syncer.settings = changed.agent
                        jobs = [job for factory in JOB_FACTORIES for job in factory(changed)]
                        due = {job.name: time.monotonic() for job in jobs}
                if once and failed is not None:
                    raise failed  # `run --once` fails with the reason, as its one line
            if once:
                return 0
            wake = min([next_sync, *due.values()])
            self.stop.wait(max(0.0, wake - time.monotonic()))
        return 0

    def _run_job(self, job: Job, outbox: Outbox) -> list[Report]:
        """The reports kept in the outbox (none when the job or the disk failed)."""
        try:
            reports = job.run()
        except Exception as exc:  # a failing measurement must not stop the service
            self.log(f"{job.name}: {exc}")
            return []
        try:
            outbox.add(reports)
        except Problem as exc:  # disk full: what was kept stays, the service goes on
            self.log(exc.text(self.lang))
            return []
        if self.recent is not None:
            self.recent.keep(reports)
        return reports

    def _runners(self, jobs: list[Job], outbox: Outbox) -> dict[str, Runner]:
        """What each task name does, with the jobs as they are configured now."""
        config = self.config

        def run_named(*names: str) -> Runner:
            def run(args: Mapping[str, Any]) -> list[str]:
                lines = []
                for job in jobs:
                    if job.name in names:
                        made = job.run()
                        outbox.add(made)
                        lines.append(
                            T(self.lang, "agent.task.reports", job=job.name, count=len(made))
                        )
                return lines or [T(self.lang, "agent.task.nothing")]

            return run

        def scan(args: Mapping[str, Any]) -> list[str]:
            """Every scanning job at once, whole: what the hub asks when it lost a document."""
            lines = []
            for job in jobs:
                if job.whole is not None:
                    made = job.whole()
                    outbox.add(made)
                    lines.append(T(self.lang, "agent.task.reports", job=job.name, count=len(made)))
            return lines or [T(self.lang, "agent.task.nothing")]

        def archive(args: Mapping[str, Any]) -> list[str]:
            made, failed = yearly_run(config, force=True)
            outbox.add(made)
            if failed is not None:
                raise failed
            return [str(r.data.get("archive") or r.data.get("status")) for r in made]

        def status(args: Mapping[str, Any]) -> list[str]:
            state = load_state(config.agent_dir)
            lines = status_lines(outbox.stats(), state, self.lang)
            log = self.log.last() if isinstance(self.log, LogTail) else []
            return [*lines, *backup_status_lines(config, self.lang), *log]

        def restore_test(args: Mapping[str, Any]) -> list[str]:
            return restore_test_newest(config, Path(str(args.get("identity") or "")), self.lang)

        def samples(args: Mapping[str, Any]) -> list[str]:
            hours = args.get("hours")
            kept = self.recent or Recent(config.agent_dir)
            again = kept.since(float(hours) if isinstance(hours, int | float) else 24.0)
            outbox.add(again)
            return [T(self.lang, "agent.task.samples", count=len(again))]

        return {
            "samples": samples,
            "restore_test": restore_test,
            "archive": archive,
            "facts": run_named("facts"),
            "poll": run_named("probes", "snmp"),
            "status": status,
            "scan": scan,
        }

    def _sync(
        self, syncer: Syncer, quiet: bool = False
    ) -> tuple[float, Problem | OSError | None, dict[str, Any] | None]:
        """Offer the outbox; returns seconds until the next attempt, the failure (logged
        here unless `quiet`: the caller reports it) and what the hub asked of the agent."""
        state, result, error = syncer.attempt()
        if error is not None and not quiet:
            self.log(error.text(self.lang) if isinstance(error, Problem) else str(error))
        for refused in result.rejected if result else []:
            rid, reason = refused.get("id"), refused.get("reason")
            self.log(T(self.lang, "agent.sync.rejected", id=rid, reason=reason))
        wait = (state.next_attempt - utcnow()).total_seconds() if state.next_attempt else 0.0
        return max(0.0, wait), error, result.steer if result else None
