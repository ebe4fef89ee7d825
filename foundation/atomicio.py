"""Replace a file so that no reader and no crash ever sees half of it.

Write a temporary file beside the target, fsync it, rename it over the target, then fsync
the folder so the rename itself is durable. On a full disk the old file stays intact.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

_BINARY = getattr(os, "O_BINARY", 0)
"""Windows opens files as text unless told."""


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in `folder` durable (a no-op where the OS has no dir fsync)."""
    if os.name == "nt":  # pragma: no cover - Windows has no directory handles to fsync
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def stage_bytes(
    path: Path, data: bytes, mode: int = 0o644, owner: tuple[int, int] | None = None
) -> Path:
    """Write `data` durably to a temporary file beside `path` and return it: the space is
    taken now, so `commit` is only a rename. Raises OSError and leaves nothing behind.
    `owner` (uid, gid), where given, goes to the new file as far as this account is
    permitted to, and then `mode` is kept exactly (the file it replaces had it)."""
    while True:
        tmp = path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp"
        try:
            # `mode` as open() gives it: less what the process's umask takes away (a service
            # with umask 027 makes files its folder's group may read and others may not)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, mode)
            break
        except FileExistsError:
            continue
    try:
        try:  # os.write, not a file object: three system calls fewer for a small file
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if owner is not None:
            _give(str(tmp), *owner)
            os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def commit(staged: Path, path: Path) -> None:
    """Rename a file made by `stage_bytes` over `path`, durably."""
    try:
        os.replace(staged, path)
    except BaseException:
        discard(staged)
        raise
    fsync_dir(path.parent)


def discard(staged: Path) -> None:
    """Remove a staged file that will not be committed."""
    with contextlib.suppress(OSError):
        os.unlink(staged)


def write_bytes(
    path: Path, data: bytes, mode: int = 0o644, owner: tuple[int, int] | None = None
) -> None:
    """Atomically replace `path` with `data`; raises OSError and leaves `path` as it was."""
    commit(stage_bytes(path, data, mode, owner), path)


def _give(path: str, uid: int, gid: int) -> None:
    """Owner and group, else the group alone (an account may give a file to its own groups)."""
    for user in (uid, -1):
        try:
            os.chown(path, user, gid)
            return
        except PermissionError:
            continue


def write_text(
    path: Path, text: str, mode: int = 0o644, owner: tuple[int, int] | None = None
) -> None:
    write_bytes(path, text.encode("utf-8"), mode, owner)


def remove(path: Path) -> None:
    """Delete `path` durably; a file already gone is not an error."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    fsync_dir(path.parent)
