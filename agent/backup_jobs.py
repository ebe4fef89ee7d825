"""The agent's yearly archive job: checks the schedule and, when due, archives and reports.

The job runs every few minutes; `backups.schedule` decides (durably, once per year) whether
a run is due. The hub receives a kind "backup" report carrying the signed report's fields,
so an overdue yearly archive raises an alert there.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from agent import atomicio
from agent.config import Config
from agent.enroll import key_path
from agent.hostid import host_id
from agent.jobs import Job
from agent.wire import Report, utcnow

CHECK_SECONDS = 600.0


def backup_out_dir(config: Config) -> Path:
    return config.backup.out_dir or config.agent_dir / "backups"


def backup_report(config: Config, report: dict[str, object]) -> Report:
    from agent.service import new_report_id

    return Report(
        id=new_report_id(config.agent_id),
        agent=config.agent_id,
        kind="backup",
        device=f"host:{host_id()}",
        ts=utcnow(),
        data={"created": report.get("ended"), **report},
    )


def send_copy(config: Config, archive: Path) -> dict[str, object]:
    """The offsite copy to the enrolled hub; its signed receipt is kept beside the archive.

    Without an enrolled hub (the hub is this machine) there is nothing to copy to. A failed
    copy is reported to the hub with the reason; the archive itself is kept."""
    from agent.enroll import pinned_hub
    from agent.i18n import Problem
    from agent.service import transport_for
    from backups.manifest import base_of
    from backups.offsite import send_offsite

    if pinned_hub(config) is None:
        return {}
    try:
        receipt = send_offsite(archive, config.agent_id, transport_for(config))
    except (Problem, OSError) as exc:
        return {"offsite_error": str(exc)}
    path = base_of(archive).with_name(base_of(archive).name + ".receipt.json")
    atomicio.write_text(path, json.dumps(receipt, ensure_ascii=False, indent=1) + "\n")
    return {"offsite_receipt": receipt}


def run_yearly(config: Config, force: bool = False) -> list[Report]:
    """Archive when the yearly moment is due (or `force`); the reports for the hub."""
    from backups.create import create_signed
    from backups.schedule import Yearly, run_if_due

    settings = config.backup
    hour, _, minute = settings.time.partition(":")
    yearly = Yearly(settings.month, settings.day, int(hour), int(minute or 0))
    out_dir = backup_out_dir(config)
    out_dir.mkdir(parents=True, exist_ok=True)
    made: list[Report] = []

    def job(year: int) -> None:
        created = create_signed(
            sources=settings.sources,
            label=f"{settings.label}-{year}",
            out_dir=out_dir,
            recipients=settings.recipients,
            signing_key=settings.signing_key or key_path(config),
            excludes=settings.excludes,
            office=config.office.name,
            retention_years=settings.retention_years or None,
            schedule=f"yearly {settings.month:02d}-{settings.day:02d} {settings.time} UTC",
        )
        extra: dict[str, object] = {}
        if created.outcome.problem is None:
            extra = send_copy(config, created.archive)
        made.append(backup_report(config, {**created.report, **extra}))
        if created.outcome.problem is not None:
            raise created.outcome.problem

    try:
        run_if_due(out_dir / "schedule.json", yearly, job, lambda: datetime.now(UTC), force)
    except Exception:
        if not made:
            raise
    return made


def backup_jobs(config: Config) -> list[Job]:
    """No job when nothing is configured to be archived on this machine."""
    if not config.backup.sources or not config.backup.recipients:
        return []
    return [Job("backup", CHECK_SECONDS, lambda: run_yearly(config))]
