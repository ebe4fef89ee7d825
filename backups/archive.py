"""Create an archive: one stream tar (pax, UTF-8) -> zstd (multithreaded) -> age.

Nothing is held in memory whole: tar members are read in chunks, compressed in a
zstd stream, and a background thread encrypts the compressed stream into a `.partial`
file, which is fsynced and renamed only when complete. The archive's SHA-256 and the
manifest (every entry's path, type, size, mtime, mode, SHA-256) are computed on the way.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tarfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyrage
import zstandard

from agent import atomicio
from backups.messages import BackupProblem

CHUNK = 1024 * 1024
TAR_BLOCK = 64 * 1024
"""tarfile's stream buffer grows by concatenation: larger buffers or copies are quadratic."""
Progress = Callable[[str, int, int], None]
"""Called with (current path, entries done, bytes read) after each chunk and entry."""
ZSTD_LEVEL = 3
ZSTD_THREADS = 0
"""zstd worker threads (-1: one per core). Fed in 64 KiB writes from tar, python-zstandard's
multithreaded mode measured 2.5x slower than one thread on 2 cores (text and random data
alike), while age encryption already runs in its own thread; so one thread by default."""
DISK_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


def parse_recipients(values: Sequence[str]) -> list[pyrage.x25519.Recipient]:
    if not values:
        raise BackupProblem("need_two_recipients")
    out = []
    for value in values:
        try:
            out.append(pyrage.x25519.Recipient.from_str(value.strip()))
        except Exception as exc:  # pyrage raises its own RecipientError/ValueError
            raise BackupProblem("bad_recipient", value=value) from exc
    return out


@dataclass
class Entry:
    """One manifest line."""

    path: str
    type: str  # file, dir, symlink, hardlink
    size: int
    mtime: int
    mode: int
    sha256: str | None = None
    link: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "type": self.type,
            "size": self.size,
            "mtime": self.mtime,
            "mode": f"{stat.S_IMODE(self.mode):04o}",
        }
        if self.sha256 is not None:
            data["sha256"] = self.sha256
        if self.link is not None:
            data["link"] = self.link
        return data


@dataclass
class Outcome:
    """What happened while creating: entries, problems, the archive's hash and size."""

    entries: list[Entry] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    archive_sha256: str = ""
    archive_bytes: int = 0
    input_bytes: int = 0
    error: str | None = None
    problem: BackupProblem | None = None

    @property
    def status(self) -> str:
        if self.error:
            return "FAILED"
        return "WARNING" if self.changed or self.unreadable or self.skipped else "OK"


class _HashingWriter:
    """File-like sink for pyrage: writes to the partial file, hashing and counting."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.hash = hashlib.sha256()
        self.count = 0
        self.error: OSError | None = None

    def write(self, data: bytes) -> int:
        try:
            self.raw.write(data)
        except OSError as exc:
            self.error = exc
            raise
        self.hash.update(data)
        self.count += len(data)
        return len(data)

    def flush(self) -> None:
        self.raw.flush()


class _MemberReader:
    """Reads exactly `size` bytes of a file for tarfile, hashing them.

    A file that shrinks is padded with zeros, one that grows is cut at `size`; both are
    reported as changed while read (the header was already written)."""

    def __init__(
        self, handle: IO[bytes], size: int, on_chunk: Callable[[int], None] | None = None
    ) -> None:
        self.handle = handle
        self.on_chunk = on_chunk
        self.left = size
        self.hash = hashlib.sha256()
        self.short = False

    def read(self, n: int = -1) -> bytes:
        want = self.left if n < 0 else min(n, self.left)
        data = self.handle.read(want) if want else b""
        if len(data) < want:
            self.short = True
            data += b"\0" * (want - len(data))
        self.left -= len(data)
        self.hash.update(data)
        if self.on_chunk is not None and data:
            self.on_chunk(len(data))
        return data


def _arcname(root: Path, path: Path) -> str:
    base = root.name or "root"
    rel = path.relative_to(root).as_posix()
    return base if rel == "." else f"{base}/{rel}"


def _excluded(rel: str, name: str, excludes: Sequence[str]) -> bool:
    from fnmatch import fnmatchcase

    return any(fnmatchcase(rel, p) or fnmatchcase(name, p) for p in excludes)


def _walk(root: Path, excludes: Sequence[str]) -> list[Path]:
    """Every path under root, depth first: each folder directly followed by its contents.

    Stock GNU tar sets a folder's mtime when it leaves the folder, so contents that came
    later would change it again."""
    out: list[Path] = []

    def visit(path: Path) -> None:
        out.append(path)
        if path.is_dir() and not path.is_symlink():
            for child in sorted(os.listdir(path)):
                rel = (path / child).relative_to(root).as_posix()
                if not _excluded(rel, child, excludes):
                    visit(path / child)

    visit(root)
    return out


def _add_tree(
    tar: tarfile.TarFile,
    root: Path,
    excludes: Sequence[str],
    outcome: Outcome,
    progress: Progress | None,
) -> None:
    for path in _walk(root, excludes):
        name = _arcname(root, path)
        try:
            info = tar.gettarinfo(str(path), arcname=name)
        except OSError as exc:
            outcome.unreadable.append((name, exc.strerror or str(exc)))
            continue
        if info.isreg():
            try:
                handle = open(path, "rb")  # noqa: SIM115 - closed below
            except OSError as exc:
                outcome.unreadable.append((name, exc.strerror or str(exc)))
                inodes: dict[object, str] = vars(tar)["inodes"]  # so no link points to it
                for key in [k for k, v in inodes.items() if v == name]:
                    del inodes[key]
                continue
            with handle:
                before = os.fstat(handle.fileno())
                done = outcome.input_bytes

                def on_chunk(n: int, name: str = name) -> None:
                    nonlocal done
                    done += n
                    if progress is not None:
                        progress(name, len(outcome.entries), done)

                reader = _MemberReader(handle, info.size, on_chunk)
                tar.addfile(info, reader)
                after = os.fstat(handle.fileno())
                if (
                    reader.short
                    or handle.read(1)
                    or after.st_size != before.st_size
                    or after.st_mtime_ns != before.st_mtime_ns
                    or before.st_size != info.size
                ):
                    outcome.changed.append(name)
            outcome.input_bytes += info.size
            entry = Entry(name, "file", info.size, int(info.mtime), info.mode)
            entry.sha256 = reader.hash.hexdigest()
        elif info.islnk():
            tar.addfile(info)
            entry = Entry(name, "hardlink", 0, int(info.mtime), info.mode, link=info.linkname)
        elif info.issym():
            tar.addfile(info)
            entry = Entry(name, "symlink", 0, int(info.mtime), info.mode, link=info.linkname)
        elif info.isdir():
            tar.addfile(info)
            entry = Entry(name, "dir", 0, int(info.mtime), info.mode)
        else:  # sockets, fifos, devices: not personal data, listed as skipped
            outcome.skipped.append(name)
            continue
        outcome.entries.append(entry)
        if progress is not None:
            progress(name, len(outcome.entries), outcome.input_bytes)


def create_archive(
    sources: Sequence[Path],
    out_file: Path,
    recipients: Sequence[str],
    excludes: Sequence[str] = (),
    progress: Progress | None = None,
    open_partial: Callable[[Path], IO[bytes]] | None = None,
) -> Outcome:
    """Write `out_file` (via `out_file.partial`); on any failure nothing is left behind.

    A write failure (full disk) is recorded in `outcome.problem` (status FAILED) so that
    the caller can still write a FAILED report."""
    parsed = parse_recipients(recipients)
    for source in sources:
        if not os.path.lexists(source):
            raise BackupProblem("source_missing", path=str(source))
    partial = out_file.with_name(out_file.name + ".partial")
    outcome = Outcome()
    opener = open_partial or (lambda p: open(p, "xb"))  # noqa: SIM115
    raw = opener(partial)
    try:
        _stream(sources, excludes, parsed, raw, outcome, progress)
        raw.flush()
        os.fsync(raw.fileno())
        raw.close()
        os.replace(partial, out_file)
        atomicio.fsync_dir(out_file.parent)
    except OSError as exc:
        _discard(raw, partial)
        key = "disk_full" if exc.errno in DISK_FULL else "write_failed"
        outcome.problem = BackupProblem(key, file=str(out_file), reason=exc.strerror or str(exc))
        outcome.error = str(outcome.problem)
    except BaseException:
        _discard(raw, partial)
        raise
    return outcome


def _discard(raw: IO[bytes], partial: Path) -> None:
    """Close (its buffered tail may fail again on a full disk) and delete the partial file."""
    with contextlib.suppress(OSError):
        raw.close()
    atomicio.remove(partial)


def _stream(
    sources: Sequence[Path],
    excludes: Sequence[str],
    recipients: Sequence[pyrage.x25519.Recipient],
    raw: IO[bytes],
    outcome: Outcome,
    progress: Progress | None,
) -> None:
    sink = _HashingWriter(raw)
    rfd, wfd = os.pipe()
    reader = os.fdopen(rfd, "rb", buffering=CHUNK)
    failure: list[BaseException] = []

    def encrypt() -> None:
        try:
            pyrage.encrypt_io(reader, sink, list(recipients))
        except BaseException as exc:  # re-raised in the calling thread
            failure.append(exc)
        finally:
            reader.close()

    worker = threading.Thread(target=encrypt, name="age-encrypt", daemon=True)
    worker.start()
    try:
        compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL, threads=ZSTD_THREADS)
        with (
            os.fdopen(wfd, "wb", buffering=CHUNK) as pipe_out,
            compressor.stream_writer(pipe_out, closefd=False) as zout,
            tarfile.open(
                fileobj=zout,
                mode="w|",
                format=tarfile.PAX_FORMAT,
                encoding="utf-8",
                bufsize=TAR_BLOCK,
            ) as tar,
        ):
            vars(tar)["copybufsize"] = TAR_BLOCK  # not in the type stubs
            for source in sources:
                _add_tree(tar, source, excludes, outcome, progress)
    except BrokenPipeError:
        if not failure:
            worker.join()
        if not failure:
            raise
    finally:
        worker.join()
    if sink.error is not None:
        raise sink.error
    if failure:
        exc = failure[0]
        if isinstance(exc, OSError):
            raise exc
        raise OSError(errno.EIO, str(exc))
    outcome.archive_sha256 = sink.hash.hexdigest()
    outcome.archive_bytes = sink.count


def is_disk_full(exc: OSError) -> bool:
    return exc.errno in DISK_FULL


def file_mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)
