"""The reports `serve` makes on its own: each configured period's report once it has ended,
at `reports.at` office time, kept in the reports folder as `soumnet-report-2026-11-mn.pdf`.

Only periods that ended after the hub's data folder was set up are made (a new hub does not
file an empty report of the month before it existed). A file that exists is never made
again, so a restart (or a second hub started by mistake) repeats nothing; a report that
could not be made is said once per attempt and tried at the next check. It runs in a thread
of its own: a year's report takes seconds and `serve` keeps taking batches meanwhile. Two
runs never overlap.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from foundation import atomicio
from foundation.i18n import Lang, Problem
from foundation.wire import utcnow
from inventory.config import HubConfig
from inventory.messages import T
from inventory.reports import periodreport
from inventory.reports.period import Period, containing
from inventory.store.layout import Layout


@dataclass(frozen=True)
class Due:
    period: Period
    fmt: str
    lang: Lang
    path: Path


def due(config: HubConfig, now: datetime) -> list[Due]:
    """The files of ended periods that are due by `now` and not made yet."""
    settings = config.reports
    tz = config.office.timezone
    local = now.astimezone(tz)
    try:
        since = datetime.fromtimestamp(Layout(config.hub_dir).marker.stat().st_mtime, UTC)
    except OSError:
        return []
    out = []
    for kind in settings.periods:
        ended = containing(kind, local.date()).previous()
        if local < datetime.combine(ended.end, settings.time, tz):
            continue
        if ended.bounds(tz)[1] <= since:
            continue
        for fmt in settings.formats:
            for lang in settings.langs:
                path = config.reports_dir / periodreport.file_name(ended, fmt, lang)
                if not path.exists():
                    out.append(Due(ended, fmt, lang, path))
    return out


def make_due(
    config: HubConfig, log: Callable[[str], None], lang: Lang, now: datetime | None = None
) -> list[Path]:
    """Make every due file; returns those written."""
    written = []
    for item in due(config, now or utcnow()):
        try:
            body = periodreport.make(config, item.period, item.fmt, item.lang)
            config.reports_dir.mkdir(parents=True, exist_ok=True)
            atomicio.write_bytes(item.path, body)
        except (Problem, OSError) as exc:
            reason = exc.text(lang) if isinstance(exc, Problem) else exc.strerror or str(exc)
            log(T(lang, "hub.report_failed", file=item.path.name, reason=reason))
            continue
        log(T(lang, "hub.report_made", file=str(item.path)))
        written.append(item.path)
    return written


class Scheduler:
    """Starts `make_due` in a thread when something is due, never two at once."""

    def __init__(self, config: HubConfig, log: Callable[[str], None], lang: Lang) -> None:
        self.config, self.log, self.lang = config, log, lang
        self._running: threading.Thread | None = None

    def check(self, now: datetime | None = None) -> bool:
        """Start a run if files are due and none is running; True when one was started."""
        if self._running is not None and self._running.is_alive():
            return False
        if not due(self.config, now or utcnow()):
            return False
        self._running = threading.Thread(
            target=make_due, args=(self.config, self.log, self.lang), name="reports", daemon=True
        )
        self._running.start()
        return True

    def join(self, timeout: float | None = None) -> None:
        if self._running is not None:
            self._running.join(timeout)
