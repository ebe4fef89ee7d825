"""Create an archive: one stream tar (pax, UTF-8) -> zstd -> age.

Nothing is held in memory whole: tar members are read in pieces into reused segments,
hashed on threads of their own (`backups.hashing`), compressed as zstd frames on a thread
per core (`backups.frames`) and encrypted by a child process (stock `age`, or pyrage where
`age` is not installed; see `backups.encryptor`). A second child hashes the ciphertext
while writing it into a `.partial` file, fsynced and renamed only when complete. The
archive's SHA-256 and the manifest (every entry's path, type, size, mtime, mode, SHA-256)
are thus computed on the way, without reading anything twice.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import queue
import stat
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, Any

import pyrage

from backups import encryptor, frames, tarformat
from backups.frames import FrameWriter
from backups.hashing import PIECE, PieceHasher
from backups.messages import BackupProblem
from backups.settings import DumpSettings
from backups.sources import Prepared, prepare
from foundation import atomicio

CHUNK = 1024 * 1024
"""zstd output and the pipes move in pieces of this size: fewer, larger calls."""
Progress = Callable[[str, int, int, int], None]
"""Called with (current path, entries done, bytes read, bytes to read in all)."""
ZSTD_LEVEL = 3
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


@dataclass(slots=True)
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

    def manifest_text(self) -> str:
        """`manifest.entry_text(self.to_json())`, made without the dict and the sorting: the
        keys in their sorted order."""
        link = "" if self.link is None else f'   "link": {encode_basestring(self.link)},\n'
        sha256 = "" if self.sha256 is None else f'   "sha256": "{self.sha256}",\n'
        return (
            f'  {{\n{link}   "mode": "{stat.S_IMODE(self.mode):04o}",\n'
            f'   "mtime": {self.mtime},\n   "path": {encode_basestring(self.path)},\n'
            f'{sha256}   "size": {self.size},\n   "type": "{self.type}"\n  }}'
        )


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
    notices: list[tuple[str, str]] = field(default_factory=list)
    """(source, message): what a dump command wrote on its standard error."""
    error: str | None = None
    problem: BackupProblem | None = None

    @property
    def status(self) -> str:
        if self.error:
            return "FAILED"
        warned = self.changed or self.unreadable or self.skipped or self.notices
        return "WARNING" if warned else "OK"


_As = tuple[int, int]
"""(mode, mtime in ns) to record instead of the file's own: SQLite copies and dumps."""


class _TarWriter:
    """The tar stream written into zstd frames: headers made by `backups.tarformat`,
    contents read straight into the segments that are compressed (`backups.frames`)."""

    def __init__(self, out: FrameWriter, hasher: PieceHasher) -> None:
        self.out = out
        self.hasher = hasher
        self.owners = tarformat.Owners()
        self.inodes: dict[tuple[int, int], str] = {}
        """(device, inode) of each file with several names -> the first name archived."""

    def header(
        self, name: str, kind: bytes, st: os.stat_result, link: str = "", as_: _As | None = None
    ) -> None:
        size = st.st_size if kind == tarformat.REGULAR else 0
        mode, mtime_ns = (st.st_mode, st.st_mtime_ns) if as_ is None else as_
        self.out.write(
            tarformat.header(
                name,
                kind,
                mode,
                st.st_uid,
                st.st_gid,
                size,
                mtime_ns,
                link,
                self.owners.user(st.st_uid),
                self.owners.group(st.st_gid),
            )
        )

    def pad(self) -> None:
        if self.out.offset % tarformat.BLOCK:
            self.out.write(bytes(-self.out.offset % tarformat.BLOCK))

    def finish(self) -> None:
        """The end-of-archive blocks, padded to a whole record as tar writes it."""
        self.out.write(tarformat.end_of_archive(self.out.offset))
        self.out.close()


@dataclass
class _Counter:
    """Bytes read so far and in all, for progress."""

    total: int = 0
    done: int = 0


def _read_into(handle: int, view: memoryview) -> int:
    """Read into `view` from a file descriptor: one system call, no file object."""
    if hasattr(os, "readv"):
        return os.readv(handle, [view])
    with open(handle, "rb", buffering=0, closefd=False) as source:  # Windows: no readv
        return source.readinto(view) or 0


def _copy_content(writer: _TarWriter, handle: int, entry: Entry) -> tuple[bool, int]:
    """Exactly `entry.size` bytes of the open file `handle` into the stream, read once,
    into the segment zstd compresses. A file that fits in the segment is read in one call
    (asking for one byte more tells at once whether it grew) and hashed with the segment
    on zstd's thread; a larger one is read in pieces of at most PIECE bytes, hashed on the
    hasher's thread. Either sets `entry.sha256`. A file that shrinks is padded with zeros,
    one that grows is cut at its size: the header was already written. Returns whether it
    changed in size while read, and the bytes read."""
    out = writer.out
    size = entry.size
    done = functools.partial(setattr, entry, "sha256")
    view = out.space(size + 1)
    if len(view) > size:
        count = _read_into(handle, view)
        while 0 < count < size:  # a short read before the end (network file systems)
            more = _read_into(handle, view[count:])
            if not more:
                break
            count += more
        if count < size:
            view[count:size] = bytes(size - count)
        out.hash_here(size, done)
        out.advance(size)
        writer.pad()
        return count != size, min(count, size)
    short = False
    left = size
    while left:
        view = out.space(min(PIECE, left))
        count = _read_into(handle, view)
        if not count:
            short = True
            view[:] = bytes(len(view))
            count = len(view)
        writer.hasher.update(view[:count])
        out.advance(count)  # after the hand-over: the segment is kept until it is hashed
        left -= count
    writer.hasher.end(done)
    writer.pad()
    return short or bool(os.read(handle, 1)), size


def _excluded(rel: str, name: str, excludes: Sequence[str]) -> bool:
    return any(fnmatchcase(rel, p) or fnmatchcase(name, p) for p in excludes)


def _walk(root: Path, excludes: Sequence[str], counter: _Counter) -> Iterator[str]:
    """Every path under root, depth first: each folder directly followed by its contents,
    in the order of their names.

    Stock GNU tar sets a folder's mtime when it leaves the folder, so contents that came
    later would change it again. Sizes of regular files are added up for the ETA."""
    start = len(str(root)) + 1

    def visit(path: str) -> Iterator[str]:
        try:
            with os.scandir(path) as listing:
                children = sorted(listing, key=lambda child: child.name)
        except OSError:
            return
        for child in children:
            if excludes and _excluded(child.path[start:], child.name, excludes):
                continue
            yield child.path
            try:
                if child.is_dir(follow_symlinks=False):
                    yield from visit(child.path)
                elif child.is_file(follow_symlinks=False):
                    counter.total += child.stat(follow_symlinks=False).st_size
            except OSError:
                continue

    yield str(root)
    if os.path.isdir(root) and not os.path.islink(root):
        yield from visit(str(root))


WALK_BATCH = 256
WALK_AHEAD = 64
"""Batches listed ahead at most: 16,384 paths, a few MB, however many files there are."""


def _ahead(paths: Iterator[str]) -> Iterator[str]:
    """`paths`, listed on a thread of its own from the first one asked for: listing folders
    and the sizes for the ETA (system calls, outside the GIL) runs beside the reading of
    the files listed so far instead of before it."""
    batches: queue.Queue[list[str] | BaseException | None] = queue.Queue(WALK_AHEAD)
    stop = threading.Event()

    def run() -> None:
        batch: list[str] = []
        try:
            for path in paths:
                batch.append(path)
                if len(batch) == WALK_BATCH:
                    batches.put(batch)
                    batch = []
                if stop.is_set():
                    return
            batches.put(batch)
        except BaseException as exc:  # raised again in the reading thread
            batches.put(exc)
        batches.put(None)

    walker = threading.Thread(target=run, name="walk", daemon=True)
    walker.start()
    try:
        while (batch := batches.get()) is not None:
            if isinstance(batch, BaseException):
                raise batch
            yield from batch
    finally:  # the run stopped early: let the lister end instead of waiting to put
        stop.set()
        while walker.is_alive():
            with contextlib.suppress(queue.Empty):
                batches.get(timeout=0.05)


OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
"""A name that became a link or a FIFO since it was listed is not followed or waited on."""


def _add_file(
    writer: _TarWriter,
    name: str,
    path: str,
    st: os.stat_result,
    outcome: Outcome,
    counter: _Counter,
    as_: _As | None = None,
) -> Entry | None:
    """A regular file, or a further name of one already archived (a hard link)."""
    mode, mtime_ns = (st.st_mode, st.st_mtime_ns) if as_ is None else as_
    known = (st.st_dev, st.st_ino) if st.st_nlink > 1 and as_ is None else None
    if known is not None and known in writer.inodes:
        first = writer.inodes[known]
        writer.header(name, tarformat.HARDLINK, st, first)
        return Entry(name, "hardlink", 0, mtime_ns // 10**9, mode, link=first)
    try:
        handle = os.open(path, OPEN_FLAGS | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        outcome.unreadable.append((name, exc.strerror or str(exc)))
        return None
    entry = Entry(name, "file", st.st_size, mtime_ns // 10**9, mode)
    try:
        writer.header(name, tarformat.REGULAR, st, as_=as_)
        changed, count = _copy_content(writer, handle, entry)
        after = os.fstat(handle)
    finally:
        os.close(handle)
    if changed or after.st_size != st.st_size or after.st_mtime_ns != st.st_mtime_ns:
        outcome.changed.append(name)
    if known is not None:
        writer.inodes[known] = name
    counter.done += count
    outcome.input_bytes += st.st_size
    return entry


def _add_tree(
    writer: _TarWriter,
    root: Path,
    paths: Iterable[str | Path],
    outcome: Outcome,
    counter: _Counter,
    progress: Progress | None,
) -> None:
    base = root.name or "root"
    start = len(str(root))
    for each in paths:
        path = os.fspath(each)
        name = base + path[start:] if os.sep == "/" else base + path[start:].replace(os.sep, "/")
        try:
            st = os.lstat(path)
        except OSError as exc:
            outcome.unreadable.append((name, exc.strerror or str(exc)))
            continue
        entry: Entry | None
        mtime = st.st_mtime_ns // 10**9
        if progress is not None:  # before the file is read: a change from here on counts
            progress(name, len(outcome.entries), counter.done, counter.total)
        if stat.S_ISREG(st.st_mode):
            entry = _add_file(writer, name, path, st, outcome, counter)
            if entry is None:
                continue
        elif stat.S_ISDIR(st.st_mode):
            writer.header(name, tarformat.DIRECTORY, st)
            entry = Entry(name, "dir", 0, mtime, st.st_mode)
        elif stat.S_ISLNK(st.st_mode):
            try:
                link = os.readlink(path)
            except OSError as exc:
                outcome.unreadable.append((name, exc.strerror or str(exc)))
                continue
            writer.header(name, tarformat.SYMLINK, st, link)
            entry = Entry(name, "symlink", 0, mtime, st.st_mode, link=link)
        else:  # sockets, fifos, devices: not personal data, listed as skipped
            outcome.skipped.append(name)
            continue
        outcome.entries.append(entry)


def _add_prepared(
    writer: _TarWriter,
    item: Prepared,
    outcome: Outcome,
    counter: _Counter,
    progress: Progress | None,
) -> None:
    st = os.lstat(item.path)
    as_ = (item.mode, int(item.mtime) * 10**9)
    if progress is not None:
        progress(item.name, len(outcome.entries), counter.done, counter.total)
    entry = _add_file(writer, item.name, str(item.path), st, outcome, counter, as_)
    if entry is not None:
        outcome.entries.append(entry)


def create_archive(
    sources: Sequence[Path],
    out_file: Path,
    recipients: Sequence[str],
    excludes: Sequence[str] = (),
    progress: Progress | None = None,
    sqlite: Sequence[Path] = (),
    dumps: Sequence[DumpSettings] = (),
) -> Outcome:
    """Write `out_file` (via `out_file.partial`); on any failure nothing is left behind.

    A write failure (full disk) or a failed dump is recorded in `outcome.problem` (status
    FAILED) so that the caller can still write a FAILED report. SQLite copies and dumps are
    made first, into a temporary folder beside the archive that is removed afterwards."""
    parse_recipients(recipients)  # a bad recipient fails here, before anything is read
    for source in sources:
        if not os.path.lexists(source):
            raise BackupProblem("source_missing", path=str(source))
    outcome = Outcome()
    with tempfile.TemporaryDirectory(dir=out_file.parent, prefix=".sources-") as work:
        try:
            prepared, notices = prepare(sqlite, dumps, Path(work))
        except BackupProblem as problem:
            outcome.problem, outcome.error = problem, str(problem)
            return outcome
        except OSError as exc:
            return _failed(outcome, out_file, exc)
        outcome.notices = [(n.source, n.message) for n in notices]
        counter = _Counter(total=sum(os.stat(p.path).st_size for p in prepared))
        plan = [(root, _ahead(_walk(root, excludes, counter))) for root in sources]
        _write(plan, prepared, out_file, recipients, outcome, counter, progress)
    return outcome


def _write(
    plan: Sequence[tuple[Path, Iterable[str | Path]]],
    prepared: list[Prepared],
    out_file: Path,
    recipients: Sequence[str],
    outcome: Outcome,
    counter: _Counter,
    progress: Progress | None,
) -> None:
    partial = out_file.with_name(out_file.name + ".partial")
    raw = open(partial, "xb")  # noqa: SIM115 - closed or discarded below
    try:
        _stream(plan, prepared, recipients, raw, outcome, counter, progress)
        raw.flush()
        os.fsync(raw.fileno())
        raw.close()
        os.replace(partial, out_file)
        atomicio.fsync_dir(out_file.parent)
    except OSError as exc:
        _discard(raw, partial)
        _failed(outcome, out_file, exc)
    except BaseException:
        _discard(raw, partial)
        raise


class _Stopped(OSError):
    """A child ended badly without a line to say why: the problem is named by `key`."""

    def __init__(self, key: str, status: int) -> None:
        super().__init__(errno.EIO, key)
        self.key = key
        self.status = status


def _failed(outcome: Outcome, out_file: Path, exc: OSError) -> Outcome:
    if isinstance(exc, _Stopped):
        outcome.problem = BackupProblem(exc.key, file=str(out_file), status=exc.status)
    else:
        key = "disk_full" if exc.errno in DISK_FULL else "write_failed"
        reason = exc.strerror or str(exc)
        outcome.problem = BackupProblem(key, file=str(out_file), reason=reason)
    outcome.error = str(outcome.problem)
    return outcome


def _discard(raw: IO[bytes], partial: Path) -> None:
    """Close (its buffered tail may fail again on a full disk) and delete the partial file."""
    with contextlib.suppress(OSError):
        raw.close()
    atomicio.remove(partial)


def _children(
    recipients: Sequence[str], raw: IO[bytes]
) -> tuple[subprocess.Popen[bytes], subprocess.Popen[bytes]]:
    """The age layer and the sink behind it (see backups.encryptor), joined by a pipe: the
    encryptor reads the compressed stream, the sink writes `raw` and hashes what it writes."""
    encrypt = subprocess.Popen(
        encryptor.encrypt_command(recipients),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    assert encrypt.stdout is not None
    encryptor.widen_pipe(encrypt.stdin)
    encryptor.widen_pipe(encrypt.stdout)
    try:
        sink = subprocess.Popen(
            encryptor.sink_command(), stdin=encrypt.stdout, stdout=raw, stderr=subprocess.PIPE
        )
    except BaseException:
        encrypt.kill()
        encrypt.wait()
        raise
    finally:
        encrypt.stdout.close()  # the sink's now: the encryptor sees it end
    return encrypt, sink


def _last_line(child: subprocess.Popen[bytes]) -> str:
    assert child.stderr is not None
    text = child.stderr.read().decode("utf-8", "replace")
    child.stderr.close()
    return (text.strip().splitlines() or [""])[-1]


def _stream(
    plan: Sequence[tuple[Path, Iterable[str | Path]]],
    prepared: list[Prepared],
    recipients: Sequence[str],
    raw: IO[bytes],
    outcome: Outcome,
    counter: _Counter,
    progress: Progress | None,
) -> None:
    """tar -> zstd -> age (a child process) -> sink (a child process) -> `raw`.

    This thread reads the files into segments; zstd's frames are compressed from them on
    a thread per core and the hasher's thread hashes them, all outside the GIL; the
    encryptor and the sink run as processes of their own. Every stage runs at once, on
    whichever core is free."""
    encrypt, sink = _children(recipients, raw)
    assert encrypt.stdin is not None
    complete = False
    compressors, workers = frames.pool()
    try:
        with (
            open(encrypt.stdin.fileno(), "wb", buffering=CHUNK, closefd=False) as pipe_in,
            PieceHasher() as hasher,
            compressors,
        ):
            out = FrameWriter(pipe_in, ZSTD_LEVEL, hasher, compressors, workers)
            try:
                writer = _TarWriter(out, hasher)
                for root, paths in plan:
                    _add_tree(writer, root, paths, outcome, counter, progress)
                for item in prepared:
                    _add_prepared(writer, item, outcome, counter, progress)
                if progress is not None and outcome.entries:
                    last = outcome.entries[-1].path
                    progress(last, len(outcome.entries), counter.done, counter.total)
                writer.finish()
            finally:
                out.stop()
        complete = True
    except BrokenPipeError:
        pass  # a child stopped: exit statuses and last lines say why
    except BaseException:
        encrypt.kill()
        sink.kill()
        raise
    finally:
        with contextlib.suppress(OSError):
            encrypt.stdin.close()
        encrypt_last = _last_line(encrypt)
        encrypt_code = encrypt.wait()
        sink_last = _last_line(sink)
        sink_code = sink.wait()
    word, _, rest = sink_last.partition(" ")
    if word == "errno":  # writing the archive failed: the disk is full, most likely
        number, _, text = rest.partition(" ")
        raise OSError(int(number), text)
    if encrypt_code != 0:
        if not encrypt_last:
            raise _Stopped("encryption_stopped", encrypt_code)
        raise OSError(errno.EIO, encrypt_last)
    if sink_code == 0 and word == "done" and complete:
        sha256, _, count = rest.partition(" ")
        outcome.archive_sha256, outcome.archive_bytes = sha256, int(count)
        return
    if not sink_last:
        raise _Stopped("writer_stopped", sink_code)
    raise OSError(errno.EIO, sink_last)


def is_disk_full(exc: OSError) -> bool:
    return exc.errno in DISK_FULL


def file_mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)
