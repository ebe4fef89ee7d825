"""A batch's refusal and its time limit, shared by the intake and the archive receiver so that
neither has to import the other."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class BatchError(Exception):
    """The batch as a whole cannot be taken; the reason goes back to the agent."""


@contextmanager
def time_limit(seconds: float, stage: str) -> Iterator[None]:
    """Interrupt a blocking read (SIGALRM) when `stage` takes longer than `seconds`. Signals
    reach only the main thread: a caller running `run` on another thread bounds it itself (the
    forced command always runs on its main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(_signum: int, _frame: object) -> None:
        raise BatchError(f"{stage} not received within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
