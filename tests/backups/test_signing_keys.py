"""The key that signs manifests and reports: made on first use for the agent's own key, and
every file that is not an unprotected Ed25519 private key is one line naming what it is."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pyrage
import pytest

from agent.backup_cli import main
from agent.delivery.enroll import key_path
from agent.jobs.backup import backup_out_dir
from backups import sshsig
from backups.names import report_path
from tests.backups.helpers import make_keys
from tests.conftest import require_program, write_config
from tui.config import load


def _backup_config(tmp_path: Path, extra: str = "") -> Path:
    source = tmp_path / "кадр"
    source.mkdir(exist_ok=True)
    (source / "ажилтан.csv").write_text("нэр\nДорж\n", "utf-8")
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    return write_config(
        tmp_path / "site",
        f'[backup]\nsources = ["{source}"]\nrecipients = ["{recipient}"]\n{extra}',
    )


def test_run_makes_the_agents_key_on_first_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _backup_config(tmp_path)
    config = load(path)
    assert not key_path(config).exists()
    assert main(["run", "--now", "--config", str(path), "--no-progress"]) == 0
    assert "yearly archive: OK" in capsys.readouterr().out
    key = key_path(config)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    signer = sshsig.fingerprint(sshsig.SigningKey.load(key).public)
    (archive,) = backup_out_dir(config).glob("*.tar.zst.age")
    report = json.loads(report_path(archive).read_text())
    assert report["signing_key_fingerprint"] == signer
    # the key made here is an ordinary OpenSSH key: ssh-keygen reads it
    keygen = require_program("ssh-keygen")
    shown = subprocess.run([keygen, "-lf", str(key)], capture_output=True, text=True, check=True)
    assert signer in shown.stdout


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_a_configured_key_that_is_missing_names_the_setting_and_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("SOUMNET_LANG", lang)
    path = _backup_config(tmp_path, 'signing_key = "keys/archive_ed25519"\n')
    assert main(["run", "--now", "--config", str(path), "--no-progress"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "backup.signing_key" in err[0] and "ssh-keygen -t ed25519" in err[0]
    assert str(tmp_path / "site" / "keys" / "archive_ed25519") in err[0]
    assert not (tmp_path / "site" / "keys").exists()  # a named key is never made up


def _wrong_keys(folder: Path) -> dict[str, Path]:
    """Real files of each kind a person may point --signing-key at by mistake."""
    keygen = require_program("ssh-keygen")
    age_keygen = require_program("age-keygen")
    folder.mkdir()
    subprocess.run([age_keygen, "-o", str(folder / "key.txt")], capture_output=True, check=True)
    for name, args in {
        "ed": ["-t", "ed25519", "-N", ""],
        "rsa": ["-t", "rsa", "-b", "2048", "-N", ""],
        "locked": ["-t", "ed25519", "-N", "нууц үг"],
    }.items():
        subprocess.run([keygen, "-q", *args, "-f", str(folder / name)], check=True)
    (folder / "notes.txt").write_text("энэ түлхүүр биш\n", "utf-8")
    return {
        "age": folder / "key.txt",
        "pub": folder / "ed.pub",
        "rsa": folder / "rsa",
        "locked": folder / "locked",
        "text": folder / "notes.txt",
    }


EXPECTED = {
    "en": {
        "age": "an age identity",
        "pub": "a public key",
        "rsa": "an RSA key",
        "locked": "passphrase",
        "text": "not an OpenSSH private key",
    },
    "mn": {
        "age": "age нууц түлхүүр",
        "pub": "нийтийн түлхүүр",
        "rsa": "RSA түлхүүр",
        "locked": "нууц үгээр",
        "text": "OpenSSH хувийн түлхүүр биш",
    },
}


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_each_wrong_signing_key_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("SOUMNET_LANG", lang)
    keys = make_keys(tmp_path / "keys")
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.txt").write_text("a")
    out = tmp_path / "out"
    for kind, wrong in _wrong_keys(tmp_path / "wrong").items():
        argv = ["create", "--label", "staff", "--out", str(out), "--source", str(source)]
        argv += ["--recipient", keys.recipients[0], "--signing-key", str(wrong)]
        assert main(argv) == 1, kind
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1, (kind, err)
        assert str(wrong) in err[0] and EXPECTED[lang][kind] in err[0], (kind, err)
        assert not out.exists() or not list(out.iterdir()), kind  # nothing half made


@pytest.mark.parametrize("kind", ["rsa", "locked"])
def test_verify_with_a_wrong_signing_key_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.setenv("SOUMNET_LANG", "en")
    keys = make_keys(tmp_path / "keys")
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.txt").write_text("a")
    argv = ["create", "--label", "staff", "--out", str(tmp_path / "out"), "--source", str(source)]
    argv += ["--recipient", keys.recipients[0], "--signing-key", str(keys.signing_key)]
    assert main(argv) == 0
    (archive,) = (tmp_path / "out").glob("*.tar.zst.age")
    wrong = _wrong_keys(tmp_path / "wrong")[kind]
    before = sorted(os.listdir(tmp_path / "out"))
    argv = ["verify", str(archive), "--identity", str(keys.identity_file)]
    assert main([*argv, "--signing-key", str(wrong)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and EXPECTED["en"][kind] in err[0], err
    assert sorted(os.listdir(tmp_path / "out")) == before


def test_run_says_when_the_copy_did_not_reach_the_hub(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The archive is made and kept; the one line on standard error says the hub lacks it."""
    path = _backup_config(tmp_path)  # agent.hub = "local", but no hub was set up here
    assert main(["run", "--now", "--config", str(path), "--no-progress"]) == 0
    out = capsys.readouterr()
    assert "yearly archive: OK" in out.out
    (line,) = out.err.strip().splitlines()
    assert line.startswith("WARNING: the archive is kept on this machine") and "hub" in line
    assert len(list(backup_out_dir(load(path)).glob("*.tar.zst.age"))) == 1
