"""Must show 2: any damage to an archive, its manifest or its report is detected."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from agent.backup_cli import main
from backups import sshsig
from backups.messages import BackupProblem
from backups.names import manifest_path, report_path, sig_path
from backups.restore import load_identities, restore_test
from backups.verify import verify_archive
from tests.backups.helpers import Keys, create, make_keys, only_archive
from tests.conftest import require_program


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Keys, Path]:
    base = tmp_path_factory.mktemp("tamper")
    source = base / "данные"
    source.mkdir()
    for i in range(5):
        (source / f"ажилтан-{i}.txt").write_text(f"мөр {i}\n" * 200, "utf-8")
    keys = make_keys(base / "keys")
    assert create(keys, [source], base / "out") == 0
    return keys, only_archive(base / "out")


def test_200_flips_and_truncations_are_all_detected(small: tuple[Keys, Path]) -> None:
    _keys, archive = small
    original = archive.read_bytes()
    verify_archive(archive)  # the untouched archive is valid
    rng = random.Random(6)
    positions = sorted({0, len(original) - 1, *rng.sample(range(1, len(original) - 1), 198)})
    assert len(positions) == 200
    try:
        for pos in positions:
            flipped = bytearray(original)
            flipped[pos] ^= 1 << rng.randrange(8)
            archive.write_bytes(bytes(flipped))
            with pytest.raises(BackupProblem, match="SHA-256 differs"):
                verify_archive(archive)
            archive.write_bytes(original[:pos])
            with pytest.raises(BackupProblem, match="SHA-256 differs"):
                verify_archive(archive)
    finally:
        archive.write_bytes(original)
    verify_archive(archive)


def test_flips_are_caught_by_decryption_too(small: tuple[Keys, Path], tmp_path: Path) -> None:
    """Even with the report's hash out of the way, age's authentication refuses damage."""
    keys, archive = small
    identities = load_identities(keys.identity_file)
    original = archive.read_bytes()
    damaged = tmp_path / archive.name
    rng = random.Random(7)
    for pos in [200, len(original) // 2, len(original) - 20, *rng.sample(range(len(original)), 7)]:
        flipped = bytearray(original)
        flipped[pos] ^= 0x10
        damaged.write_bytes(bytes(flipped))
        with pytest.raises(BackupProblem):
            restore_test(damaged, identities, [])


def test_wrong_identity_is_one_clear_line(
    small: tuple[Keys, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _keys, archive = small
    other = make_keys(tmp_path / "other")
    assert main(["verify", str(archive), "--identity", str(other.identity_file)]) == 1
    err = capsys.readouterr().err.strip()
    assert "cannot decrypt" in err and "\n" not in err


def ssh_verify(allowed: Path, principal: str, path: Path) -> subprocess.CompletedProcess[bytes]:
    """Stock `ssh-keygen -Y verify` of `path` against an allowed-signers file."""
    with open(path, "rb") as message:
        return subprocess.run(
            [
                require_program("ssh-keygen"),
                "-Y",
                "verify",
                "-f",
                str(allowed),
                "-I",
                principal,
                "-n",
                "soumnet-backup",
                "-s",
                str(sig_path(path)),
            ],
            stdin=message,
            capture_output=True,
        )


def _ssh_verify(keys: Keys, path: Path, tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f'agent namespaces="soumnet-backup" {keys.public_key}\n')
    return ssh_verify(allowed, "agent", path)


@pytest.mark.parametrize("which", ["report", "manifest"])
def test_edited_file_fails_our_check_and_ssh_keygen(
    small: tuple[Keys, Path], tmp_path: Path, which: str, capsys: pytest.CaptureFixture[str]
) -> None:
    keys, archive = small
    path = report_path(archive) if which == "report" else manifest_path(archive)
    assert _ssh_verify(keys, path, tmp_path).returncode == 0
    original = path.read_bytes()
    edited = (
        original.replace(b'"status": "OK"', b'"status": "WARNING"')
        if which == "report"
        else (original.replace(b'"0644"', b'"0600"', 1))
    )
    assert edited != original
    try:
        path.write_bytes(edited)
        assert _ssh_verify(keys, path, tmp_path).returncode != 0
        if which == "report":
            assert main(["verify-report", *keys.trusted, str(path)]) == 1
        assert main(["verify", *keys.trusted, str(archive)]) == 1
        err = capsys.readouterr().err
        assert "signature does not match" in err
    finally:
        path.write_bytes(original)
    assert main(["verify-report", *keys.trusted, str(report_path(archive))]) == 0


def test_we_accept_ssh_keygen_signatures_and_it_accepts_ours(tmp_path: Path) -> None:
    keygen = require_program("ssh-keygen")
    key = tmp_path / "id_ed25519"
    subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    message = tmp_path / "report.json"
    message.write_text('{"отчет": 1}\n', "utf-8")
    subprocess.run(
        [keygen, "-Y", "sign", "-f", str(key), "-n", "soumnet-backup", str(message)],
        check=True,
        capture_output=True,
    )
    signer = sshsig.verify(message.read_bytes(), sig_path(message).read_text())
    ours = sshsig.SigningKey.load(key)
    assert sshsig.fingerprint(signer) == sshsig.fingerprint(ours.public)
    listed = subprocess.run(
        [keygen, "-lf", str(key) + ".pub"], capture_output=True, text=True, check=True
    )
    assert sshsig.fingerprint(signer) in listed.stdout
    with pytest.raises(sshsig.SignatureError):
        sshsig.verify(message.read_bytes() + b" ", sig_path(message).read_text())
    with pytest.raises(sshsig.SignatureError, match="namespace"):
        sshsig.verify(message.read_bytes(), sig_path(message).read_text(), namespace="other")
    # and ours through ssh-keygen
    sig_path(message).write_text(ours.sign(message.read_bytes()))
    keys = Keys(key, key, ("", ""), key, sshsig.public_line(ours.public))
    assert _ssh_verify(keys, message, tmp_path).returncode == 0


def test_report_chain_links_each_report_to_the_previous(
    small: tuple[Keys, Path], tmp_path: Path
) -> None:
    keys, _archive = small
    out = tmp_path / "chain"
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.txt").write_text("a")
    assert create(keys, [source], out, "y2025") == 0
    first = sorted(out.glob("*.report.json"))[0]
    import time

    time.sleep(1.1)  # names carry the second
    assert create(keys, [source], out, "y2026") == 0
    second = next(p for p in out.glob("*.report.json") if p != first)
    import json

    from backups.manifest import sha256_file

    assert json.loads(second.read_text())["previous_report_sha256"] == sha256_file(first)
    assert main(["verify-report", *keys.trusted, str(second)]) == 0
    first.write_bytes(first.read_bytes().replace(b'"label": "y2025"', b'"label": "y2024"'))
    assert main(["verify-report", *keys.trusted, str(second)]) == 1
