"""The manifest written one entry at a time is the canonical JSON of the whole, signed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from backups import sshsig
from backups.archive import Entry
from backups.manifest import MANIFEST_FORMAT, canonical, entry_text, write_manifest
from backups.names import sig_path


def test_streamed_manifest_is_byte_for_byte_canonical_and_its_signature_verifies(
    tmp_path: Path,
) -> None:
    key = sshsig.SigningKey.generate()
    entries = [
        {"path": "кадр", "type": "dir", "size": 0, "mtime": 1, "mode": "0755"},
        {
            "path": 'кадр/"тушаал"\\1.pdf',
            "type": "file",
            "size": 12,
            "mtime": 1764813918,
            "mode": "0640",
            "sha256": "ab" * 32,
        },
        {
            "path": "кадр/l",
            "type": "symlink",
            "size": 0,
            "mtime": 2,
            "mode": "0777",
            "link": "a\tb",
        },
    ]
    totals = {"entries": 3, "files": 1, "bytes": 12}
    for files in (entries, []):
        path = tmp_path / "m.manifest.json"
        sha = write_manifest(path, "a.tar.zst.age", map(entry_text, files), totals, key)
        whole = {"format": MANIFEST_FORMAT, "archive": "a.tar.zst.age", "files": files}
        expected = canonical({**whole, "totals": totals})
        assert path.read_bytes() == expected
        assert json.loads(expected)["files"] == files
        assert sha == hashlib.sha256(expected).hexdigest()
        signature = sig_path(path).read_text()
        assert sshsig.fingerprint(sshsig.verify(expected, signature)) == sshsig.fingerprint(
            key.public
        )


def test_an_entry_renders_itself_as_its_dict_would() -> None:
    entries = [
        Entry("кадр", "dir", 0, 1, 0o40755),
        Entry('кадр/"а"\\б.txt', "file", 12, 1764813918, 0o100640, sha256="ab" * 32),
        Entry("кадр/l", "symlink", 0, 2, 0o120777, link="../\tц"),
        Entry("кадр/h", "hardlink", 0, 2, 0o104755, link="кадр/l"),
    ]
    for entry in entries:
        assert entry.manifest_text() == entry_text(entry.to_json())
