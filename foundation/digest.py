"""SHA-256 for the always-on agent without loading OpenSSL.

`hashlib` loads OpenSSL's libcrypto, about 4 MB resident for the agent's whole life, to hash
a few short strings (host ids, roll-up ids). CPython's own SHA-256 gives the same digests.
"""

from __future__ import annotations

try:  # Python 3.12 and later
    from _sha2 import sha256  # type: ignore[import-not-found]
except ImportError:  # Python 3.11
    try:
        from _sha256 import sha256  # type: ignore[import-not-found, unused-ignore]
    except ImportError:  # a build without CPython's own hashes
        from hashlib import sha256


def sha256_hex(text: str) -> str:
    return sha256(text.encode("utf-8")).hexdigest()
