"""zstd frames compressed on a pool of threads, and the hasher that shares their segments:
the frames join to the exact stream in order (stock `zstd -d` agrees), a segment is never
reused before it is hashed, and memory stays bounded when the hasher lags."""

from __future__ import annotations

import functools
import hashlib
import io
import random
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
import zstandard

from backups import frames as frames_mod
from backups.frames import SEGMENT, FrameWriter
from backups.hashing import PIECE, PieceHasher
from tests.conftest import require_program


def stream_bytes(size: int) -> bytes:
    """Half text that compresses well, half random bytes that do not."""
    rng = random.Random(8)
    text = ("ажилтан цалин тушаал " * (size // 60 + 1)).encode()[: size // 2]
    return text + rng.randbytes(size - len(text))


def write_through(data: bytes, hasher: PieceHasher, workers: int = 2) -> bytes:
    """`data` written as a tar writer does: small writes and reads in place, mixed."""
    out = io.BytesIO()
    with ThreadPoolExecutor(workers) as pool:
        frames = FrameWriter(out, 3, hasher, pool, workers)
        view = memoryview(data)
        rng = random.Random(9)
        while view:
            if rng.random() < 0.3:
                count = min(len(view), rng.randint(1, 1500))
                frames.write(view[:count])
            else:
                place = frames.space(min(PIECE, len(view)))
                count = len(place)
                place[:] = view[:count]
                hasher.update(place)
                frames.advance(count)
            view = view[count:]
        frames.close()
    return out.getvalue()


def test_frames_join_to_the_stream_in_order_and_stock_zstd_reads_them() -> None:
    data = stream_bytes(3 * SEGMENT + 12_345)
    with PieceHasher() as hasher:
        compressed = write_through(data, hasher)
    first = zstandard.ZstdDecompressor().decompressobj().decompress(compressed)
    assert len(first) == SEGMENT, "one frame per segment"
    whole = zstandard.ZstdDecompressor().decompressobj(read_across_frames=True)
    assert whole.decompress(compressed) == data
    zstd = require_program("zstd")
    stock = subprocess.run([zstd, "-d", "-c"], input=compressed, capture_output=True, check=True)
    assert stock.stdout == data


class LaggingHasher(PieceHasher):
    """A hasher whose `then` calls wait until the test lets them through."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[Callable[[], None]] = []
        self.lock = threading.Lock()

    def then(self, call: Callable[[], None]) -> None:
        with self.lock:
            self.held.append(call)

    def release(self) -> None:
        with self.lock:
            calls, self.held = self.held, []
        for call in calls:
            call()


@pytest.mark.parametrize("workers", [2, 16])
def test_segments_wait_for_the_hasher_and_stay_bounded(workers: int) -> None:
    """Two cores: 4 segments in flight; sixteen: still MAX_FLIGHT, not 18."""
    data = stream_bytes(10 * SEGMENT)
    hasher = LaggingHasher()
    result: list[bytes] = []
    with hasher:
        writer = threading.Thread(
            target=lambda: result.append(write_through(data, hasher, workers)), daemon=True
        )
        writer.start()
        limit = min(workers + 2, frames_mod.MAX_FLIGHT)
        deadline = time.monotonic() + 20
        while len(hasher.held) < limit and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)  # time to go past the limit, if it could
        assert writer.is_alive(), "the writer must wait while no segment has been hashed"
        assert len(hasher.held) == limit
        while writer.is_alive():
            hasher.release()
            writer.join(0.05)
    decompressed = zstandard.ZstdDecompressor().decompressobj(read_across_frames=True)
    assert decompressed.decompress(result[0]) == data


def test_files_whole_in_a_segment_are_hashed_with_it_and_the_rest_by_the_lanes() -> None:
    rng = random.Random(10)
    files = [rng.randbytes(n) for n in (0, 1, PIECE, PIECE + 1, 5 * PIECE + 3, SEGMENT + 7)]
    digests: dict[int, str] = {}
    out = io.BytesIO()
    pool, workers = frames_mod.pool()
    with PieceHasher() as hasher, pool:
        writer = frames_mod.FrameWriter(out, 3, hasher, pool, workers)
        for number, content in enumerate(files * 3):
            done = functools.partial(digests.__setitem__, number)
            writer.write(b"h" * 512)
            place = writer.space(len(content) + 1)
            if len(place) > len(content):
                place[: len(content)] = content
                writer.hash_here(len(content), done)
                writer.advance(len(content))
                continue
            view = memoryview(content)
            while view:
                place = writer.space(min(PIECE, len(view)))
                place[:] = view[: len(place)]
                hasher.update(place)
                writer.advance(len(place))
                view = view[len(place) :]
            hasher.end(done)
        writer.close()
    assert digests == {n: hashlib.sha256(c).hexdigest() for n, c in enumerate(files * 3)}


def test_a_failing_digest_receiver_is_raised_when_the_hasher_closes() -> None:
    ran: list[str] = []

    def broken(_sha256: str) -> None:
        raise RuntimeError("receiver failed")

    with pytest.raises(RuntimeError, match="receiver failed"), PieceHasher() as hasher:
        hasher.update(memoryview(b"x" * 5000))
        hasher.end(broken)
        hasher.then(lambda: ran.append("then"))
    assert ran == ["then"], "`then` calls still run after a failure: no writer waits forever"


def test_then_runs_only_when_every_lane_has_hashed_what_came_before() -> None:
    rng = random.Random(11)
    files = [rng.randbytes(40 * PIECE + 5), rng.randbytes(3 * PIECE), rng.randbytes(9 * PIECE)]
    digests: dict[int, str] = {}
    seen_by_then: list[dict[int, str]] = []
    with PieceHasher(lanes=3) as hasher:
        for number, content in enumerate(files):
            view = memoryview(content)
            for start in range(0, len(content), PIECE):
                hasher.update(view[start : start + PIECE])
            hasher.end(functools.partial(digests.__setitem__, number))
        hasher.then(lambda: seen_by_then.append(dict(digests)))
    expected = {n: hashlib.sha256(c).hexdigest() for n, c in enumerate(files)}
    assert seen_by_then == [expected]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("random", True), ("text", False), ("half", False), ("short", False)],
)
def test_only_segments_incompressible_throughout_take_the_fast_level(
    kind: str, expected: bool
) -> None:
    """Photographs and zip-based office files gain nothing from level 3; a segment with any
    text in it keeps level 3."""
    noise = random.Random(12).randbytes(SEGMENT)
    text = stream_bytes(2 * SEGMENT)[:SEGMENT]
    data = {
        "random": noise,
        "text": text,
        "half": noise[: SEGMENT // 2] + text[: SEGMENT // 2],
        "short": noise[:1000],
    }[kind]
    fast = zstandard.ZstdCompressor(level=frames_mod.FAST_LEVEL)
    assert frames_mod._incompressible(memoryview(data), fast) is expected
