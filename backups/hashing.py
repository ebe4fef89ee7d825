"""SHA-256 of file contents on threads of their own, beside the thread that reads them.

Hashing every file is the largest share of the CPU time of both `create` and a restore
test. hashlib lets go of the GIL while it hashes, so on threads of their own the hashes run
on the other cores while the reading thread reads the next piece and hands it on (to zstd
when creating, to nothing when testing). One file's digest is one sequence of work, but
different files are independent: each file goes to the hashing thread (lane) with the
least work waiting, one lane per core, so that when compression and encryption leave cores
idle (text compresses fast) hashing uses them instead of holding the run up.

Pieces read through `pieces()` travel in a ring of SLOTS buffers: the reader waits for a
free one when the hashing lags, so memory stays at SLOTS * PIECE bytes, and a short stall
of one side does not stop the other. A file of one piece is hashed at once by the reader:
handing it over would cost more than the hash.
"""

from __future__ import annotations

import hashlib
import os
import queue
import threading
from collections.abc import Callable, Iterator
from types import TracebackType

PIECE = 128 * 1024
"""Contents are read in pieces of this size: small enough to stay in the CPU's cache from
the read to the copy into zstd, which is several times faster than megabytes at once."""
SLOTS = 128
"""Pieces read but not yet hashed: 16 MB, enough for the reader and the hashing not to wait
for each other when the other stages of the pipeline take their turns on the cores."""

Done = Callable[[str], None]
"""Receives a file's SHA-256 (hex), on a hashing thread."""


def cores() -> int:
    """The cores this process may run on (as `zstd -T0` counts them)."""
    getter = getattr(os, "sched_getaffinity", None)
    return len(getter(0)) if getter is not None else (os.cpu_count() or 1)


class PieceHasher:
    """Use as a context manager; every `done` has been called when the block is left.

    Two ways to feed it, one file after the other: `pieces()` reads into the hasher's own
    ring of buffers (a restore test); `update()` and `end()` hash memory that the caller
    owns and keeps unchanged until a `then` call placed after it has run (`create`, which
    reads into the segments that zstd compresses)."""

    def __init__(self, lanes: int | None = None) -> None:
        self._free: queue.SimpleQueue[bytearray] = queue.SimpleQueue()
        self._made = 0
        """Buffers are made as they are first needed: a small run does not pay for SLOTS."""
        self._lanes = [_Lane(self._free) for _ in range(lanes or cores())]
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

    def update(self, data: memoryview, piece: bytearray | None = None) -> None:
        """Add `data` to the current file's digest, later, on a hashing thread; `piece`, a
        buffer of the ring, goes back to the ring once hashed."""
        if self._lane is None:
            self._lane = min(self._lanes, key=lambda lane: lane.work.qsize())
        self._lane.work.put((data, piece))

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

    def pieces(
        self, size: int, read: Callable[[memoryview], int], done: Done
    ) -> Iterator[memoryview]:
        """The `size` bytes of one file, as pieces filled by `read` (which returns how many
        bytes it put in, never 0). Each piece may be used until the next one is asked for;
        all of them are hashed, and `done` gets the digest."""
        alone = hashlib.sha256() if size <= PIECE else None
        left = size
        while left:
            piece = self._piece()
            view = memoryview(piece)[: min(PIECE, left)]
            data = view[: read(view)]
            yield data
            left -= len(data)
            if alone is not None:
                alone.update(data)
                self._free.put(piece)
            else:
                self.update(data, piece)
        if alone is not None:
            done(alone.hexdigest())
        else:
            self.end(done)

    def _piece(self) -> bytearray:
        try:
            return self._free.get_nowait()
        except queue.Empty:
            if self._made == SLOTS:
                return self._free.get()
            self._made += 1
            return bytearray(PIECE)


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

    def __init__(self, ring: queue.SimpleQueue[bytearray]) -> None:
        self.ring = ring
        self.work: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self.error: BaseException | None = None
        """The first failure, raised by PieceHasher.__exit__. The lane goes on taking work
        (pieces back to the ring, countdowns arriving), so that no reader waits for ever."""
        self.thread = threading.Thread(target=self._run, name="sha256", daemon=True)

    def _run(self) -> None:
        digest = hashlib.sha256()
        while (item := self.work.get()) is not None:
            if isinstance(item, tuple):
                data, piece = item
                if self.error is None:
                    digest.update(data)
                if piece is not None:
                    self.ring.put(piece)
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


_Item = tuple[memoryview, bytearray | None] | Done | _Countdown
