"""`soumnet-hub serve`: the one process that writes the store.

It moves spooled batches into the store, oldest first, and removes a batch only after the
store writes it caused are durable. A second `serve` on the same data folder is refused.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import IO

from agent.config import Config
from agent.i18n import Lang, Problem
from agent.wire import WireError
from inventory import spool
from inventory.layout import Layout
from inventory.messages import T
from inventory.store import Store


class AlreadyServing(Problem):
    """Another `serve` holds the data folder's lock."""

    def __init__(self, folder: object) -> None:
        super().__init__(T, "hub.already_serving", folder=folder)


def lock(layout: Layout) -> IO[str]:
    handle = (layout.root / "serve.lock").open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise AlreadyServing(layout.root) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
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
    layout: Layout, store: Store, log: Callable[[str], None] = print, lang: Lang = "en"
) -> int:
    """Apply every pending batch; returns how many batches were applied."""
    applied = 0
    for path in spool.pending(layout.spool):
        try:
            reports = spool.read_batch(path)
        except (WireError, UnicodeDecodeError) as exc:
            kept = spool.quarantine(path)
            log(T(lang, "hub.batch_quarantined", name=path.name, kept=kept, reason=exc))
            continue
        store.apply(reports)
        spool.remove_applied(path)
        applied += 1
    return applied


def serve(
    config: Config,
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
    try:
        while not stop.is_set():
            drain(layout, store, log, lang)
            if once:
                break
            stop.wait(config.hub.spool_poll_seconds)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        holder.close()
    return 0
