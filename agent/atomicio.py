"""Replace a file so that no reader and no crash ever sees half of it.

Write a temporary file beside the target, fsync it, rename it over the target, then fsync
the folder so the rename itself is durable. On a full disk the old file stays intact.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in `folder` durable (a no-op where the OS has no dir fsync)."""
    if os.name == "nt":  # pragma: no cover - Windows has no directory handles to fsync
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_bytes(
    path: Path, data: bytes, mode: int = 0o644, owner: tuple[int, int] | None = None
) -> None:
    """Atomically replace `path` with `data`; raises OSError and leaves `path` as it was.
    `owner` (uid, gid) is given to the new file as far as this account is permitted to."""
    folder = path.parent
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if owner is not None:
            _give(tmp, *owner)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(folder)


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
