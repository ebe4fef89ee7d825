"""The age layer, always in a child process: stock `age` when it is installed, else this
module run with pyrage; and the sink that writes and hashes the archive.

The stock `age` program (Go) needs about a third of pyrage's CPU time; pyrage (for machines
without `age`, e.g. Windows agents) holds the GIL while it encrypts or decrypts, so it runs
as a process of its own too. Both write the same age v1 format.

- `encrypt_command(recipients)`: plaintext on standard input, ciphertext on standard output.
- `decrypt_command(archive)`: the identities (AGE-SECRET-KEY-… lines) on standard input,
  never on the command line; the plaintext of the archive on standard output.
- `sink_command()`: copies standard input (the ciphertext) to standard output (the
  archive's `.partial` file), hashing and counting it on the way; its last line on standard
  error is `done SHA256 BYTES`, or `errno N TEXT` when writing failed (a full disk). A
  process of its own, so that its many small reads of the pipe never wait for the GIL of
  the process that reads, hashes and compresses the files. It runs without site-packages.

A child exits non-zero with a line on standard error when a key is invalid or a stream
fails. As a module:

- `python -m backups.encryptor age1… [age1…]`: encrypt standard input to standard output;
- `python -m backups.encryptor --decrypt FILE`: decrypt FILE, identities on standard input;
- `python -m backups.encryptor --sink`: the sink.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
import threading
from collections.abc import Callable, Sequence
from typing import IO

try:
    import fcntl
except ImportError:  # Windows: pipes keep their size
    fcntl = None  # type: ignore[assignment]

CHUNK = 1024 * 1024


def age_program() -> str | None:
    """The stock `age` program on PATH, or None: then pyrage does the work."""
    return shutil.which("age")


def encrypt_command(recipients: Sequence[str]) -> list[str]:
    values = [r.strip() for r in recipients]
    program = age_program()
    if program is None:
        return [sys.executable, "-m", "backups.encryptor", *values]
    return [program, *(arg for value in values for arg in ("-r", value))]


def decrypt_command(archive: str) -> list[str]:
    program = age_program()
    if program is None:
        return [sys.executable, "-m", "backups.encryptor", "--decrypt", archive]
    return [program, "--decrypt", "-i", "-", "--", archive]


def sink_command() -> list[str]:
    """This file run as a script, isolated and without site-packages: it needs only the
    standard library, and starts in a few milliseconds."""
    return [sys.executable, "-I", "-S", os.path.abspath(__file__), "--sink"]


def widen_pipe(pipe: IO[bytes] | None) -> None:
    """A pipe of CHUNK bytes (Linux): one switch between the processes per chunk, not 16."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if pipe is not None and set_size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe.fileno(), set_size, CHUNK)


def decrypt(archive: str) -> int:
    # Imported here, as in encrypt: the sink runs this file with `python -I -S`, where
    # site-packages (and pyrage) cannot be imported.
    import pyrage

    try:
        lines = sys.stdin.buffer.read().decode("utf-8").split()
        identities = [pyrage.x25519.Identity.from_str(line) for line in lines]
    except Exception:
        print("not an age identity", file=sys.stderr)
        return 2
    try:
        source = open(archive, "rb", buffering=CHUNK)  # noqa: SIM115 - closed below
    except OSError as exc:
        print(f"age decryption failed: {exc}", file=sys.stderr)
        return 1
    with source:
        return _to_stdout(lambda sink: pyrage.decrypt_io(source, sink, identities), "decryption")


def encrypt(values: Sequence[str]) -> int:
    import pyrage  # not in the sink: see decrypt

    try:
        recipients = [pyrage.x25519.Recipient.from_str(value) for value in values]
    except Exception as exc:  # pyrage raises its own RecipientError/ValueError
        print(f"not an age recipient: {exc}", file=sys.stderr)
        return 2
    with open(sys.stdin.fileno(), "rb", buffering=CHUNK, closefd=False) as source:
        return _to_stdout(lambda sink: pyrage.encrypt_io(source, sink, recipients), "encryption")


def _to_stdout(run: Callable[[IO[bytes]], None], what: str) -> int:
    """Run one pyrage stream into standard output; the exit status and line of a child."""
    try:
        with open(sys.stdout.fileno(), "wb", buffering=CHUNK, closefd=False) as sink:
            run(sink)
    except BrokenPipeError:
        return 3  # the parent stopped reading
    except Exception as exc:
        print(f"age {what} failed: {exc}", file=sys.stderr)
        return 1
    return 0


FLUSH_EVERY = 16 * CHUNK
"""Archive bytes after which their writing to disk is started, while more are written: the
final fsync then has little left to wait for."""


def sink() -> int:
    digest = hashlib.sha256()
    count = flushed = 0
    flusher: threading.Thread | None = None
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    try:
        with (
            open(0, "rb", buffering=0, closefd=False) as source,
            open(1, "wb", buffering=0, closefd=False) as out,
        ):
            while size := source.readinto(buffer):
                done = 0
                while done < size:
                    done += out.write(view[done:size]) or 0
                digest.update(view[:size])
                count += size
                if count - flushed >= FLUSH_EVERY and not (flusher and flusher.is_alive()):
                    flushed = count
                    flusher = threading.Thread(target=_sync_quietly, args=(1,), daemon=True)
                    flusher.start()
    except OSError as exc:
        print(f"errno {exc.errno} {exc.strerror or exc}", file=sys.stderr)
        return 4
    finally:
        if flusher is not None:
            flusher.join()
    print(f"done {digest.hexdigest()} {count}", file=sys.stderr)
    return 0


def _sync_quietly(fd: int) -> None:
    """Early writing to disk only: a failure shows again in the final fsync."""
    with contextlib.suppress(OSError):
        getattr(os, "fdatasync", os.fsync)(fd)


def main(argv: Sequence[str]) -> int:
    if len(argv) == 2 and argv[0] == "--decrypt":
        return decrypt(argv[1])
    if list(argv) == ["--sink"]:
        return sink()
    return encrypt(argv)


if __name__ == "__main__":
    os._exit(main(sys.argv[1:]))  # no flush of the unused sys.stdout at exit
