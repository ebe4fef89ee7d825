"""zstd on every core: the tar stream cut into segments, each compressed as a zstd frame of
its own on a pool of threads, and the frames written in their order.

RFC 8878 lets a zstd stream be any number of frames one after the other; `zstd -d` (and
every reader that reads across frames) returns the concatenation of their contents, so the
archive still decompresses as one tar stream (see FORMAT.md). zstd's own multithreading
copies every input byte into its job buffers and keeps its jobs in step; here each worker
compresses straight from the segment the files were read into. On a two-core machine that
made `create` about 7% faster. Segments of 8 MiB are the job size zstd's multithreading
uses at level 3, and compress within a fraction of a percent of one long frame.

A segment is used again only when its frame is written and the hashing threads
(`backups.hashing`), which hash file contents in place, have finished with it; at most
`2 * workers + 2` segments, and never more than MAX_FLIGHT, are in flight, so memory stays
bounded whatever the size of the archive or the number of cores.
"""

from __future__ import annotations

import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO

import zstandard

from backups.hashing import PieceHasher, cores

SEGMENT = 8 * 1024 * 1024
MAX_FLIGHT = 6
"""Segments in flight at most, with their frames (as large as the segment when nothing
compresses): about 100 MB, the same on two cores and on sixteen."""
FAST_LEVEL = 1
PROBES = 4
PROBE = 16 * 1024
INCOMPRESSIBLE = 0.98
"""A segment whose PROBES samples of PROBE bytes, from its start to its end, shrink by less
than 2% at FAST_LEVEL is compressed at FAST_LEVEL: already-compressed data (photographs,
PDF and office files, which are zip) gains nothing from level 3, which costs three times
the time on it. A segment that holds anything compressible keeps the normal level."""


def pool() -> tuple[ThreadPoolExecutor, int]:
    """A thread per core for the frames, and their number."""
    workers = cores()
    return ThreadPoolExecutor(workers, thread_name_prefix="zstd"), workers


class FrameWriter:
    """Write the stream with `write` (small pieces: headers, padding) or `space` and
    `advance` (file contents read in place), and `close()` once everything is written.
    The frames are compressed on `pool`, a pool of `workers` threads (see `pool()`)."""

    def __init__(
        self,
        out: IO[bytes],
        level: int,
        hasher: PieceHasher,
        pool: ThreadPoolExecutor,
        workers: int,
    ) -> None:
        self._out = out
        self._level = level
        self._hasher = hasher
        self._pool = pool
        self._local = threading.local()
        self._limit = min(2 * workers + 2, MAX_FLIGHT)
        self._flight: deque[tuple[Future[bytes], threading.Event, bytearray]] = deque()
        self._spare: list[bytearray] = []
        self._segment = bytearray(SEGMENT)
        self._view = memoryview(self._segment)
        self._used = 0
        self.offset = 0
        """Bytes of the stream so far (before compression)."""

    def write(self, data: bytes | memoryview) -> None:
        view = memoryview(data)
        while view:
            count = min(len(view), SEGMENT - self._used)
            self._view[self._used : self._used + count] = view[:count]
            view = view[count:]
            self.advance(count)

    def space(self, want: int) -> memoryview:
        """Where the next at most `want` bytes go; `advance` says how many were put there."""
        return self._view[self._used : self._used + min(want, SEGMENT - self._used)]

    def advance(self, count: int) -> None:
        self._used += count
        self.offset += count
        if self._used == SEGMENT:
            self._submit()

    def close(self) -> None:
        """The last segment, and every frame written."""
        if self._used:
            self._submit()
        self._drain(keep=0)

    def _submit(self) -> None:
        hashed = threading.Event()
        self._hasher.then(hashed.set)
        future = self._pool.submit(self._compress, self._view[: self._used])
        self._flight.append((future, hashed, self._segment))
        self._drain(keep=self._limit - 1)
        self._segment = self._spare.pop() if self._spare else bytearray(SEGMENT)
        self._view = memoryview(self._segment)
        self._used = 0

    def _drain(self, keep: int) -> None:
        """Write the frames that are ready, in order; wait for the oldest while more than
        `keep` segments are in flight."""
        while self._flight and (len(self._flight) > keep or self._ready(*self._flight[0])):
            future, hashed, segment = self._flight.popleft()
            self._out.write(future.result())
            hashed.wait()
            self._spare.append(segment)

    @staticmethod
    def _ready(future: Future[bytes], hashed: threading.Event, _segment: bytearray) -> bool:
        """Compressed and hashed: taking it now makes nobody wait."""
        return future.done() and hashed.is_set()

    def _compress(self, data: memoryview) -> bytes:
        made: tuple[zstandard.ZstdCompressor, zstandard.ZstdCompressor] | None
        made = getattr(self._local, "zstd", None)
        if made is None:
            made = self._local.zstd = (
                zstandard.ZstdCompressor(level=self._level),
                zstandard.ZstdCompressor(level=FAST_LEVEL),
            )
        normal, fast = made
        return (fast if _incompressible(data, fast) else normal).compress(data)


def _incompressible(data: memoryview, fast: zstandard.ZstdCompressor) -> bool:
    """Whether samples from all over the segment stay incompressible even at FAST_LEVEL."""
    if len(data) < PROBES * PROBE:
        return False
    step = len(data) // PROBES
    for start in range(0, PROBES * step, step):
        sample = data[start : start + PROBE]
        if len(fast.compress(sample)) < INCOMPRESSIBLE * len(sample):
            return False
    return True
