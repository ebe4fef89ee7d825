"""The create and check pipelines: the reused read buffer, the restore test's own reading
of contents, and both age programs (stock `age` when installed, pyrage otherwise) give the
same, standard archive."""

from __future__ import annotations

import hashlib
import io
import os
import random
import subprocess
import sys
import tarfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pyrage
import pytest
import zstandard

from agent.backup_cli import main
from backups import archive as archive_mod
from backups import encryptor
from backups.archive import PIECE, create_archive
from backups.messages import BackupProblem
from backups.restore import load_identities, restore_test
from tests.backups.helpers import create, make_keys, only_archive
from tests.conftest import require_program

PROGRAMS = ["age", "pyrage"]


@pytest.fixture(params=PROGRAMS)
def program(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run the test with stock `age`, then with pyrage as on a machine without `age`."""
    if request.param == "age":
        require_program("age")
    else:
        monkeypatch.setattr(encryptor, "age_program", lambda: None)
    yield request.param


def sizes() -> list[int]:
    """File sizes around every boundary of the pipelines: tar blocks, pieces, zstd's
    blocks, and a file of many pieces."""
    out = [0, 1, 511, 512, 513, PIECE - 1, PIECE, PIECE + 1, 2 * PIECE + 1]
    out += [8 * PIECE - 1, 8 * PIECE, 24 * PIECE + 12_345, 72 * PIECE + 7]
    return out


def make_tree(root: Path, seed: int = 7) -> dict[str, str]:
    """Files of distinct random content; returns {member name: SHA-256}."""
    rng = random.Random(seed)
    root.mkdir()
    expected = {}
    for i, size in enumerate(sizes() + [rng.randint(1, 5 * PIECE) for _ in range(20)]):
        path = root / f"f{i:03d}.bin"
        path.write_bytes(rng.randbytes(size))
        expected[f"{root.name}/{path.name}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return expected


def plaintext(archive: Path, identity_file: Path) -> bytes:
    identities = load_identities(identity_file)
    compressed = pyrage.decrypt(archive.read_bytes(), identities)
    return (
        zstandard.ZstdDecompressor().decompressobj(read_across_frames=True).decompress(compressed)
    )


def test_manifest_hashes_and_contents_match_the_files(program: str, tmp_path: Path) -> None:
    keys = make_keys(tmp_path / "keys")
    expected = make_tree(tmp_path / "src")
    out = tmp_path / "a.tar.zst.age"
    outcome = create_archive([tmp_path / "src"], out, list(keys.recipients))
    assert outcome.status == "OK"
    hashes = {e.path: e.sha256 for e in outcome.entries if e.type == "file"}
    assert hashes == expected
    assert outcome.archive_sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert outcome.archive_bytes == out.stat().st_size
    with tarfile.open(fileobj=io.BytesIO(plaintext(out, keys.identity_file))) as tar:
        for member in tar:
            if member.isfile():
                handle = tar.extractfile(member)
                assert handle is not None
                assert hashlib.sha256(handle.read()).hexdigest() == expected[member.name]
    checked, problems = restore_test(out, load_identities(keys.escrow_file), outcome_json(outcome))
    assert (checked, problems) == (len(expected), [])


def outcome_json(outcome: archive_mod.Outcome) -> list[dict[str, object]]:
    return [e.to_json() for e in outcome.entries]


def test_archives_of_either_program_are_read_by_the_other(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    require_program("age")
    keys = make_keys(tmp_path / "keys")
    make_tree(tmp_path / "src")
    made = {}
    for name, found in (("age", encryptor.age_program()), ("pyrage", None)):
        monkeypatch.setattr(encryptor, "age_program", lambda found=found: found)
        assert create(keys, [tmp_path / "src"], tmp_path / name) == 0
        made[name] = only_archive(tmp_path / name)
    for name, found in (("age", None), ("pyrage", encryptor.age_program())):
        monkeypatch.setattr(encryptor, "age_program", lambda found=found: found)
        argv = ["verify", str(made[name]), "--identity", str(keys.identity_file), *keys.trusted]
        assert main(argv) == 0
    for archive in made.values():  # and by stock tools, age header and all
        stock = subprocess.run(
            ["age", "-d", "-i", str(keys.escrow_file), str(archive)], capture_output=True
        )
        assert stock.returncode == 0, stock.stderr
        assert stock.stdout[:4] == b"\x28\xb5\x2f\xfd"  # a zstd frame
        assert archive.read_bytes().startswith(b"age-encryption.org/v1\n")


def test_a_bad_recipient_from_the_encryptor_is_one_line(program: str, tmp_path: Path) -> None:
    """The child's own complaint ends the run as a write failure, nothing left behind."""
    keys = make_keys(tmp_path / "keys")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text("a")
    out = tmp_path / "out" / "a.tar.zst.age"
    out.parent.mkdir()
    outcome = archive_mod.Outcome()
    plan = [(tmp_path / "src", [tmp_path / "src", tmp_path / "src" / "a.txt"])]
    counter = archive_mod._Counter()
    bad = keys.recipients[0][:-1] + ("q" if keys.recipients[0][-1] != "q" else "p")
    archive_mod._write(plan, [], out, [bad], outcome, counter, None)
    assert outcome.status == "FAILED" and outcome.error is not None
    assert "\n" not in outcome.error
    assert list(out.parent.iterdir()) == []


@pytest.mark.parametrize("path", ["stock", "no-age"])
def test_disk_full_with_either_program(path: str, tmp_path: Path) -> None:
    """A full disk while the archive is written: exit status 1, one line, nothing kept."""
    if path == "stock":
        require_program("age")
    keys = make_keys(tmp_path / "keys")
    source = tmp_path / "src"
    source.mkdir()
    (source / "random.bin").write_bytes(os.urandom(4 * 1024 * 1024))
    out = tmp_path / "out"
    argv = ["create", "--label", "full", "--out", str(out), "--source", str(source)]
    argv += ["--signing-key", str(keys.signing_key), "--recipient", keys.recipients[0]]
    limit = 512 * 1024
    script = textwrap.dedent(f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
        from agent.backup_cli import main
        sys.exit(main({argv!r}))
    """)
    env = dict(os.environ)
    if path == "no-age":
        empty = tmp_path / "bin"
        empty.mkdir()
        env["PATH"] = str(empty)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "disk is full" in lines[0], done.stderr
    assert list(out.glob("*.age*")) == [] and list(out.glob("*.partial")) == []


def encrypted_tar(path: Path, members: dict[str, bytes], recipient: str, cut: int = 0) -> None:
    """An archive of `members` made by other tools; `cut` bytes taken off the tar's end."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), 0o644
            tar.addfile(info, io.BytesIO(data))
    plain = buffer.getvalue()[: len(buffer.getvalue()) - cut]
    compressed = zstandard.ZstdCompressor(level=3).compress(plain)
    path.write_bytes(pyrage.encrypt(compressed, [pyrage.x25519.Recipient.from_str(recipient)]))


def test_restore_test_reports_each_difference_in_archive_order(
    program: str, tmp_path: Path
) -> None:
    keys = make_keys(tmp_path / "keys")
    big = random.Random(3).randbytes(40 * PIECE + 99)
    members = {"d/a.bin": big, "d/b.txt": b"b", "d/extra.txt": b"x"}
    encrypted_tar(tmp_path / "a.tar.zst.age", members, keys.recipients[0])
    entries: list[dict[str, object]] = [
        {"path": "d/a.bin", "mode": "0644", "sha256": hashlib.sha256(big[:-1]).hexdigest()},
        {"path": "d/b.txt", "mode": "0600", "sha256": hashlib.sha256(b"b").hexdigest()},
        {"path": "d/gone.txt", "mode": "0644", "sha256": "0" * 64},
    ]
    checked, problems = restore_test(
        tmp_path / "a.tar.zst.age", load_identities(keys.identity_file), entries
    )
    assert checked == 2
    assert problems == [
        "d/a.bin: content differs from the manifest",
        "d/b.txt: mode differs from the manifest",
        "d/extra.txt: not in the manifest",
        "d/gone.txt: missing from the archive",
    ]


def test_restore_test_of_a_cut_tar_is_a_damaged_archive(program: str, tmp_path: Path) -> None:
    keys = make_keys(tmp_path / "keys")
    data = random.Random(4).randbytes(3 * PIECE)
    archive = tmp_path / "a.tar.zst.age"
    encrypted_tar(archive, {"d/a.bin": data}, keys.recipients[0], cut=10_240 + PIECE)
    with pytest.raises(BackupProblem) as caught:
        restore_test(archive, load_identities(keys.identity_file), [])
    assert caught.value.key == "corrupt_archive"


@pytest.mark.parametrize(
    ("child", "key", "english", "mongolian"),
    [
        ("encrypt_command", "encryption_stopped", "age encryption", "age-ээр шифрлэх"),
        ("sink_command", "writer_stopped", "writing", "бичих процесс"),
    ],
)
def test_a_child_that_dies_without_a_word_is_one_translated_line(
    child: str,
    key: str,
    english: str,
    mongolian: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The encryptor or the archive writer ends with a status and nothing on standard error
    (killed, out of memory): FAILED with a line in the user's language, nothing kept."""
    keys = make_keys(tmp_path / "keys")
    make_tree(tmp_path / "src")
    monkeypatch.setattr(encryptor, child, lambda *_args: ["sh", "-c", "cat > /dev/null; exit 7"])
    out = tmp_path / "out"
    out.mkdir()
    outcome = create_archive([tmp_path / "src"], out / "a.tar.zst.age", list(keys.recipients))
    assert outcome.status == "FAILED"
    assert outcome.problem is not None and outcome.problem.key == key
    assert english in outcome.problem.text("en") and "exit status 7" in outcome.problem.text("en")
    assert mongolian in outcome.problem.text("mn") and "гарах код 7" in outcome.problem.text("mn")
    assert list(out.iterdir()) == []
