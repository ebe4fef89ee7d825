"""The `--progress` option of the commands that write an archive, and its one line on the
terminal: files, bytes and the time left."""

from __future__ import annotations

import argparse
import sys
import time

from backups.archive import Progress
from backups.messages import T
from backups.progress import eta_seconds, format_eta
from foundation.i18n import Lang


def add_progress_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="files, bytes and time left on standard error (default: when it is a terminal)",
    )


def terminal_progress(lang: Lang, wanted: bool | None) -> Progress | None:
    """Files, bytes and ETA on one refreshed stderr line, at most 5 times a second."""
    if wanted is False or (wanted is None and not sys.stderr.isatty()):
        return None
    started = time.monotonic()
    last = [0.0]

    def show(path: str, files: int, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < 0.2:
            return
        last[0] = now
        line = T(
            lang,
            "progress",
            files=files,
            done=done / 1e6,
            total=total / 1e6,
            eta=format_eta(eta_seconds(now - started, done, total)),
        )
        sys.stderr.write(f"\r{line} ")
        sys.stderr.flush()

    return show


def end_progress(progress: Progress | None) -> None:
    """End the refreshed line, so that what follows starts on a line of its own."""
    if progress is not None:
        print(file=sys.stderr)
