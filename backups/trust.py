"""Which keys may sign an office's archives: a signature counts only against a trusted key.

A valid signature proves only that *some* key signed; an edited report re-signed with
another key (its `signing_key_fingerprint` changed to match) is valid too. The auditor
gives the key that should have signed: an OpenSSH public key file (`agent_ed25519.pub`) or
an allowed-signers file in `ssh-keygen`'s format (what `soumnet-hub archives
export-signers` writes), and a report passes only when its signer is one of them.
"""

from __future__ import annotations

from pathlib import Path

from backups import sshsig
from backups.messages import BackupProblem
from foundation.messages import os_reason

MAX_BYTES = 1024 * 1024


def trusted_fingerprints(path: Path) -> set[str]:
    """The fingerprints of every Ed25519 key in a public key or allowed-signers file."""
    try:
        text = path.read_bytes()[: MAX_BYTES + 1].decode("utf-8", "replace")
    except OSError as exc:
        raise BackupProblem("trusted_unreadable", file=str(path), reason=os_reason(exc)) from None
    found: set[str] = set()
    for line in text.splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        for index, word in enumerate(words[:-1]):
            if word == sshsig.KEY_TYPE.decode():
                try:
                    key = sshsig.parse_public_line(f"{word} {words[index + 1]}")
                except (sshsig.SignatureError, ValueError):
                    continue
                found.add(sshsig.fingerprint(key))
                break
    if not found:
        reason = BackupProblem("trusted.no_key")
        raise BackupProblem("trusted_unreadable", file=str(path), reason=reason)
    return found


def load_trusted(files: list[Path]) -> set[str] | None:
    """Every trusted fingerprint of the given files; None when no file was given."""
    if not files:
        return None
    return set().union(*(trusted_fingerprints(path) for path in files))


def check_trusted(file: Path, fingerprint: str, trusted: set[str]) -> None:
    """Refuse a signature by a key the auditor does not trust."""
    if fingerprint not in trusted:
        raise BackupProblem("untrusted_key", file=str(file), fingerprint=fingerprint)
