"""Must show 1: a tree survives create -> restore, by our command and by stock tools."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from agent.backup_cli import main
from tests.backups.helpers import canonical_links, create, make_keys, only_archive, snapshot
from tests.conftest import require_program

BIG = 101 * 1024 * 1024


def build_tree(root: Path) -> None:
    staff = root / "Ажилтнууд"
    (staff / "2026 он").mkdir(parents=True)
    (root / "хоосон хавтас" / "дотор хоосон").mkdir(parents=True)
    (staff / "Бат-Эрдэнэ.txt").write_text("Нэр: Бат-Эрдэнэ\nАлбан тушаал: нягтлан\n", "utf-8")
    (staff / "2026 он" / "цалин.csv").write_text("нэр,цалин\nДорж,1200000\n", "utf-8")
    (root / "empty.txt").write_bytes(b"")
    big = root / "том файл.bin"
    with open(big, "wb") as handle:  # sparse: fast to make, still 101 MB through the pipeline
        handle.truncate(BIG)
        handle.seek(BIG // 2)
        handle.write(os.urandom(4096))
        handle.seek(BIG - 10)
        handle.write(b"END-OF-BIG")
    os.link(staff / "Бат-Эрдэнэ.txt", root / "хатуу холбоос.txt")
    os.symlink("Ажилтнууд/Бат-Эрдэнэ.txt", root / "симлинк")
    os.symlink("хоосон хавтас", root / "dirlink")
    os.symlink("does-not-exist", root / "dangling")
    os.chmod(staff / "2026 он" / "цалин.csv", 0o600)
    os.chmod(root / "empty.txt", 0o444)
    script = root / "run.sh"
    script.write_text("#!/bin/sh\necho hi\n")
    os.chmod(script, 0o750)
    os.chmod(root / "хоосон хавтас", 0o700)
    for i, path in enumerate(sorted(root.rglob("*"), key=lambda p: -len(p.parts))):
        os.utime(path, (1_600_000_000 + i * 3601, 1_600_000_000 + i * 3601), follow_symlinks=False)
    os.utime(root, (1_650_000_000, 1_650_000_000))


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    base = tmp_path_factory.mktemp("roundtrip")
    source = base / "кадр"
    source.mkdir()
    build_tree(source)
    keys = make_keys(base / "keys")
    assert create(keys, [source], base / "out") == 0
    return source, only_archive(base / "out"), base


def test_restore_command_gives_an_equal_tree(made: tuple[Path, Path, Path]) -> None:
    source, archive, base = made
    target = base / "restored"
    assert (
        main(
            [
                "restore",
                str(archive),
                "--identity",
                str(base / "keys" / "work.txt"),
                "--to",
                str(target),
            ]
        )
        == 0
    )
    assert canonical_links(snapshot(target / source.name)) == canonical_links(snapshot(source))


def test_escrow_key_restores_too(made: tuple[Path, Path, Path]) -> None:
    _source, archive, base = made
    trusted = ["--trusted-key", str(base / "keys" / "agent_ed25519.pub")]
    assert (
        main(["verify", str(archive), "--identity", str(base / "keys" / "escrow.txt"), *trusted])
        == 0
    )


def test_stock_age_zstd_tar_give_an_equal_tree(made: tuple[Path, Path, Path]) -> None:
    for program in ("age", "zstd", "tar"):
        require_program(program)
    source, archive, base = made
    target = base / "stock"
    target.mkdir()
    key = base / "keys" / "work.txt"
    subprocess.run(
        f"age -d -i '{key}' '{archive}' | zstd -d | tar -x -p -C '{target}'",
        shell=True,
        check=True,
    )
    assert canonical_links(snapshot(target / source.name)) == canonical_links(snapshot(source))


def test_restore_refuses_a_non_empty_folder(
    made: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _source, archive, base = made
    target = base / "busy"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    assert (
        main(
            [
                "restore",
                str(archive),
                "--identity",
                str(base / "keys" / "work.txt"),
                "--to",
                str(target),
            ]
        )
        == 1
    )
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in target.iterdir()] == ["keep.txt"]


def test_pattern_restores_only_matching_paths(made: tuple[Path, Path, Path]) -> None:
    source, archive, base = made
    target = base / "pattern"
    argv = [
        "restore",
        str(archive),
        "--identity",
        str(base / "keys" / "work.txt"),
        "--to",
        str(target),
    ]
    assert main([*argv, "--pattern", "*.csv"]) == 0
    found = [p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()]
    assert found == [f"{source.name}/Ажилтнууд/2026 он/цалин.csv"]
