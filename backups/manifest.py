"""The manifest and the report files beside an archive, and their SSH signatures.

Beside `NAME.tar.zst.age` live `NAME.manifest.json`, `NAME.report.json` and each one's
`.sig` (SSHSIG, namespace soumnet-backup). JSON is written canonically (sorted keys,
UTF-8, LF), so a file's SHA-256 is the hash of exactly the bytes on disk.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from backups import sshsig
from backups.messages import BackupProblem
from backups.names import sig_path
from foundation import atomicio

MANIFEST_FORMAT = "soumnet-manifest/1"
REPORT_FORMAT = "soumnet-backup-report/1"


def canonical(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Read into one reused buffer of 128 KiB: it stays in the CPU's cache for the hash."""
    digest = hashlib.sha256()
    buffer = memoryview(bytearray(128 * 1024))
    with open(path, "rb", buffering=0) as handle:
        while count := handle.readinto(buffer):
            digest.update(buffer[:count])
    return digest.hexdigest()


def write_signed(path: Path, data: dict[str, Any], key: sshsig.SigningKey) -> str:
    """Write `path` and `path.sig` atomically; returns the SHA-256 of the JSON bytes."""
    body = canonical(data)
    atomicio.write_bytes(path, body)
    atomicio.write_text(sig_path(path), key.sign(body))
    return sha256_bytes(body)


def entry_text(entry: dict[str, Any]) -> str:
    """One entry of the manifest's list, exactly as `canonical` indents it there."""
    lines = ",\n   ".join(
        f"{encode_basestring(key)}: "
        + (encode_basestring(value) if isinstance(value, str) else str(value))
        for key, value in sorted(entry.items())
    )
    return "  {\n   " + lines + "\n  }"


def write_manifest(
    path: Path,
    archive: str,
    entries: Iterable[str],
    totals: dict[str, int],
    key: sshsig.SigningKey,
) -> str:
    """Write the manifest (the bytes `canonical` would make of it) and its `.sig`, one
    entry at a time, each as `entry_text` makes it: the 50,000 entries of an archive are
    never in memory as one string or as a list of dicts besides the archive's own
    entries. Returns its SHA-256."""
    sha256, sha512 = hashlib.sha256(), hashlib.sha512()
    tmp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    try:
        with open(tmp, "xb", buffering=1024 * 1024) as out:

            def put(text: str) -> None:
                data = text.encode("utf-8")
                sha256.update(data)
                sha512.update(data)
                out.write(data)

            put('{\n "archive": ' + encode_basestring(archive) + ',\n "files": [')
            separator = "\n"
            for entry in entries:
                put(separator + entry)
                separator = ",\n"
            put("\n ]" if separator != "\n" else "]")
            tail = {"format": MANIFEST_FORMAT, "totals": totals}
            put(",\n" + canonical(tail).decode("utf-8")[2:])
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        atomicio.remove(tmp)
        raise
    atomicio.fsync_dir(path.parent)
    atomicio.write_text(sig_path(path), key.sign_sha512(sha512.digest()))
    return sha256.hexdigest()


def read_json(path: Path, what: str) -> tuple[dict[str, Any], bytes]:
    if not path.exists():
        raise BackupProblem("companion_missing", file=str(path))
    body = path.read_bytes()
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = None
    if not isinstance(data, dict):  # `what` is a kind of file: key what.report, what.manifest
        raise BackupProblem("unreadable_json", file=str(path), what=BackupProblem(f"what.{what}"))
    return data, body


def check_signed(path: Path, what: str) -> tuple[dict[str, Any], bytes, str]:
    """The parsed file, its bytes, and the signer's fingerprint; BackupProblem if invalid."""
    data, body = read_json(path, what)
    sig = sig_path(path)
    if not sig.exists():
        raise BackupProblem("companion_missing", file=str(sig))
    try:
        key = sshsig.verify(body, sig.read_text(encoding="utf-8", errors="replace"))
    except sshsig.SignatureError as exc:
        raise BackupProblem("verify_mismatch", file=str(path), reason=exc) from None
    fingerprint = sshsig.fingerprint(key)
    claimed = data.get("signing_key_fingerprint")
    if claimed is not None and claimed != fingerprint:
        raise BackupProblem(
            "verify_mismatch", file=str(path), reason=BackupProblem("mismatch.named_key")
        )
    return data, body, fingerprint
