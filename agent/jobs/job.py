"""Scheduled work of the agent service: each job measures and returns reports for the outbox.

A job's next run is scheduled from when its last run ended, so runs never overlap. Parts of
the agent (health, network polling, backups) each contribute jobs; `agent.service.loop` runs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from foundation.wire import Report


@dataclass(frozen=True)
class Job:
    name: str
    interval_seconds: float
    run: Callable[[], list[Report]]
    """Measure; the reports go to the outbox. An exception is logged, the job runs again."""
    whole: Callable[[], list[Report]] | None = None
    """What the `scan` task runs: a job whose documents travel as changes sends them whole
    (the hub lost track of them); None: the job takes no part in a scan."""
