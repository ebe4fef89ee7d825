"""`soumnet-hub serve`: the one process that writes the store.

People's changes reach it too, through the door (`inventory.intake.door`, `<data>/serve.sock`),
which it keeps open while it runs.

It moves spooled batches into the store, oldest first, and removes a batch only after the
store writes it caused are durable. A second `serve` on the same data folder is refused. A
full disk stops nothing: it is said once, the spool keeps every batch, and they are applied
when there is room again.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import IO

from foundation.i18n import Lang, Problem
from foundation.wire import Report, WireError
from inventory.config import HubConfig
from inventory.intake import door, spool
from inventory.messages import T
from inventory.notify.service import Notifier
from inventory.records import alerts, devices
from inventory.reports.schedule import Scheduler
from inventory.risks import documents
from inventory.settings.records import AlertSettings
from inventory.steer import book
from inventory.store import history
from inventory.store.layout import Layout
from inventory.store.store import Store

ALERT_EVERY_SECONDS = 60.0
"""How often `serve` evaluates alerts when no batch arrives (agent silence, overdue archives)."""


GROUP_REPORTS = 5000
"""Batches waiting in the spool are applied together up to about this many reports."""
ROLLUP_EVERY_SECONDS = 3600.0
"""How often `serve` folds old history shards into hourly and daily roll-ups."""
ROLLUP_FIRST_SECONDS = 300.0
REPORTS_EVERY_SECONDS = 300.0
"""How often `serve` looks whether a period's report is due (`reports.schedule`)."""
FULL_RETRY_SECONDS = 5.0
"""How often `serve` tries again while the disk is full."""
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


class AlreadyServing(Problem):
    """Another `serve` holds the data folder's lock."""

    def __init__(self, folder: object) -> None:
        super().__init__(T, "hub.already_serving", folder=folder)


def lock(layout: Layout) -> IO[str]:
    handle = layout.serve_lock.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise AlreadyServing(layout.root) from None
    handle.seek(0)
    handle.truncate()
    with contextlib.suppress(OSError):  # on a full disk the lock holds without the pid in it
        os.write(handle.fileno(), f"{os.getpid()}\n".encode())
    return handle


def sweep_temporary(folder: Path, older_than: float = 600.0) -> int:
    """Remove temporary files left by a writer that was killed mid-write."""
    removed = 0
    cutoff = time.time() - older_than
    for path in folder.rglob(".*.tmp"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    return removed


def drain(
    layout: Layout,
    store: Store,
    log: Callable[[str], None] = print,
    lang: Lang = "en",
    alert_settings: AlertSettings | None = None,
    after_alerts: Callable[[], object] | None = None,
) -> int:
    """Apply every pending batch; returns how many batches were applied.

    Waiting batches are applied together, up to `GROUP_REPORTS` reports at a time, so that
    the shared files (latest state, device records) are written once per group rather than
    once per agent's batch; a group's batches are removed from the spool only after its store
    writes are durable (applying is idempotent, so a crash in between repeats nothing).
    Each group is applied under the data folder's write lock (shared with people's edits);
    device records are updated from it first, and alerts are evaluated after the batches
    when `alert_settings` is given."""
    applied = 0
    group: list[Path] = []
    reports: list[Report] = []
    for path in spool.pending(layout.spool):
        try:
            found = spool.read_batch(path)
        except (WireError, UnicodeDecodeError) as exc:
            kept = spool.quarantine(path)
            log(T(lang, "hub.batch_quarantined", name=path.name, kept=kept, reason=exc))
            continue
        group.append(path)
        reports.extend(found)
        if len(reports) >= GROUP_REPORTS:
            applied += _apply_group(layout, store, group, reports)
            group, reports = [], []
    if group:
        applied += _apply_group(layout, store, group, reports)
    if applied and alert_settings is not None:
        with layout.write_lock():
            alerts.evaluate(layout, alert_settings)
        if after_alerts is not None:
            after_alerts()
    return applied


def _apply_group(layout: Layout, store: Store, group: list[Path], reports: list[Report]) -> int:
    with layout.write_lock():
        devices.apply_reports(layout, reports)
        store.apply(reports)
        book.record(layout, reports)  # what agents did with the hub's settings and tasks
        stale = documents.record(layout, reports)  # posture and software, sent as changes
        if stale:
            book.ask_whole(layout, stale)
    spool.remove_applied(group)
    return len(group)


def serve(
    config: HubConfig,
    once: bool = False,
    log: Callable[[str], None] = print,
    lang: Lang = "en",
) -> int:
    layout = Layout(config.hub_dir)
    layout.check()
    holder = lock(layout)
    stop = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {s: signal.signal(s, _stop) for s in (signal.SIGTERM, signal.SIGINT)}
    store = Store(layout)
    sweep_temporary(layout.store)
    last_evaluated = -ALERT_EVERY_SECONDS
    # the first roll-up comes a few minutes after start (never in --once, which only applies
    # what is waiting), so a serve restarted in a loop does not fold shards on every start
    last_rollup = time.monotonic() - ROLLUP_EVERY_SECONDS + ROLLUP_FIRST_SECONDS
    full = False  # the disk was full: said once, until a batch is applied again
    scheduler = Scheduler(config, log, lang)
    last_reports = -REPORTS_EVERY_SECONDS
    notifier = Notifier(config, layout, log, lang)
    opened = contextlib.ExitStack()
    try:
        opened.enter_context(door.opened(config, layout))
        if not once:
            notifier.start()
        while not stop.is_set():
            wait = config.hub.spool_poll_seconds
            try:
                if drain(layout, store, log, lang, config.alerts, notifier.plan):
                    last_evaluated = time.monotonic()
                    if full:
                        log(T(lang, "hub.disk_room"))
                        full = False
                elif once or time.monotonic() - last_evaluated >= ALERT_EVERY_SECONDS:
                    # nothing arrived: evaluate anyway now and then, so that silence is noticed
                    with layout.write_lock():
                        alerts.evaluate(layout, config.alerts)
                        for task in book.expire(layout):
                            log(T(lang, "hub.task_expired", id=task["id"], agent=task["agent"]))
                    notifier.plan()
                    last_evaluated = time.monotonic()
                if not once and time.monotonic() - last_rollup >= ROLLUP_EVERY_SECONDS:
                    with layout.write_lock():
                        history.rollup(layout, config.history)
                    last_rollup = time.monotonic()
                if not once and time.monotonic() - last_reports >= REPORTS_EVERY_SECONDS:
                    scheduler.check()
                    last_reports = time.monotonic()
            except OSError as exc:
                # A full disk is no reason to stop: every store file is replaced atomically
                # and a batch leaves the spool only once applied, so nothing is lost.
                if once or exc.errno not in DISK_FULL:
                    raise
                if not full:
                    pending = len(spool.pending(layout.spool))
                    log(
                        T(
                            lang,
                            "hub.disk_full",
                            folder=layout.root,
                            reason=exc.strerror,
                            pending=pending,
                        )
                    )
                    full = True
                wait = max(wait, FULL_RETRY_SECONDS)
            if once:
                for name in notifier.channels:  # --once delivers what it queued, then exits
                    notifier.sender.cycle(name)
                break
            stop.wait(wait)
    finally:
        notifier.stop()
        opened.close()
        scheduler.join(timeout=60)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        holder.close()
    return 0
