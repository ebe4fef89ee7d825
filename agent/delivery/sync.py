"""Offer the outbox to the hub, forget only what the hub acknowledged, and back off while the
hub cannot be reached.

After a failed attempt the next one waits `retry_min_seconds`, doubled with each further
failure up to `retry_max_seconds`, each wait drawn at random from its upper half so that the
agents of an office do not all return at the same moment. Success resets it. What happened
is kept in `sync-state.json` in the agent's data folder, for `soumnet-agent status`.
"""

from __future__ import annotations

import contextlib
import io
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from agent.delivery.outbox import Outbox
from agent.delivery.transport import Transport
from agent.settings.agent import AgentSettings
from foundation import atomicio
from foundation.i18n import Problem
from foundation.jsonfile import read_json
from foundation.wire import batch_header, dumps, format_ts, parse_ts

STATE_FILE = "sync-state.json"


@dataclass(frozen=True)
class SyncResult:
    accepted: int
    rejected: list[dict[str, str]]
    remaining: int
    batches: int = 0
    """Batches the hub answered (0: there was nothing to send, the hub was not contacted)."""
    steer: dict[str, Any] | None = None
    """What the hub asked of this agent in its last answer (`agent.steer`), if anything."""


class _Batch(io.BytesIO):
    """The next batch, taken from the outbox only when the transport starts sending it, so
    an attempt that cannot even connect costs nothing."""

    def __init__(self, outbox: Outbox, agent: str, limit: int, max_bytes: int | None) -> None:
        super().__init__()
        self.ids: list[str] = []
        self._take = lambda: outbox.pending(limit, max_bytes)
        self._agent = agent
        self._taken = False

    def read(self, size: int | None = -1, /) -> bytes:
        if not self._taken:
            self._taken = True
            lines = self._take()
            self.ids = [rid for rid, _ in lines]
            text = "\n".join([batch_header(self._agent, len(lines)), *(li for _, li in lines)])
            self.write((text + "\n").encode("utf-8"))
            self.seek(0)
        return super().read(size)


def sync_once(
    outbox: Outbox,
    transport: Transport,
    agent: str,
    max_reports: int,
    max_bytes: int | None = None,
) -> SyncResult:
    """Send batches until the outbox is empty; DeliveryError leaves the rest in place."""
    accepted = 0
    rejected: list[dict[str, str]] = []
    batches = 0
    steer: dict[str, Any] | None = None
    while not outbox.empty():
        batch = _Batch(outbox, agent, max_reports, max_bytes)
        reply = transport.exchange(batch)
        batches += 1
        if isinstance(reply.get("steer"), dict):
            steer = reply["steer"]
        sent = set(batch.ids)
        acked = {i for i in reply.get("accepted", []) if i in sent}
        refused = [r for r in reply.get("rejected", []) if r.get("id") in sent]
        outbox.forget(acked | {r["id"] for r in refused})
        accepted += len(acked)
        rejected += refused
        if not acked and not refused:
            break
    return SyncResult(accepted, rejected, outbox.depth(), batches, steer)


@dataclass(frozen=True)
class SyncState:
    last_success: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    failures: int = 0
    """Failed attempts since the last success."""
    next_attempt: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        for name in ("last_success", "last_error_at", "next_attempt"):
            value = out[name]
            out[name] = format_ts(value) if value is not None else None
        return out


def state_path(folder: Path) -> Path:
    return folder / STATE_FILE


def load_state(folder: Path) -> SyncState:
    """The kept state; a missing file is a fresh agent (DamagedFile if it is not JSON)."""
    data = read_json(state_path(folder))
    if not isinstance(data, dict):
        return SyncState()

    def when(name: str) -> datetime | None:
        value = data.get(name)
        try:
            return parse_ts(value, name) if isinstance(value, str) else None
        except ValueError:  # a time that is not one: unknown
            return None

    error = data.get("last_error")
    failures = data.get("failures")
    return SyncState(
        last_success=when("last_success"),
        last_error=error if isinstance(error, str) else None,
        last_error_at=when("last_error_at"),
        failures=failures if isinstance(failures, int) and failures > 0 else 0,
        next_attempt=when("next_attempt"),
    )


def save_state(folder: Path, state: SyncState) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    atomicio.write_text(state_path(folder), dumps(state.to_json()) + "\n")


def retry_delay(failures: int, settings: AgentSettings, draw: Callable[[], float]) -> float:
    """Seconds to wait after the `failures`-th failure in a row (`draw()` in [0, 1))."""
    low, high = (
        settings.retry_min_seconds,
        max(settings.retry_min_seconds, settings.retry_max_seconds),
    )
    ceiling = min(high, low * 2.0 ** min(max(failures - 1, 0), 64))
    return max(low, ceiling * (0.5 + 0.5 * draw()))


@dataclass
class Syncer:
    """One agent's sync attempts: delivers the outbox and keeps the state and the back-off."""

    outbox: Outbox
    transport: Transport
    agent: str
    settings: AgentSettings
    folder: Path
    clock: Callable[[], datetime]
    draw: Callable[[], float] = random.random

    def attempt(self) -> tuple[SyncState, SyncResult | None, Problem | OSError | None]:
        """Roll up what is old, then offer the outbox; returns the new state, the result or
        the error (never raises them)."""
        try:
            state = load_state(self.folder)
        except Problem:
            state = SyncState()  # a damaged state file is only history: start afresh
        result: SyncResult | None = None
        error: Problem | OSError | None = None
        try:
            keep = timedelta(hours=self.settings.raw_keep_hours)
            self.outbox.roll_up(self.agent, keep, self.clock())
            result = sync_once(
                self.outbox,
                self.transport,
                self.agent,
                self.settings.batch_max_reports,
                self.settings.batch_max_bytes,
            )
        except (Problem, OSError) as exc:
            error = exc
        now = self.clock()
        if error is None:
            wait = float(self.settings.sync_interval_seconds)
            if result is not None and result.batches:  # the hub answered
                state = replace(state, last_success=now, failures=0)
        else:
            failures = state.failures + 1
            wait = retry_delay(failures, self.settings, self.draw)
            state = replace(state, last_error=str(error), last_error_at=now, failures=failures)
        state = replace(state, next_attempt=now + timedelta(seconds=wait))
        with contextlib.suppress(OSError):  # the state is for `status` only
            save_state(self.folder, state)
        return state, result, error
