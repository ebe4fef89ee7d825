"""The agent's yearly archive job: checks the schedule and, when due, archives and reports.

The job runs every few minutes; `backups.schedule` decides (durably, once per year) whether
a run is due. The hub receives a kind "backup" report carrying the signed report's fields,
so an overdue yearly archive raises an alert there.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from agent import atomicio
from agent.config import Config
from agent.enroll import key_path
from agent.hostid import host_id
from agent.i18n import Lang
from agent.jobs import Job
from agent.wire import Report, new_report_id, utcnow

if TYPE_CHECKING:
    from backups.archive import Progress
    from backups.schedule import Yearly

CHECK_SECONDS = 600.0


def backup_out_dir(config: Config) -> Path:
    return config.backup.out_dir or config.agent_dir / "backups"


def backup_report(config: Config, report: dict[str, object]) -> Report:

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


def _yearly(config: Config) -> Yearly:
    from backups.schedule import Yearly

    settings = config.backup
    hour, _, minute = settings.time.partition(":")
    return Yearly(settings.month, settings.day, int(hour), int(minute or 0))


def progress_path(config: Config) -> Path:
    from backups.progress import FILE

    return config.agent_dir / FILE


def run_yearly(
    config: Config,
    force: bool = False,
    progress: Progress | None = None,
) -> list[Report]:
    """Archive when the yearly moment is due (or `force`, the manual `--now`); the reports
    for the hub. The run's progress goes to the agent's data folder for `status`."""
    from backups.create import create_signed
    from backups.progress import StateFile
    from backups.schedule import run_if_due

    settings = config.backup
    out_dir = backup_out_dir(config)
    out_dir.mkdir(parents=True, exist_ok=True)
    made: list[Report] = []

    def job(year: int) -> None:
        state = StateFile(progress_path(config), f"{settings.label}-{year}")
        state.begin()

        def report_progress(path: str, files: int, done: int, total: int) -> None:
            state.update(path, files, done, total)
            if progress is not None:
                progress(path, files, done, total)

        try:
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
                progress=report_progress,
                sqlite=settings.sqlite,
                dumps=settings.dumps,
            )
        except Exception as exc:
            state.finish("FAILED", None, str(exc))
            raise
        outcome = created.outcome
        archive = created.archive.name if outcome.problem is None else None
        state.finish(outcome.status, archive, outcome.error)
        extra: dict[str, object] = {}
        if outcome.problem is None:
            extra = send_copy(config, created.archive)
        made.append(backup_report(config, {**created.report, **extra}))
        if outcome.problem is not None:
            raise outcome.problem

    try:
        run_if_due(out_dir / "schedule.json", _yearly(config), job, _now, force)
    except Exception:
        if not made:
            raise
    return made


def _now() -> datetime:
    return datetime.now(UTC)


def backup_status_lines(config: Config, lang: Lang) -> list[str]:
    """What `soumnet-agent status` shows of the yearly archive: percent and ETA while a run
    is going; otherwise the last result and the next scheduled run, and each source."""
    from backups.messages import T
    from backups.progress import format_eta, read_state
    from backups.schedule import load_state, next_run
    from backups.sources import describe

    settings = config.backup
    if not (settings.sources or settings.sqlite or settings.dumps):
        return [T(lang, "status.none")]
    lines: list[str] = []
    state = read_state(progress_path(config))
    if state is not None and state.get("running"):
        done, total = int(state.get("bytes_done") or 0), int(state.get("bytes_total") or 0)
        eta = state.get("eta_seconds")
        lines.append(
            T(
                lang,
                "status.running",
                label=state.get("label"),
                percent=int(100 * done / total) if total else 0,
                files=state.get("files"),
                eta=format_eta(float(eta) if isinstance(eta, int | float) else None),
            )
        )
    elif state is not None and state.get("interrupted"):
        lines.append(T(lang, "status.interrupted", label=state.get("label")))
    elif state is not None:
        lines.append(
            T(
                lang,
                "status.last",
                status=T.code(lang, "outcome", state.get("status")),
                when=str(state.get("finished", ""))[:16].replace("T", " "),
                archive=state.get("archive") or "-",
            )
        )
        if state.get("error"):
            lines.append(f"  {state['error']}")
    else:
        lines.append(T(lang, "status.never"))
    out_dir = backup_out_dir(config)
    upcoming = next_run(_now(), _yearly(config), load_state(out_dir / "schedule.json"))
    lines.append(T(lang, "status.next", when=f"{upcoming:%Y-%m-%d %H:%M}"))
    for source in describe(settings.sources, settings.sqlite, settings.dumps):
        lines.append(T(lang, "status.source", source=source))
    return lines


def backup_jobs(config: Config) -> list[Job]:
    """No job when nothing is configured to be archived on this machine."""
    settings = config.backup
    if not (settings.sources or settings.sqlite or settings.dumps) or not settings.recipients:
        return []
    return [Job("backup", CHECK_SECONDS, lambda: run_yearly(config))]
