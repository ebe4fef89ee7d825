"""`soumnet-backup run`: this machine's configured yearly archive, as the agent's service runs
it (the schedule, the signing key and the report to the hub are the agent's)."""

from __future__ import annotations

import argparse
import sys

from agent.config import AgentConfig
from agent.jobs.backup import deliver, yearly_run
from backups.commands.progress import add_progress_option, terminal_progress
from backups.messages import BackupProblem, T
from foundation.commands import Command
from foundation.i18n import Lang, Problem


def _said(exc: BaseException, lang: Lang) -> str:
    """A failure as this user reads it: a Problem translated, an OSError without errno."""
    if isinstance(exc, Problem):
        return exc.text(lang)
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror} ({exc.filename})" if exc.filename else exc.strerror
    return str(exc)


def _run_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--now", action="store_true", help="run now, even if not due")
    add_progress_option(parser)


def _run(args: argparse.Namespace, config: AgentConfig) -> int:
    """The configured yearly job, as the agent runs it; `--now` runs it even if not due."""
    lang: Lang = args.lang
    if not config.backup.sources and not config.backup.sqlite and not config.backup.dumps:
        raise BackupProblem("not_configured")
    progress = terminal_progress(lang, args.progress)
    made, failure = yearly_run(config, force=args.now, progress=progress)
    if progress is not None and made:
        print(file=sys.stderr)
    if not made:
        print(T(lang, "not_due"))
        return 0
    unsent = deliver(config, made)  # reported as the agent service reports it, failed or not
    why = _said(unsent, lang) if unsent is not None else ""
    if failure is not None:
        reason = _said(failure, lang)
        if unsent is not None:
            raise BackupProblem("run_failed_unsent", reason=reason, why=why)
        raise BackupProblem("run_failed", reason=reason)
    last = made[-1].data
    if last.get("status") == "FAILED":
        raise BackupProblem("run_failed", reason=last.get("error"))
    status = T.code(lang, "outcome", last.get("status"))
    print(T(lang, "run_done", status=status, file=str(last.get("archive") or "-")))
    copy_failed = last.get("offsite_error")
    if copy_failed and unsent is not None:
        print(T(lang, "copy_and_report_unsent", why=why), file=sys.stderr)
    elif copy_failed:
        print(T(lang, "copy_unsent", why=copy_failed), file=sys.stderr)
    elif unsent is not None:
        print(T(lang, "report_unsent", why=why), file=sys.stderr)
    return 0


COMMANDS = (Command("run", "the configured yearly archive of this machine", _run_args, _run),)
