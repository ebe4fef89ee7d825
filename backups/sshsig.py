"""OpenSSH signatures (the SSHSIG format of `ssh-keygen -Y sign`) with Ed25519 keys.

Implemented with `cryptography` so that an auditor can check our files with stock
`ssh-keygen -Y verify` and we can check theirs; see backups/FORMAT.md.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from backups.messages import BackupProblem

NAMESPACE = "soumnet-backup"
MAGIC = b"SSHSIG"
BEGIN = "-----BEGIN SSH SIGNATURE-----"
END = "-----END SSH SIGNATURE-----"
KEY_TYPE = b"ssh-ed25519"
PUBLIC_KEY_TYPES = (b"ssh-", b"ecdsa-sha2-", b"sk-ssh-", b"sk-ecdsa-")
"""How the line of an OpenSSH public key (a `.pub` file) begins."""


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
        """The key in `path`; any other file is one BackupProblem saying what it is instead
        (people point at the age identity, the `.pub` file or an older RSA key by mistake)."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise BackupProblem("no_signing_key", file=str(path)) from None
        try:
            key = serialization.load_ssh_private_key(data, password=None)
        except TypeError:  # cryptography's word for "encrypted, and no passphrase given"
            raise BackupProblem("signing_key.locked", file=str(path)) from None
        except (ValueError, UnsupportedAlgorithm):
            raise BackupProblem(_what_else(data), file=str(path)) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise BackupProblem("signing_key.type", file=str(path), type=_type_name(key))
        return cls(key)

    def save(self, path: Path) -> None:
        """Write a new key file (0600 from its first byte); an existing file is never replaced.
        Its public half goes beside it as `ssh-keygen` would (`PATH.pub`): the hub on the
        same machine trusts it, and an auditor can be handed it."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(self.private_openssh())
            out.flush()
            os.fsync(out.fileno())
        public = path.with_name(path.name + ".pub")
        public.write_text(public_line(self.public) + "\n", encoding="ascii")

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
        return self.sign_sha512(hashlib.sha512(message).digest(), namespace)

    def sign_sha512(self, digest: bytes, namespace: str = NAMESPACE) -> str:
        """The same for a message known by its SHA-512 only: one written as it was made."""
        signed = _signed_data(namespace, digest)
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


def _what_else(data: bytes) -> str:
    """The message key for a file that is not an OpenSSH private key."""
    if b"AGE-SECRET-KEY-" in data:
        return "signing_key.age"
    if data.lstrip().startswith(PUBLIC_KEY_TYPES):
        return "signing_key.public"
    return "signing_key.unknown"


def _type_name(key: object) -> str:
    if isinstance(key, rsa.RSAPrivateKey):
        return "RSA"
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return "ECDSA"
    if isinstance(key, dsa.DSAPrivateKey):
        return "DSA"
    return type(key).__name__


def _signed_data(namespace: str, digest: bytes, algo: str = "sha512") -> bytes:
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
        key.verify(sig, _signed_data(namespace, hashlib.new(algo, message).digest(), algo))
    except InvalidSignature as exc:
        raise SignatureError("sig.mismatch") from exc
    return key
