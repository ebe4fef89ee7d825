"""OpenSSH signatures (the SSHSIG format of `ssh-keygen -Y sign`) with Ed25519 keys.

Implemented with `cryptography` so that an auditor can check our files with stock
`ssh-keygen -Y verify` and we can check theirs; see backups/FORMAT.md.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from backups.messages import BackupProblem

NAMESPACE = "soumnet-backup"
MAGIC = b"SSHSIG"
BEGIN = "-----BEGIN SSH SIGNATURE-----"
END = "-----END SSH SIGNATURE-----"
KEY_TYPE = b"ssh-ed25519"


class SignatureError(BackupProblem, ValueError):
    """A signature that is malformed, made by another key or namespace, or does not match:
    `key` names its text in backups.messages."""


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def raw(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise SignatureError("sig.truncated")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def u32(self) -> int:
        value: int = struct.unpack(">I", self.raw(4))[0]
        return value

    def string(self) -> bytes:
        return self.raw(self.u32())


def public_blob(key: Ed25519PublicKey) -> bytes:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return _string(KEY_TYPE) + _string(raw)


def public_line(key: Ed25519PublicKey) -> str:
    """The `ssh-ed25519 AAAA…` line used in authorized_keys and allowed_signers files."""
    return "ssh-ed25519 " + base64.b64encode(public_blob(key)).decode("ascii")


def fingerprint(key: Ed25519PublicKey) -> str:
    """`SHA256:…` exactly as `ssh-keygen -lf` prints it."""
    digest = hashlib.sha256(public_blob(key)).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


def parse_public_line(line: str) -> Ed25519PublicKey:
    parts = line.split()
    if len(parts) < 2 or parts[0] != "ssh-ed25519":
        raise SignatureError("sig.not_ed25519_public")
    try:
        reader = _Reader(base64.b64decode(parts[1], validate=True))
    except ValueError as exc:
        raise SignatureError("sig.public_not_base64") from exc
    return _key_from_reader(reader)


def _key_from_reader(reader: _Reader) -> Ed25519PublicKey:
    if reader.string() != KEY_TYPE:
        raise SignatureError("sig.only_ed25519_keys")
    raw = reader.string()
    if len(raw) != 32:
        raise SignatureError("sig.bad_public")
    return Ed25519PublicKey.from_public_bytes(raw)


@dataclass(frozen=True)
class SigningKey:
    """An Ed25519 private key in OpenSSH format (as `ssh-keygen -t ed25519` writes it)."""

    private: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def load(cls, path: Path) -> SigningKey:
        key = serialization.load_ssh_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise SignatureError("sig.not_ed25519_key", file=str(path))
        return cls(key)

    def private_openssh(self) -> bytes:
        return self.private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.OpenSSH,
            serialization.NoEncryption(),
        )

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    def sign(self, message: bytes, namespace: str = NAMESPACE) -> str:
        """The armored SSHSIG signature of `message` (hash sha512)."""
        signed = _signed_data(namespace, message)
        sig = self.private.sign(signed)
        blob = (
            MAGIC
            + struct.pack(">I", 1)
            + _string(public_blob(self.public))
            + _string(namespace.encode())
            + _string(b"")
            + _string(b"sha512")
            + _string(_string(KEY_TYPE) + _string(sig))
        )
        text = base64.b64encode(blob).decode("ascii")
        lines = [text[i : i + 70] for i in range(0, len(text), 70)]
        return "\n".join([BEGIN, *lines, END]) + "\n"


def _signed_data(namespace: str, message: bytes, algo: str = "sha512") -> bytes:
    digest = hashlib.new(algo, message).digest()
    return (
        MAGIC
        + _string(namespace.encode())
        + _string(b"")
        + _string(algo.encode())
        + _string(digest)
    )


def verify(message: bytes, armored: str, namespace: str = NAMESPACE) -> Ed25519PublicKey:
    """The key that made `armored` over `message`; SignatureError when it does not verify.

    The caller decides whether that key is trusted (compare its fingerprint)."""
    text = armored.strip()
    if not text.startswith(BEGIN) or not text.endswith(END):
        raise SignatureError("sig.not_ssh")
    body = "".join(text[len(BEGIN) : -len(END)].split())
    try:
        blob = base64.b64decode(body, validate=True)
    except ValueError as exc:
        raise SignatureError("sig.not_base64") from exc
    reader = _Reader(blob)
    if reader.raw(6) != MAGIC or reader.u32() != 1:
        raise SignatureError("sig.not_v1")
    key = _key_from_reader(_Reader(reader.string()))
    if reader.string().decode("utf-8", "replace") != namespace:
        raise SignatureError("sig.namespace", namespace=namespace)
    reader.string()  # reserved
    algo = reader.string().decode("ascii", "replace")
    if algo not in ("sha256", "sha512"):
        raise SignatureError("sig.hash", algo=algo)
    sig_reader = _Reader(reader.string())
    if sig_reader.string() != KEY_TYPE:
        raise SignatureError("sig.only_ed25519_signatures")
    sig = sig_reader.string()
    if reader.pos != len(blob):
        raise SignatureError("sig.trailing")
    try:
        key.verify(sig, _signed_data(namespace, message, algo))
    except InvalidSignature as exc:
        raise SignatureError("sig.mismatch") from exc
    return key
