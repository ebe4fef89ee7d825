"""Restore an archive into a new or empty folder, refusing anything that could escape it.

Each member is checked by our own code (absolute paths, `..`, links leaving the target,
hard links to outside, device files) before tarfile's `data` filter checks it again.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import secrets
import shutil
import subprocess
import tarfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import IO, Any

import pyrage
import zstandard

from backups import encryptor
from backups.hashing import PieceHasher
from backups.messages import BackupProblem

CHUNK = 1024 * 1024
TAR_BLOCK = 64 * 1024
"""tarfile's stream buffer grows by concatenation: larger reads are quadratic."""


def load_identities(path: Path) -> list[pyrage.x25519.Identity]:
    out = []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BackupProblem("bad_identity", file=str(path)) from None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("AGE-SECRET-KEY-"):
            try:
                out.append(pyrage.x25519.Identity.from_str(line))
            except Exception:
                raise BackupProblem("bad_identity", file=str(path)) from None
    if not out:
        raise BackupProblem("bad_identity", file=str(path))
    return out


@contextmanager
def open_tar_stream(
    archive: Path, identities: Sequence[pyrage.x25519.Identity]
) -> Iterator[IO[bytes]]:
    """The decrypted, decompressed tar stream; decryption runs in a child process (stock
    `age`, else pyrage: see `backups.encryptor`), the identities passed on its standard input.

    A caller that reads to the end of the tar has the rest of the stream read too, so a
    damaged or cut last chunk is found. Errors are raised as BackupProblem."""
    child = subprocess.Popen(
        encryptor.decrypt_command(str(archive)),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    encryptor.widen_pipe(child.stdout)
    with child.stdin:
        child.stdin.write("".join(f"{identity}\n" for identity in identities).encode())
    reader = open(child.stdout.fileno(), "rb", buffering=CHUNK, closefd=False)  # noqa: SIM115
    stream = zstandard.ZstdDecompressor().stream_reader(
        reader, read_size=CHUNK, read_across_frames=True
    )
    completed = False
    try:
        try:
            yield stream
            while stream.read(CHUNK):
                pass
            completed = True
        finally:
            stream.close()
            reader.close()
            child.stdout.close()
            if not completed:
                child.kill()
            code = child.wait()
            child.stderr.close()
    except (zstandard.ZstdError, tarfile.TarError, EOFError) as exc:
        if code not in (0, -9):
            raise BackupProblem("decrypt_failed", file=str(archive)) from None
        raise BackupProblem("corrupt_archive", file=str(archive), reason=str(exc)) from None
    if code != 0:
        raise BackupProblem("decrypt_failed", file=str(archive))


def check_member(member: tarfile.TarInfo, target: Path) -> str | None:
    """Why `member` must not be extracted into `target`, or None when it is safe."""
    name = member.name
    pure = PurePosixPath(name)
    if name.startswith(("/", "\\")) or pure.is_absolute() or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    if ".." in pure.parts or "\\" in name:
        return "path with .."
    if (
        member.ischr()
        or member.isblk()
        or member.isfifo()
        or not (member.isreg() or member.isdir() or member.issym() or member.islnk())
    ):
        return "device or special file"
    root = os.path.realpath(target)
    dest = os.path.realpath(os.path.join(root, name))
    if os.path.commonpath([root, dest]) != root:
        return "path leaves the target"
    if member.issym():
        link = member.linkname
        if link.startswith("/") or os.path.isabs(link):
            return "symlink to an absolute path"
        resolved = os.path.realpath(os.path.join(os.path.dirname(dest), link))
        if os.path.commonpath([root, resolved]) != root:
            return "symlink leaves the target"
    if member.islnk():
        link = member.linkname
        lp = PurePosixPath(link)
        if lp.is_absolute() or ".." in lp.parts:
            return "hard link leaves the target"
        resolved = os.path.realpath(os.path.join(root, link))
        if os.path.commonpath([root, resolved]) != root:
            return "hard link leaves the target"
    return None


def _filter(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo:
    """tarfile's data filter must accept the member too; modes are kept as archived."""
    tarfile.data_filter(member, path)
    return tarfile.tar_filter(member, path)


def restore(
    archive: Path,
    identities: Sequence[pyrage.x25519.Identity],
    target: Path,
    pattern: str | None = None,
    allow_non_empty: bool = False,
) -> int:
    """Extract into `target` (created if missing); returns the number of entries written.

    Everything is first extracted into a staging folder beside `target` (the same file
    system) and moved into place only once the whole stream has been read and checked: a
    damaged archive, a refused member or a pattern that matches nothing leave `target` (and
    the folders above it) as they were."""
    if target.exists() and any(target.iterdir()) and not allow_non_empty:
        raise BackupProblem("target_not_empty", target=str(target))
    check_archive_file(archive)
    whole = target.absolute()
    made = _make_parents(whole.parent)
    staging = whole.parent / f".{whole.name}.restoring-{secrets.token_hex(4)}"
    try:
        os.mkdir(staging)
        try:
            count = _extract(archive, identities, staging, target, pattern)
        except BackupProblem as exc:
            raise BackupProblem("restore_failed", reason=exc, target=str(target)) from None
        if count == 0 and pattern:
            raise BackupProblem("nothing_matched", pattern=pattern, file=str(archive))
        _move_into(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        for folder in made if not target.exists() else ():
            with contextlib.suppress(OSError):  # only what this restore made, when empty
                folder.rmdir()
    return count


def _make_parents(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; the ones made, deepest first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
    return missing


def _extract(
    archive: Path,
    identities: Sequence[pyrage.x25519.Identity],
    staging: Path,
    target: Path,
    pattern: str | None,
) -> int:
    dirs: list[tarfile.TarInfo] = []
    count = 0
    with (
        open_tar_stream(archive, identities) as stream,
        tarfile.open(fileobj=stream, mode="r|", encoding="utf-8", bufsize=TAR_BLOCK) as tar,
    ):
        for member in tar:
            if pattern and not fnmatchcase(member.name, pattern):
                continue
            # Checked against the target too: with --force, links already there count.
            reason = check_member(member, staging) or check_member(member, target)
            if reason is not None:
                raise BackupProblem("unsafe_member", member=member.name, reason=reason)
            try:
                tar.extract(member, path=str(staging), filter=_filter)
            except tarfile.FilterError as exc:
                raise BackupProblem("unsafe_member", member=member.name, reason=str(exc)) from None
            if member.isdir():
                dirs.append(member)
            count += 1
    for member in reversed(dirs):  # children changed the folders' times: set them last
        path = staging / member.name
        os.chmod(path, member.mode)
        os.utime(path, (member.mtime, member.mtime))
    return count


def _move_into(staging: Path, target: Path) -> None:
    """Rename the staged tree into `target`, merging into folders already there (--force);
    an existing file or link of the same name is replaced, never followed."""
    if not os.path.lexists(target):
        os.rename(staging, target)
        return
    for child in sorted(staging.iterdir()):
        _merge(child, target / child.name)


def _merge(src: Path, dest: Path) -> None:
    real_dir = dest.is_dir() and not dest.is_symlink()
    if src.is_dir() and not src.is_symlink() and real_dir:
        for child in sorted(src.iterdir()):
            _merge(child, dest / child.name)
        shutil.copystat(src, dest, follow_symlinks=False)
        return
    if real_dir:
        shutil.rmtree(dest)
    elif os.path.lexists(dest) and src.is_dir() and not src.is_symlink():
        dest.unlink()  # a folder cannot be renamed over a file or link
    os.replace(src, dest)


def check_archive_file(archive: Path) -> None:
    """A folder or a missing file is said as such, not as a wrong key or a damaged archive."""
    if archive.is_dir():
        raise BackupProblem("archive_is_folder", file=str(archive))
    if not archive.exists():
        raise BackupProblem("archive_missing", file=str(archive))


class _ForwardReader(io.RawIOBase):
    """The decompressed stream for tarfile's random-access mode: `tell`, and `seek` forward
    only (by reading on). tarfile then only parses headers; the caller reads each file's
    content straight from here, in large pieces, instead of through tarfile's stream
    buffer (which copies every byte twice)."""

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__()
        self.stream = stream
        self.position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self.stream.readinto(buffer)  # type: ignore[attr-defined]
        self.position += count
        return int(count)

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.position += len(data)
        return data

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        target = offset if whence == io.SEEK_SET else self.position + offset
        if whence not in (io.SEEK_SET, io.SEEK_CUR) or target < self.position:
            raise tarfile.ReadError("a member points back into the stream")
        while self.position < target:
            if not self.read(min(CHUNK, target - self.position)):
                break  # tarfile finds the end itself
        return self.position


def _read_forward(source: _ForwardReader) -> Callable[[memoryview], int]:
    def read(view: memoryview) -> int:
        count = source.readinto(view)
        if not count:
            raise tarfile.ReadError("unexpected end of data")
        return count

    return read


def restore_test(
    archive: Path, identities: Sequence[pyrage.x25519.Identity], entries: list[dict[str, object]]
) -> tuple[int, list[str]]:
    """Decrypt, decompress and hash every file without writing it; compare to the manifest.

    Headers are parsed by tarfile; contents are read straight from the stream into the
    ring of `backups.hashing` and hashed on its threads while this one decompresses on.
    Returns (files checked, problems: content first, then modes, then missing files)."""
    expected = {str(e["path"]): e for e in entries}
    seen: set[str] = set()
    problems: list[tuple[str, str]] = []
    digests: dict[str, str] = {}
    """Filled by the hasher's thread; compared once it has finished."""
    with (
        open_tar_stream(archive, identities) as stream,
        _ForwardReader(stream) as source,
        tarfile.open(fileobj=source, mode="r:", encoding="utf-8") as tar,
        PieceHasher() as hasher,
    ):
        read = _read_forward(source)
        for member in tar:
            entry = expected.get(member.name)
            seen.add(member.name)
            if entry is None:
                problems.append((member.name, "not in the manifest"))
                continue
            if member.isreg():
                source.seek(member.offset_data)
                digests[member.name] = ""
                done = functools.partial(digests.__setitem__, member.name)
                for _piece in hasher.pieces(member.size, read, done):
                    pass
            if f"{member.mode & 0o7777:04o}" != entry.get("mode"):
                problems.append((member.name, "mode differs from the manifest"))
    out: list[str] = []
    for name, sha256 in digests.items():
        if sha256 != expected[name].get("sha256"):
            out.append(f"{name}: content differs from the manifest")
    out.extend(f"{name}: {what}" for name, what in problems)
    out.extend(f"{name}: missing from the archive" for name in expected if name not in seen)
    return len(digests), out
