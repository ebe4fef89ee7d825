"""The agent's yearly archive job: checks the schedule and, when due, archives and reports.

The job runs every few minutes; `backups.schedule` decides (durably, once per year) whether
a run is due. The hub receives a kind "backup" report carrying the signed report's fields,
so an overdue yearly archive raises an alert there.
"""

from __future__ import annotations

import contextlib
import json
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from agent.config import AgentConfig
from agent.delivery.enroll import key_path
from agent.delivery.outbox import Outbox
from agent.delivery.route import transport_for
from agent.delivery.sync import Syncer
from agent.jobs.job import Job
from agent.messages import T as AGENT_T
from backups.messages import T
from backups.names import base_of
from backups.progress import FILE, StateFile, format_eta, read_state
from backups.schedule import Yearly, load_state, next_run, run_if_due
from backups.settings import describe
from foundation import atomicio
from foundation.devicekeys import host_key
from foundation.i18n import Lang, Problem
from foundation.wire import Report, new_report_id, utcnow

if TYPE_CHECKING:
    from backups.archive import Progress

CHECK_SECONDS = 600.0


def backup_out_dir(config: AgentConfig) -> Path:
    return config.backup.out_dir or config.agent_dir / "backups"


def backup_report(config: AgentConfig, report: dict[str, object]) -> Report:
    """The hub's copy of a run's report. `created` is when the newest good archive was made:
    this run's end, or for a FAILED run the last good one's (absent when there is none), so
    a failure neither hides an overdue archive nor counts as one."""
    if report.get("status") == "FAILED":
        created = _last_good(backup_out_dir(config))
    else:
        created = report.get("ended")
    return Report(
        id=new_report_id(config.agent_id),
        agent=config.agent_id,
        kind="backup",
        device=host_key(),
        ts=utcnow(),
        data={**({"created": created} if created else {}), **report},
    )


def _last_good(out_dir: Path) -> object:
    """The end time of the newest report in `out_dir` that is not FAILED, or None."""
    ends = []
    for path in out_dir.glob("*.report.json"):
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(report, dict) and report.get("status") not in (None, "FAILED"):
            ends.append(str(report.get("ended") or ""))
    return max(ends, default=None) or None


def failed_report(
    config: AgentConfig, label: str, started: datetime, error: str
) -> dict[str, object]:
    """The report of a run that stopped before it could write its own signed one (no usable
    signing key, an unwritable folder): the hub hears of every run, failed ones too."""
    settings = config.backup
    return {
        "label": label,
        "office": config.office.name,
        "host": socket.gethostname(),
        "status": "FAILED",
        "error": error,
        "started": started.isoformat(),
        "ended": _now().isoformat(),
        "schedule": _yearly(config).report_text(),
        "sources": describe(settings.sources, settings.sqlite, settings.dumps),
    }


def deliver(config: AgentConfig, reports: list[Report]) -> Problem | OSError | None:
    """What `soumnet-agent run --once` does with a job's reports, for `soumnet-backup run`:
    keep them in the outbox, then offer the outbox to the hub once. None when the hub has
    them; else why they wait in the outbox (the agent's next sync sends them)."""
    outbox = Outbox(config.agent_dir)
    try:
        outbox.add(reports)
    except Problem as exc:
        return exc
    try:
        transport = transport_for(config)
    except Problem as exc:
        return exc
    syncer = Syncer(outbox, transport, config.agent_id, config.agent, config.agent_dir, utcnow)
    _state, _result, error = syncer.attempt()
    return error


def send_copy(config: AgentConfig, archive: Path) -> dict[str, object]:
    """The copy to the hub's archive folder; its signed receipt is kept beside the archive.

    It travels the way reports do: to the enrolled hub over SSH, or, when the hub is this
    machine (`agent.hub = "local"`), to its own `ingest`, so that a hub lists its own
    archives as it lists those of other machines. A failed copy is reported to the hub
    with the reason; the archive itself is kept."""
    # Imported here, as below: cryptography and zstandard (+15 MiB RSS, +30 ms) stay out of an
    # agent service with nothing to archive, and out of `soumnet-agent status`.
    from agent.delivery.offsite import send_offsite

    try:
        receipt = send_offsite(archive, config.agent_id, transport_for(config))
    except (Problem, OSError) as exc:
        return {"offsite_error": str(exc)}
    path = base_of(archive).with_name(base_of(archive).name + ".receipt.json")
    atomicio.write_text(path, json.dumps(receipt, ensure_ascii=False, indent=1) + "\n")
    return {"offsite_receipt": receipt}


def signing_key(config: AgentConfig) -> Path:
    """`backup.signing_key`, else the agent's own key, made on first use: an agent whose hub
    is this machine is never enrolled, so nothing else makes it. A key named in the
    configuration is never made up (a missing one is an error naming the setting)."""
    if config.backup.signing_key is not None:
        return config.backup.signing_key
    path = key_path(config)
    if not path.exists():
        from backups.sshsig import SigningKey  # cryptography: see send_copy

        with contextlib.suppress(FileExistsError):  # `enroll` made it meanwhile
            SigningKey.generate().save(path)
    return path


def _yearly(config: AgentConfig) -> Yearly:
    settings = config.backup
    hour, _, minute = settings.time.partition(":")
    return Yearly(settings.month, settings.day, int(hour), int(minute or 0))


def progress_path(config: AgentConfig) -> Path:
    return config.agent_dir / FILE


def run_yearly(
    config: AgentConfig,
    force: bool = False,
    progress: Progress | None = None,
) -> list[Report]:
    """The scheduled job: the reports for the hub, a failed run's too."""
    return yearly_run(config, force, progress)[0]


def yearly_run(
    config: AgentConfig,
    force: bool = False,
    progress: Progress | None = None,
) -> tuple[list[Report], Exception | None]:
    """Archive when the yearly moment is due (or `force`, the manual `--now`); the reports
    for the hub, and what made the run fail. The run's progress goes to the agent's data
    folder for `status`."""
    from backups.create import create_signed  # cryptography, zstandard: see send_copy

    settings = config.backup
    out_dir = backup_out_dir(config)
    out_dir.mkdir(parents=True, exist_ok=True)
    made: list[Report] = []

    def job(year: int) -> None:
        label = f"{settings.label}-{year}"
        started = _now()
        state = StateFile(progress_path(config), label)
        state.begin()

        def report_progress(path: str, files: int, done: int, total: int) -> None:
            state.update(path, files, done, total)
            if progress is not None:
                progress(path, files, done, total)

        try:
            created = create_signed(
                sources=settings.sources,
                label=label,
                out_dir=out_dir,
                recipients=settings.recipients,
                signing_key=signing_key(config),
                excludes=settings.excludes,
                office=config.office.name,
                retention_years=settings.retention_years or None,
                schedule=_yearly(config).report_text(),
                progress=report_progress,
                sqlite=settings.sqlite,
                dumps=settings.dumps,
            )
        except Exception as exc:
            state.finish("FAILED", None, str(exc))
            made.append(backup_report(config, failed_report(config, label, started, str(exc))))
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
    except Exception as exc:
        if not made:
            raise
        return made, exc
    return made, None


def _now() -> datetime:
    return datetime.now(UTC)


def backup_status_lines(config: AgentConfig, lang: Lang) -> list[str]:
    """What `soumnet-agent status` shows of the yearly archive: percent and ETA while a run
    is going; otherwise the last result and the next scheduled run, and each source."""
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


def backup_jobs(config: AgentConfig) -> list[Job]:
    """No job when nothing is configured to be archived on this machine."""
    settings = config.backup
    if not (settings.sources or settings.sqlite or settings.dumps) or not settings.recipients:
        return []
    return [Job("backup", CHECK_SECONDS, lambda: run_yearly(config))]


def restore_test_newest(config: AgentConfig, identity: Path, lang: Lang) -> list[str]:
    """The `restore_test` task: the newest archive in the output folder restored in full with
    the identity at `identity` (a key file on this machine), checked against its manifest and
    recorded as a restore-test entry signed with the agent's key; raises what failed."""
    from backups.restore import load_identities  # pyrage, zstandard: only for the task
    from backups.sshsig import SigningKey
    from backups.verify import verify_archive

    archives = sorted(backup_out_dir(config).glob("*.tar.zst.age"))
    if not archives:
        raise Problem(AGENT_T, "agent.task.no_archive", folder=backup_out_dir(config))
    newest = archives[-1]
    identities = load_identities(identity)
    result = verify_archive(newest, identities, SigningKey.load(signing_key(config)))
    lines = [
        T(
            lang,
            "verify_ok_restore",
            file=newest.name,
            fingerprint=result.fingerprint,
            files=result.files_tested,
        )
    ]
    if result.entry is not None:
        lines.append(T(lang, "restore_test_recorded", file=result.entry.name))
    return lines
