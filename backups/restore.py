"""Restore an archive into a new or empty folder, refusing anything that could escape it.

Each member is checked before anything is written for it (absolute paths, `..`, names,
links and hard links resolving outside the target, device files and other special
members), then written by this module: the tar stream is read by `backups.tarformat`
(decompressed on a thread of its own), each file created exclusively, so that nothing
already there is ever followed, and given its mode, owner and time through its open
descriptor. Folders get their mode and time last, deepest first.

Resolving every member's path in full, as tarfile's filters do (twice), costs a system
call per path component: forty for each file of an archive of small files. The checks
here resolve each folder once and remember it, until a symbolic link is extracted (which
could change what a folder name resolves to); then everything is resolved anew.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import secrets
import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import TypeVar

import pyrage
import zstandard

from backups import encryptor, tarformat
from backups.hashing import PIECE, PieceHasher
from backups.messages import BackupProblem
from backups.tarformat import Chunks, Member, Reader

CHUNK = 1024 * 1024
AHEAD = 16
"""Decompressed chunks read ahead of the thread that hashes or writes: 16 MB."""


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
) -> Iterator[zstandard.ZstdDecompressionReader]:
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
    except (zstandard.ZstdError, tarformat.TarError, EOFError) as exc:
        if code not in (0, -9):
            raise BackupProblem("decrypt_failed", file=str(archive)) from None
        raise BackupProblem("corrupt_archive", file=str(archive), reason=str(exc)) from None
    if code != 0:
        raise BackupProblem("decrypt_failed", file=str(archive))


def _name_problem(member: Member) -> str | None:
    """What is wrong with a member whatever the target: its name or its type."""
    name = member.name
    pure = PurePosixPath(name)
    if name.startswith(("/", "\\")) or pure.is_absolute() or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    if ".." in pure.parts or "\\" in name:
        return "path with .."
    if not (member.is_file() or member.kind in tarformat.PLAIN_KINDS):
        return "device or special file"
    return None


def _inside(root: str, path: str) -> bool:
    return os.path.commonpath([root, path]) == root


def _link_problem(member: Member, root: str, dest: str) -> str | None:
    """Where a symbolic or hard link would point, resolved within `root`."""
    link = member.link
    if member.kind == tarformat.SYMLINK:
        if link.startswith("/") or os.path.isabs(link):
            return "symlink to an absolute path"
        if not _inside(root, os.path.realpath(os.path.join(os.path.dirname(dest), link))):
            return "symlink leaves the target"
    if member.kind == tarformat.HARDLINK:
        pure = PurePosixPath(link)
        if pure.is_absolute() or ".." in pure.parts:
            return "hard link leaves the target"
        if not _inside(root, os.path.realpath(os.path.join(root, link))):
            return "hard link leaves the target"
    return None


def check_member(member: Member, target: Path) -> str | None:
    """Why `member` must not be extracted into `target`, or None when it is safe: every
    path resolved in full (a target that already holds files and links)."""
    problem = _name_problem(member)
    if problem is not None:
        return problem
    root = os.path.realpath(target)
    dest = os.path.realpath(os.path.join(root, member.name))
    if not _inside(root, dest):
        return "path leaves the target"
    return _link_problem(member, root, dest)


class _Guard:
    """`check_member` for the staging folder, which only this restore writes: each folder
    is resolved once and remembered, until a symbolic link is made in it (`forget`)."""

    def __init__(self, root: Path) -> None:
        self.root = os.path.realpath(root)
        self._folders: dict[str, str] = {"": self.root}

    def forget(self) -> None:
        self._folders = {"": self.root}

    def check(self, member: Member) -> str | None:
        problem = _name_problem(member)
        if problem is not None:
            return problem
        folder, _, leaf = member.name.rpartition("/")
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = os.path.realpath(os.path.join(self.root, folder))
        dest = os.path.join(real, leaf)
        if leaf in ("", ".") or os.path.islink(dest):
            dest = os.path.realpath(dest)
        if not _inside(self.root, dest):
            return "path leaves the target"
        if member.kind in (tarformat.SYMLINK, tarformat.HARDLINK):
            return _link_problem(member, self.root, dest)
        return None


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
    occupied = target.exists() and any(target.iterdir())
    if occupied and not allow_non_empty:
        raise BackupProblem("target_not_empty", target=str(target))
    check_archive_file(archive)
    whole = target.absolute()
    made = _make_parents(whole.parent)
    staging = whole.parent / f".{whole.name}.restoring-{secrets.token_hex(4)}"
    try:
        os.mkdir(staging)
        try:
            count = _extract(archive, identities, staging, target if occupied else None, pattern)
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
    target: Path | None,
    pattern: str | None,
) -> int:
    """Every member (matching `pattern`) into `staging`, checked first against it and, when
    `target` already holds something (--force), against `target` too: links already there
    count."""
    guard = _Guard(staging)
    writer = _Writer(str(staging))
    count = 0
    with (
        open_tar_stream(archive, identities) as stream,
        Chunks(stream.readinto, CHUNK, AHEAD) as chunks,
    ):
        reader = Reader(chunks)
        while (member := reader.next()) is not None:
            if pattern and not fnmatchcase(member.name, pattern):
                continue
            reason = guard.check(member)
            if reason is None and target is not None:
                reason = check_member(member, target)
            if reason is not None:
                raise BackupProblem("unsafe_member", member=member.name, reason=reason)
            writer.member(member, reader)
            if member.kind == tarformat.SYMLINK:
                guard.forget()
            count += 1
    writer.finish()
    return count


BY_DESCRIPTOR = hasattr(os, "fchmod") and os.utime in os.supports_fd
"""Mode, owner and time set through the open file (POSIX): no lookup of its name again."""


class _Writer:
    """Members into a folder of their own: files created exclusively (an earlier member of
    the same name is replaced, never followed), then mode, owner and time through the open
    descriptor; folders' modes and times at the end, deepest first (their contents changed
    the times). Modes as tar gives them to a file it extracts as a user: no setuid,
    setgid, sticky or group and other write bits on files; folders keep theirs."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.folders: list[tuple[str, int, int]] = []
        self.owners = _Owners() if hasattr(os, "geteuid") and os.geteuid() == 0 else None

    def member(self, member: Member, reader: Reader) -> None:
        dest = os.path.join(self.root, member.name)
        if member.is_dir():
            try:
                os.mkdir(dest, 0o700)
            except FileExistsError:
                if not os.path.isdir(dest) or os.path.islink(dest):
                    raise
            except FileNotFoundError:
                os.makedirs(dest, 0o700)
            self.folders.append((dest, member.mode, member.mtime_ns))
            self._own(dest, member, follow=True)
            return
        if member.kind == tarformat.SYMLINK:
            self._replace(dest, lambda: os.symlink(member.link, dest))
            self._own(dest, member, follow=False)
            return
        if member.kind == tarformat.HARDLINK:
            source = os.path.join(self.root, member.link)
            self._replace(dest, lambda: os.link(source, dest, follow_symlinks=False))
            self._own(dest, member, follow=False)
            os.chmod(dest, member.mode & 0o755)  # a file: the same one as its first name
            os.utime(dest, ns=(member.mtime_ns, member.mtime_ns))
            return
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        handle = self._replace(dest, lambda: os.open(dest, flags, 0o600))
        try:
            for piece in reader.content():
                while piece:
                    piece = piece[os.write(handle, piece) :]
            if BY_DESCRIPTOR:
                if self.owners is not None:
                    os.fchown(handle, *self.owners.ids(member))
                os.fchmod(handle, member.mode & 0o755)
                os.utime(handle, ns=(member.mtime_ns, member.mtime_ns))
        finally:
            os.close(handle)
        if not BY_DESCRIPTOR:  # Windows: by name, once the file is closed
            os.chmod(dest, member.mode & 0o755)
            os.utime(dest, ns=(member.mtime_ns, member.mtime_ns))

    def _replace(self, dest: str, make: Callable[[], _T]) -> _T:
        """`make()`, after removing what an earlier member left at `dest` (not a folder),
        or after making the folders above it that the archive did not name (--pattern)."""
        try:
            return make()
        except FileExistsError:
            if os.path.isdir(dest) and not os.path.islink(dest):
                raise
            os.unlink(dest)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(dest), 0o700, exist_ok=True)
        return make()

    def _own(self, dest: str, member: Member, follow: bool) -> None:
        if self.owners is not None:
            os.chown(dest, *self.owners.ids(member), follow_symlinks=follow)

    def finish(self) -> None:
        for dest, mode, mtime_ns in reversed(self.folders):
            os.chmod(dest, mode)
            os.utime(dest, ns=(mtime_ns, mtime_ns))


_T = TypeVar("_T")


class _Owners:
    """Owner and group of a member as root restores them: by name where this system knows
    the name, else by number; each name looked up once."""

    def __init__(self) -> None:
        self._users: dict[tuple[str, int], int] = {}
        self._groups: dict[tuple[str, int], int] = {}

    def ids(self, member: Member) -> tuple[int, int]:
        user = (member.uname, member.uid)
        uid = self._users.get(user)
        if uid is None:
            uid = self._users[user] = _id_of("pwd", "getpwnam", *user)
        group = (member.gname, member.gid)
        gid = self._groups.get(group)
        if gid is None:
            gid = self._groups[group] = _id_of("grp", "getgrnam", *group)
        return uid, gid


def _id_of(module: str, function: str, name: str, number: int) -> int:
    if not name:
        return number
    try:
        return int(getattr(__import__(module), function)(name)[2])
    except (ImportError, KeyError):
        return number


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


def restore_test(
    archive: Path, identities: Sequence[pyrage.x25519.Identity], entries: list[dict[str, object]]
) -> tuple[int, list[str]]:
    """Decrypt, decompress and hash every file without writing it; compare to the manifest.

    The stream is decompressed on a thread of its own (`tarformat.Chunks`) while this one
    parses the headers; the contents of files larger than a PIECE are hashed in place in
    the read-ahead buffers by the hashing threads (`backups.hashing`), a buffer going back
    to be filled again once they are done with it; smaller ones here, at once.
    Returns (files checked, problems: content first, then modes, then missing files)."""
    expected = {str(e["path"]): e for e in entries}
    seen: set[str] = set()
    digests: dict[str, str] = {}
    """Filled by the hashing threads; compared once they have finished."""
    problems: list[tuple[str, str]] = []
    with (
        open_tar_stream(archive, identities) as stream,
        PieceHasher() as hasher,
        Chunks(stream.readinto, CHUNK, AHEAD, hasher.then) as chunks,
    ):
        reader = Reader(chunks)
        while (member := reader.next()) is not None:
            entry = expected.get(member.name)
            seen.add(member.name)
            if entry is None:
                problems.append((member.name, "not in the manifest"))
                continue
            if member.is_file() and member.size <= PIECE:  # at once: cheaper than handing over
                digest = hashlib.sha256()
                for piece in reader.content():
                    digest.update(piece)
                digests[member.name] = digest.hexdigest()
            elif member.is_file():
                digests[member.name] = ""  # in archive order, whichever thread ends first
                for piece in reader.content():
                    hasher.update(piece)
                hasher.end(functools.partial(digests.__setitem__, member.name))
            if f"{member.mode:04o}" != entry.get("mode"):
                problems.append((member.name, "mode differs from the manifest"))
    checked = len(digests)
    differs = [
        f"{name}: content differs from the manifest"
        for name, sha256 in digests.items()
        if sha256 != expected[name].get("sha256")
    ]
    out = differs
    out.extend(f"{name}: {what}" for name, what in problems)
    out.extend(f"{name}: missing from the archive" for name in expected if name not in seen)
    return checked, out
