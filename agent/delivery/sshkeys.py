"""The agent's own Ed25519 key and the hub's pinned host key.

The private key is written with mode 0600 before any byte of it reaches the disk, so no
other local user can ever read it. The hub's host key is given at enrolment as an OpenSSH
public key line (`ssh-ed25519 AAAA…`) and is the only key the agent will ever accept.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

import paramiko
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from paramiko.pkey import UnknownKeyType

from agent.messages import T
from foundation.i18n import Problem


class KeyProblem(Problem):
    """A key file or key line that cannot be used."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(T, key, **values)


def create_key(path: Path) -> paramiko.Ed25519Key:
    """Create a new Ed25519 key at `path` (0600); an existing key is kept and returned."""
    if path.exists():
        return load_key(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(path, 0o600)
    return load_key(path)


def load_key(path: Path) -> paramiko.Ed25519Key:
    try:
        return paramiko.Ed25519Key.from_private_key_file(str(path))
    except FileNotFoundError:
        raise KeyProblem("agent.key.missing", file=path) from None
    except (OSError, paramiko.SSHException, ValueError) as exc:
        raise KeyProblem("agent.key.unusable", file=path, reason=exc) from None


def public_line(key: paramiko.PKey, comment: str = "") -> str:
    """The OpenSSH public key line, as `authorized_keys` holds it."""
    line = f"{key.get_name()} {key.get_base64()}"
    return f"{line} {comment}" if comment else line


def parse_public_line(line: str) -> paramiko.PKey:
    """An OpenSSH public key line -> key; raises KeyProblem with the reason."""
    parts = line.strip().split()
    if len(parts) < 2:
        raise KeyProblem("agent.key.bad_line", line=line[:60])
    try:
        blob = base64.b64decode(parts[1], validate=True)
        return paramiko.PKey.from_type_string(parts[0], blob)
    except (binascii.Error, ValueError, paramiko.SSHException, UnknownKeyType):
        raise KeyProblem("agent.key.bad_line", line=line[:60]) from None


def fingerprint(key: paramiko.PKey) -> str:
    """SHA256 fingerprint as `ssh-keygen -lf` prints it."""
    return key.fingerprint
