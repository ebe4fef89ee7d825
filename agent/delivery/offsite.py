"""Send an archive with its manifest, report and signatures to the hub (op "archive").

The files are streamed after one header line naming each file's size and SHA-256; the hub
stores them append-only and answers with a signed receipt, which is checked here.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from agent.delivery.transport import Transport
from backups import restore_tests, sshsig
from backups.manifest import sha256_file
from backups.messages import BackupProblem
from backups.names import manifest_path, report_path, sig_path
from foundation.wire import PROTOCOL_VERSION

CHUNK = 64 * 1024


MAX_RESTORE_TESTS = 5
"""Restore-test entries sent along with one archive (the hub takes at most 16 files)."""


def companions(archive: Path) -> list[Path]:
    """The archive, its signed manifest and report, and the newest restore-test entries
    (with signatures) that no earlier receipt names."""
    manifest, report = manifest_path(archive), report_path(archive)
    tests = restore_tests.unsent(archive.parent)[-2 * MAX_RESTORE_TESTS :]
    return [archive, manifest, sig_path(manifest), report, sig_path(report), *tests]


class _Chain(io.RawIOBase):
    """One readable stream over a header and several files, read in chunks."""

    def __init__(self, head: bytes, files: list[Path]) -> None:
        self.parts = self._parts(head, files)
        self.pending = b""

    @staticmethod
    def _parts(head: bytes, files: list[Path]) -> Iterator[bytes]:
        yield head
        for path in files:
            with open(path, "rb") as handle:
                while chunk := handle.read(CHUNK):
                    yield chunk

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending:
            try:
                self.pending = next(self.parts)
            except StopIteration:
                return 0
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n


def send_offsite(archive: Path, agent: str, transport: Transport) -> dict[str, Any]:
    """Deliver the archive and its companions; the verified receipt (with the hub's key)."""
    files = companions(archive)
    for path in files:
        if not path.exists():
            raise BackupProblem("companion_missing", file=str(path))
    listed = [{"name": p.name, "size": p.stat().st_size, "sha256": sha256_file(p)} for p in files]
    header = {"soumnet": PROTOCOL_VERSION, "op": "archive", "agent": agent, "files": listed}
    head = (json.dumps(header, ensure_ascii=False) + "\n").encode()
    reply = transport.exchange(io.BufferedReader(_Chain(head, files), CHUNK))
    body = str(reply.get("receipt", ""))
    try:
        key = sshsig.verify(body.encode(), str(reply.get("signature", "")))
    except sshsig.SignatureError as exc:
        raise BackupProblem("verify_mismatch", file="receipt", reason=exc) from None
    receipt: dict[str, Any] = json.loads(body)
    if receipt.get("files") != listed:
        raise BackupProblem(
            "verify_mismatch", file="receipt", reason=BackupProblem("mismatch.receipt_files")
        )
    receipt["hub_key_fingerprint"] = sshsig.fingerprint(key)
    return receipt
