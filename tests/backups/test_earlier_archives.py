"""Archives written before the tar headers were made by hand (tarfile's pax headers, times
as floats, one zstd frame) still pass a restore test and restore with the same times."""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
from pathlib import Path

import pyrage
import zstandard

from backups.restore import load_identities, restore, restore_test
from tests.backups.helpers import make_keys


def _tree(root: Path) -> None:
    (root / "Тушаал").mkdir(parents=True)
    (root / "Тушаал" / "тушаал-001.pdf").write_bytes(os.urandom(300_000))
    (root / "Анкет.txt").write_text("нэр, овог\n" * 500, encoding="utf-8")
    os.symlink("Анкет.txt", root / "холбоос")
    for path, seconds in (
        (root / "Анкет.txt", 1_700_000_000.25),
        (root / "Тушаал", 1_600_000_000.5),
    ):
        os.utime(path, (seconds, seconds), follow_symlinks=False)


def _as_before(source: Path, archive: Path, recipient: str) -> list[dict[str, object]]:
    """The tar stream as `create` wrote it with tarfile.gettarinfo, and its manifest."""
    raw = io.BytesIO()
    entries: list[dict[str, object]] = []
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        paths = [source, *sorted(source.rglob("*"))]
        for path in paths:
            info = tar.gettarinfo(
                str(path), arcname=f"{source.name}/{path.relative_to(source)}".rstrip("/.")
            )
            data = path.read_bytes() if info.isreg() else b""
            tar.addfile(info, io.BytesIO(data) if info.isreg() else None)
            entry: dict[str, object] = {"path": info.name, "mode": f"{info.mode & 0o7777:04o}"}
            if info.isreg():
                entry["sha256"] = hashlib.sha256(data).hexdigest()
            entries.append(entry)
    compressed = zstandard.ZstdCompressor(level=3).compress(raw.getvalue())
    archive.write_bytes(pyrage.encrypt(compressed, [pyrage.x25519.Recipient.from_str(recipient)]))
    return entries


def test_an_archive_of_the_earlier_writer_verifies_and_restores(tmp_path: Path) -> None:
    keys = make_keys(tmp_path / "keys")
    source = tmp_path / "кадр"
    _tree(source)
    archive = tmp_path / "old.tar.zst.age"
    entries = _as_before(source, archive, keys.recipients[0])
    identities = load_identities(keys.identity_file)
    assert restore_test(archive, identities, entries) == (2, [])
    target = tmp_path / "restored"
    assert restore(archive, identities, target) == len(entries)
    back = target / "кадр"
    assert (back / "Тушаал" / "тушаал-001.pdf").read_bytes() == (
        source / "Тушаал" / "тушаал-001.pdf"
    ).read_bytes()
    assert os.readlink(back / "холбоос") == "Анкет.txt"
    for name in ("Анкет.txt", "Тушаал"):
        assert os.stat(back / name).st_mtime == os.stat(source / name).st_mtime
