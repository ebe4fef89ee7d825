"""SHA-256 of file contents on threads of their own, beside the thread that reads them.

Hashing every file is the largest share of the CPU time of both `create` and a restore
test. hashlib lets go of the GIL while it hashes, so on threads of their own the hashes run
on the other cores while the reading thread reads the next piece and hands it on (to zstd
when creating, to nothing when testing). One file's digest is one sequence of work, but
different files are independent: each file goes to the hashing thread (lane) with the
least work waiting, one lane per core, so that when compression and encryption leave cores
idle (text compresses fast) hashing uses them instead of holding the run up.

Only files that go on past the segment they start in come here (`backups.frames` hashes
the others with their segment); their pieces stay in the segment until hashed.
"""

from __future__ import annotations

import hashlib
import os
import queue
import threading
from collections.abc import Callable
from types import TracebackType

PIECE = 128 * 1024
"""Large contents are read in pieces of this size: each is handed to a hashing thread."""

Done = Callable[[str], None]
"""Receives a file's SHA-256 (hex), on a hashing thread."""


def cores() -> int:
    """The cores this process may run on (as `zstd -T0` counts them)."""
    getter = getattr(os, "sched_getaffinity", None)
    return len(getter(0)) if getter is not None else (os.cpu_count() or 1)


class PieceHasher:
    """Use as a context manager; every `done` has been called when the block is left.

    `update()` and `end()`, one file after the other, hash memory that the caller owns and
    keeps unchanged until a `then` call placed after it has run (`create`, which reads into
    the segments that zstd compresses)."""

    def __init__(self, lanes: int | None = None) -> None:
        self._lanes = [_Lane() for _ in range(lanes or cores())]
        self._lane: _Lane | None = None
        """The lane of the file being handed over."""

    def __enter__(self) -> PieceHasher:
        for lane in self._lanes:
            lane.thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for lane in self._lanes:
            lane.work.put(None)
        for lane in self._lanes:
            lane.thread.join()
        errors = [lane.error for lane in self._lanes if lane.error is not None]
        if errors and value is None:
            raise errors[0]

    def update(self, data: memoryview) -> None:
        """Add `data` to the current file's digest, later, on a hashing thread."""
        if self._lane is None:
            self._lane = min(self._lanes, key=lambda lane: lane.work.qsize())
        self._lane.work.put(data)

    def end(self, done: Done) -> None:
        """The current file is complete: `done` gets its digest; the next file begins."""
        if self._lane is None:  # an empty file handed over as such
            done(hashlib.sha256().hexdigest())
            return
        self._lane.work.put(done)
        self._lane = None

    def then(self, call: Callable[[], None]) -> None:
        """Run `call` once everything handed over before is hashed, on every lane."""
        countdown = _Countdown(len(self._lanes), call)
        for lane in self._lanes:
            lane.work.put(countdown)


class _Countdown:
    """Calls `call` when every lane has arrived."""

    def __init__(self, lanes: int, call: Callable[[], None]) -> None:
        self.left = lanes
        self.call = call
        self.lock = threading.Lock()

    def arrive(self) -> None:
        with self.lock:
            self.left -= 1
            last = self.left == 0
        if last:
            self.call()


class _Lane:
    """One hashing thread and the work waiting for it, in order."""

    def __init__(self) -> None:
        self.work: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self.error: BaseException | None = None
        """The first failure, raised by PieceHasher.__exit__. The lane goes on taking work
        (countdowns arriving), so that no reader waits for ever."""
        self.thread = threading.Thread(target=self._run, name="sha256", daemon=True)

    def _run(self) -> None:
        digest = hashlib.sha256()
        while (item := self.work.get()) is not None:
            if isinstance(item, memoryview):
                if self.error is None:
                    digest.update(item)
            elif isinstance(item, _Countdown):
                try:
                    item.arrive()
                except BaseException as exc:
                    self.error = self.error or exc
            else:
                try:
                    if self.error is None:
                        item(digest.hexdigest())
                except BaseException as exc:
                    self.error = exc
                digest = hashlib.sha256()


_Item = memoryview | Done | _Countdown
