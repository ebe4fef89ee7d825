"""Must show 3: crafted archives are refused and nothing is written outside the target."""

from __future__ import annotations

import io
import os
import tarfile
from collections.abc import Callable
from pathlib import Path

import pyrage
import pytest
import zstandard

from agent.backup_cli import main
from backups.messages import BackupProblem
from backups.restore import restore


def _encrypt_tar(path: Path, build: Callable[[tarfile.TarFile], None], recipient: str) -> None:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        build(tar)
    compressed = zstandard.ZstdCompressor().compress(raw.getvalue())
    path.write_bytes(pyrage.encrypt(compressed, [pyrage.x25519.Recipient.from_str(recipient)]))


def _file(tar: tarfile.TarFile, name: str, data: bytes = b"evil\n") -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def _link(tar: tarfile.TarFile, name: str, target: str, kind: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    tar.addfile(info)


def _device(tar: tarfile.TarFile, name: str, kind: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.devmajor, info.devminor = 1, 3
    tar.addfile(info)


def _two(
    tar: tarfile.TarFile,
    first: Callable[[tarfile.TarFile], None],
    second: Callable[[tarfile.TarFile], None],
) -> None:
    first(tar)
    second(tar)


CASES: dict[str, Callable[[tarfile.TarFile, str], None]] = {
    "absolute": lambda tar, outside: _file(tar, outside + "/abs.txt"),
    "dotdot": lambda tar, _o: _two(
        tar, lambda t: _file(t, "ok.txt", b"fine"), lambda t: _file(t, "../outside/dotdot.txt")
    ),
    "nested-dotdot": lambda tar, _o: _file(tar, "a/b/../../../outside/nested.txt"),
    "symlink-escape": lambda tar, _o: _two(
        tar,
        lambda t: _link(t, "esc", "../outside", tarfile.SYMTYPE),
        lambda t: _file(t, "esc/through-symlink.txt"),
    ),
    "symlink-absolute": lambda tar, outside: _two(
        tar,
        lambda t: _link(t, "abslink", outside, tarfile.SYMTYPE),
        lambda t: _file(t, "abslink/through.txt"),
    ),
    "hardlink-escape": lambda tar, _o: _link(tar, "hl", "../outside/victim.txt", tarfile.LNKTYPE),
    "hardlink-absolute": lambda tar, outside: _link(
        tar, "hl2", outside + "/victim.txt", tarfile.LNKTYPE
    ),
    "char-device": lambda tar, _o: _device(tar, "null", tarfile.CHRTYPE),
    "block-device": lambda tar, _o: _device(tar, "disk", tarfile.BLKTYPE),
    "fifo": lambda tar, _o: _device(tar, "pipe", tarfile.FIFOTYPE),
}


def _listing(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): (
            p.read_bytes() if p.is_file() and not p.is_symlink() else b""
        )
        for p in root.rglob("*")
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_crafted_archive_is_refused(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    identity = pyrage.x25519.Identity.generate()
    key = tmp_path / "key.txt"
    key.write_text(str(identity) + "\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.txt").write_text("original")
    archive = tmp_path / "evil.tar.zst.age"
    _encrypt_tar(archive, lambda tar: CASES[case](tar, str(outside)), str(identity.to_public()))
    before = _listing(tmp_path)
    target = tmp_path / "target"
    status = main(["restore", str(archive), "--identity", str(key), "--to", str(target)])
    assert status == 1
    err = capsys.readouterr().err
    assert "refused" in err and err.count("\n") == 1
    after = _listing(tmp_path)
    new_outside = {k for k in after if not k.startswith("target")} - set(before)
    assert new_outside == set()
    assert (outside / "victim.txt").read_text() == "original"
    os.chmod(outside / "victim.txt", 0o644)


def test_check_member_also_refuses_without_the_cli(tmp_path: Path) -> None:
    identity = pyrage.x25519.Identity.generate()
    archive = tmp_path / "evil.tar.zst.age"
    _encrypt_tar(
        archive, lambda tar: _file(tar, "/etc/soumnet-test-evil"), str(identity.to_public())
    )
    with pytest.raises(BackupProblem, match="absolute path"):
        restore(archive, [identity], tmp_path / "t")
    assert not Path("/etc/soumnet-test-evil").exists()
