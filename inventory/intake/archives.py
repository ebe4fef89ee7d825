"""The hub's append-only archive folder: `ingest` op "archive" receives an archive, its
manifest and its report (and their signatures) from an agent over the forced command.

Each agent has its own folder `archives/<agent>/`. A file is received into a `.partial`
file, its SHA-256 checked against the header, fsynced and linked into place with a
no-replace link, so an agent can add files but never overwrite or delete one. The reply
carries a receipt signed (SSHSIG) with the hub's archive key.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from foundation import atomicio
from foundation.wire import utcnow
from inventory.config import HubConfig
from inventory.intake.batch import BatchError, time_limit
from inventory.store.layout import Layout

if TYPE_CHECKING:
    from backups.sshsig import SigningKey

NAME = re.compile(r"^[\w.+-]{1,200}$")
MAX_FILES = 16
CHUNK = 64 * 1024


def archive_root(config: HubConfig) -> Path:
    return Layout(config.hub_dir).archives


def receipt_key(config: HubConfig) -> SigningKey:
    """The hub's key that signs receipts (created on first use, 0600)."""
    # Imported here, as below: cryptography (+9 MiB RSS, +15 ms) only for an archive delivery,
    # not for each `ingest` of reports.
    from backups.sshsig import SigningKey

    path = Layout(config.hub_dir).receipt_key
    if not path.exists():
        atomicio.write_bytes(path, SigningKey.generate().private_openssh(), mode=0o600)
    return SigningKey.load(path)


def _store(stream: IO[bytes], folder: Path, name: str, size: int, sha256: str) -> None:

    final = folder / name
    partial = folder / f".{name}.{os.getpid()}.partial"
    digest = hashlib.sha256()
    left = size
    try:
        with open(partial, "xb") as out:
            while left:
                chunk = stream.read(min(CHUNK, left))
                if not chunk:
                    raise BatchError(f"{name}: cut short after {size - left} of {size} bytes")
                out.write(chunk)
                digest.update(chunk)
                left -= len(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha256:
            raise BatchError(f"{name}: SHA-256 differs from the header")
        try:
            os.link(partial, final)  # fails if the name exists: never replaces
        except FileExistsError:
            raise BatchError(f"{name}: already stored; archives are never replaced") from None
        atomicio.fsync_dir(folder)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


def receive_archive(
    header: dict[str, Any], stream: IO[bytes], out: IO[bytes], agent: str, config: HubConfig
) -> dict[str, Any]:

    files = header.get("files")
    if not isinstance(files, list) or not 1 <= len(files) <= MAX_FILES:
        raise BatchError(f"header: files must list 1 to {MAX_FILES} files")
    checked: list[tuple[str, int, str]] = []
    for item in files:
        name, size, sha = item.get("name"), item.get("size"), item.get("sha256")
        if not isinstance(name, str) or not NAME.match(name) or name.startswith("."):
            raise BatchError(f"header: bad file name {name!r}")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise BatchError(f"header: {name}: bad size")
        if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{64}", sha):
            raise BatchError(f"header: {name}: bad sha256")
        checked.append((name, size, sha))
    if sum(size for _name, size, _sha in checked) > config.hub.max_archive_bytes:
        raise BatchError(f"header: more than {config.hub.max_archive_bytes} bytes announced")
    folder = archive_root(config) / agent
    folder.mkdir(parents=True, exist_ok=True)
    for name, _size, _sha in checked:
        if (folder / name).exists():
            raise BatchError(f"{name}: already stored; archives are never replaced")
    with time_limit(config.hub.archive_timeout_seconds, "the archive"):
        for name, size, sha in checked:
            _store(stream, folder, name, size, sha)
    receipt = {
        "agent": agent,
        "received": utcnow().isoformat(),
        "files": [{"name": n, "size": s, "sha256": h} for n, s, h in checked],
    }
    from backups.sshsig import public_line  # cryptography: see receipt_key

    key = receipt_key(config)
    body = json.dumps(receipt, ensure_ascii=False, sort_keys=True)
    return {
        "ok": True,
        "receipt": body,
        "signature": key.sign(body.encode()),
        "hub_key": public_line(key.public),
    }
