"""A restore that fails leaves nothing of itself in the target, and says so; a restore that
would restore nothing, or is given something that is not an archive, is one clear line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agent.backup_cli import main
from tests.backups.helpers import Keys, create, make_keys, only_archive

SIZE = 3_000_000


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Keys, Path, Path]:
    base = tmp_path_factory.mktemp("damaged")
    source = base / "кадр"
    (source / "Ажилтнууд").mkdir(parents=True)
    (source / "Ажилтнууд" / "жагсаалт.csv").write_text("нэр\nДорж\n", "utf-8")
    (source / "тайлан.bin").write_bytes(os.urandom(SIZE))  # incompressible: a long stream
    keys = make_keys(base / "keys")
    assert create(keys, [source], base / "out") == 0
    return keys, only_archive(base / "out"), base


def _damaged(archive: Path, folder: Path, how: str) -> Path:
    data = bytearray(archive.read_bytes())
    if how == "cut":
        data = data[: len(data) * 2 // 3]
    else:  # one flipped byte well inside the big file's part of the stream
        data[len(data) // 2] ^= 0x01
    folder.mkdir(parents=True, exist_ok=True)
    broken = folder / f"{how}-{archive.name}"
    broken.write_bytes(bytes(data))
    return broken


def _listing(folder: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


@pytest.mark.parametrize("how", ["cut", "flipped"])
@pytest.mark.parametrize("lang", ["en", "mn"])
def test_a_damaged_archive_leaves_nothing_in_the_target(
    made: tuple[Keys, Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    how: str,
    lang: str,
) -> None:
    monkeypatch.setenv("SOUMNET_LANG", lang)
    keys, archive, _base = made
    broken = _damaged(archive, tmp_path / "in", how)
    nothing = {"en": "nothing was restored", "mn": "юу ч сэргээгээгүй"}[lang]
    argv = ["restore", str(broken), "--identity", str(keys.identity_file), "--to"]

    new = tmp_path / "new" / "target"
    assert main([*argv, str(new)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and nothing in err[0] and str(new) in err[0], err
    assert not (tmp_path / "new").exists()  # not even the folder above it

    empty = tmp_path / "empty"
    empty.mkdir()
    assert main([*argv, str(empty)]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert list(empty.iterdir()) == []

    busy = tmp_path / "busy"
    (busy / "кадр").mkdir(parents=True)
    (busy / "кадр" / "тайлан.bin").write_bytes(b"the copy kept here")
    (busy / "keep.txt").write_text("mine")
    before = _listing(busy)
    assert main([*argv, str(busy), "--force"]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert _listing(busy) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy", "empty", "in"]


def test_force_replaces_only_after_the_whole_archive_checked_out(
    made: tuple[Keys, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys, archive, base = made
    busy = tmp_path / "busy"
    (busy / "кадр").mkdir(parents=True)
    (busy / "кадр" / "тайлан.bin").write_bytes(b"older copy")
    (busy / "keep.txt").write_text("mine")
    os.symlink("/", busy / "кадр" / "Ажилтнууд-link")
    argv = ["restore", str(archive), "--identity", str(keys.identity_file), "--to", str(busy)]
    assert main([*argv, "--force"]) == 0
    assert "restored 4 entries" in capsys.readouterr().out
    restored = busy / "кадр"
    assert (restored / "тайлан.bin").read_bytes() == (base / "кадр" / "тайлан.bin").read_bytes()
    assert (restored / "Ажилтнууд" / "жагсаалт.csv").read_text("utf-8") == "нэр\nДорж\n"
    assert (busy / "keep.txt").read_text() == "mine"
    assert os.readlink(restored / "Ажилтнууд-link") == "/"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy"]


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_a_pattern_that_matches_nothing_fails(
    made: tuple[Keys, Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    monkeypatch.setenv("SOUMNET_LANG", lang)
    keys, archive, _base = made
    target = tmp_path / "target"
    argv = ["restore", str(archive), "--identity", str(keys.identity_file), "--to", str(target)]
    assert main([*argv, "--pattern", "*.docx"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "*.docx" in err[0], err
    assert {"en": "matches nothing", "mn": "тохирох зүйл алга"}[lang] in err[0]
    assert not target.exists()


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_a_folder_or_a_missing_file_is_not_an_archive(
    made: tuple[Keys, Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    monkeypatch.setenv("SOUMNET_LANG", lang)
    keys, archive, _base = made
    said = {
        "en": ("is a folder, not an archive file", "no such archive file"),
        "mn": ("архив файл биш, хавтас байна", "ийм архив файл алга"),
    }[lang]
    for given, words in ((archive.parent, said[0]), (tmp_path / "none.tar.zst.age", said[1])):
        target = tmp_path / "target"
        argv = ["restore", str(given), "--identity", str(keys.identity_file), "--to", str(target)]
        assert main(argv) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and words in err[0] and str(given) in err[0], err
        assert "wrong key" not in err[0] and not target.exists()
        assert main(["verify", str(given), "--identity", str(keys.identity_file)]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and words in err[0], err
