"""Small file systems of their own (tmpfs) that a test can fill or make read-only: the real
full disk, not a simulated error. Mounting needs root, which CI has."""

from __future__ import annotations

import errno
import subprocess
from pathlib import Path

import pytest

from tests.conftest import IN_CI


def mount_small(folder: Path, size: str = "4m", *options: str) -> None:
    """Mount a `size` tmpfs on `folder`; a mount that cannot be made fails in CI and skips
    elsewhere (an ordinary account may not mount)."""
    settings = ",".join((f"size={size}", *options))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", settings, "soumnet-test", str(folder)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        message = f"cannot mount a small file system: {done.stderr.strip()}"
        if IN_CI:  # CI runs as root: a mount it cannot make is a failure, not a skip
            pytest.fail(message)
        pytest.skip(message)


def unmount(folder: Path) -> None:
    subprocess.run(["umount", "--lazy", str(folder)], check=True)


def fill(folder: Path) -> Path:
    """Write until the file system has no byte left; returns the filler."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 65536)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        try:
            while True:
                out.write(b"\0")
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler
