"""The age layer in a child process.

pyrage holds the GIL while it encrypts or decrypts, so in a thread it would stall the
reading, hashing and (de)compressing of the main process; as a process of its own it runs
on another core.

- `python -m backups.encryptor age1… [age1…]`: plaintext on standard input, ciphertext on
  standard output (the archive's `.partial` file itself); the last line on standard error
  is `done SHA256 BYTES` of the ciphertext, or `errno N TEXT` when writing it failed.
- `python -m backups.encryptor --decrypt FILE`: the identities (AGE-SECRET-KEY-… lines) on
  standard input, never on the command line; the plaintext of FILE on standard output.

It exits non-zero with one line on standard error when a key is invalid or a stream fails.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Sequence
from typing import BinaryIO

CHUNK = 1024 * 1024


def decrypt(archive: str) -> int:
    import pyrage

    try:
        lines = sys.stdin.buffer.read().decode("utf-8").split()
        identities = [pyrage.x25519.Identity.from_str(line) for line in lines]
    except Exception:
        print("not an age identity", file=sys.stderr)
        return 2
    try:
        with (
            open(archive, "rb", buffering=CHUNK) as source,
            open(sys.stdout.fileno(), "wb", buffering=CHUNK, closefd=False) as sink,
        ):
            pyrage.decrypt_io(source, sink, identities)
    except BrokenPipeError:
        return 3  # the parent stopped reading
    except Exception as exc:
        print(f"age decryption failed: {exc}", file=sys.stderr)
        return 1
    return 0


class _HashingWriter:
    """The ciphertext sink: hashes and counts what it writes; keeps a write failure."""

    def __init__(self, raw: BinaryIO) -> None:
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


def main(argv: Sequence[str]) -> int:
    import pyrage

    if len(argv) == 2 and argv[0] == "--decrypt":
        return decrypt(argv[1])
    try:
        recipients = [pyrage.x25519.Recipient.from_str(value) for value in argv]
    except Exception as exc:  # pyrage raises its own RecipientError/ValueError
        print(f"not an age recipient: {exc}", file=sys.stderr)
        return 2
    out = open(sys.stdout.fileno(), "wb", buffering=0, closefd=False)  # noqa: SIM115 - fd 1
    sink = _HashingWriter(out)
    try:
        with open(sys.stdin.fileno(), "rb", buffering=CHUNK, closefd=False) as source:
            pyrage.encrypt_io(source, sink, recipients)
    except Exception as exc:
        if sink.error is not None:
            print(f"errno {sink.error.errno} {sink.error.strerror}", file=sys.stderr)
            return 4
        print(f"age encryption failed: {exc}", file=sys.stderr)
        return 1
    print(f"done {sink.hash.hexdigest()} {sink.count}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    os._exit(main(sys.argv[1:]))  # no flush of the unused sys.stdout at exit
