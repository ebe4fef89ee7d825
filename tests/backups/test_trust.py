"""A signature counts only against the key the office should have signed with.

The attack: a report edited, its `signing_key_fingerprint` set to another key and re-signed
with that key. Its signature is valid; only the trusted key tells it apart.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from agent.backup_cli import main
from agent.delivery.offsite import companions
from backups import sshsig
from backups.commands.verify import UNCHECKED
from backups.manifest import sha256_bytes, sha256_file
from backups.names import report_path, sig_path
from inventory.cli import main as hub_main
from inventory.intake.agents import Registry
from inventory.intake.archives import archive_root, receive_archive
from tests.backups.helpers import Keys, approve_signer, create, make_keys, only_archive
from tests.backups.test_tamper import ssh_verify
from tui.config import TuiConfig as Config

AGENT = "kadr-pc"


def resign_with_another_key(report: Path, manifest_too: bool = False) -> str:
    """Edit the report, name another key in it and sign it with that key (the manifest too:
    then even the archive's hash and manifest agree); the other key's fingerprint."""
    other = sshsig.SigningKey.generate()
    fingerprint = sshsig.fingerprint(other.public)

    def resign(path: Path, data: dict[str, object]) -> bytes:
        if "signing_key_fingerprint" in data:
            data["signing_key_fingerprint"] = fingerprint
        body = json.dumps(data, ensure_ascii=False, indent=1).encode()
        path.chmod(0o644)
        path.write_bytes(body)
        sig_path(path).chmod(0o644)
        sig_path(path).write_text(other.sign(body), encoding="utf-8")
        return body

    data = json.loads(report.read_text(encoding="utf-8"))
    if manifest_too:
        manifest = report.with_name(report.name.replace(".report.json", ".manifest.json"))
        body = resign(manifest, json.loads(manifest.read_text(encoding="utf-8")))
        data["manifest_sha256"] = sha256_bytes(body)
    data["status"] = "OK" if data["status"] != "OK" else "WARNING"
    data["signing_key_fingerprint"] = fingerprint
    resign(report, data)
    return fingerprint


def make_archive(tmp_path: Path, keys: Keys, name: str) -> Path:
    source = tmp_path / name / "src"
    source.mkdir(parents=True)
    (source / "ажилтан.csv").write_text("нэр\nБолд\n", encoding="utf-8")
    out = tmp_path / name / "out"
    assert create(keys, [source], out, label=f"staff{name}") == 0
    return only_archive(out)


@pytest.fixture
def keys(tmp_path: Path) -> Keys:
    return make_keys(tmp_path / "keys")


def test_verify_report_refuses_a_report_re_signed_with_another_key(
    tmp_path: Path, keys: Keys, capsys: pytest.CaptureFixture[str]
) -> None:
    trusted = str(tmp_path / "keys" / "agent_ed25519.pub")
    untouched = report_path(make_archive(tmp_path, keys, "a"))
    edited_archive = make_archive(tmp_path, keys, "b")
    edited = report_path(edited_archive)
    other = resign_with_another_key(edited, manifest_too=True)
    capsys.readouterr()
    # without a trusted key: valid, but not a pass
    assert main(["verify-report", str(edited)]) == UNCHECKED
    out = capsys.readouterr().out
    assert f"valid (by {other}) but its key was not checked" in out
    assert main(["verify-report", str(untouched)]) == UNCHECKED
    capsys.readouterr()
    # with the office's key: the edited report is refused, the untouched one passes
    assert main(["verify-report", "--trusted-key", trusted, str(edited)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"soumnet-backup: {edited}: signed by {other}, which is not a trusted key of this office"
    ], err
    assert main(["verify", str(edited_archive)]) == UNCHECKED  # hash and manifest agree
    assert main(["verify", "--trusted-key", trusted, str(edited_archive)]) == 1
    capsys.readouterr()
    assert main(["verify-report", "--trusted-key", trusted, str(untouched)]) == 0
    assert "valid, signed by SHA256:" in capsys.readouterr().out
    bad = tmp_path / "not-a-key.pub"
    bad.write_text("hello\n")
    assert main(["verify-report", "--trusted-key", str(bad), str(untouched)]) == 1
    assert "no Ed25519 public key in it" in capsys.readouterr().err


def deliver(config: Config, archive: Path, agent: str = AGENT) -> Path:
    """The archive and its companions received by the hub as `ingest` receives them."""
    files = companions(archive)
    header = {
        "files": [
            {"name": p.name, "size": p.stat().st_size, "sha256": sha256_file(p)} for p in files
        ]
    }
    stream = io.BytesIO(b"".join(p.read_bytes() for p in files))
    receive_archive(header, stream, io.BytesIO(), agent, config)
    return archive_root(config) / agent / archive.name


def stock_verify(allowed: Path, report: Path) -> int:
    return ssh_verify(allowed, f"soumnet-agent:{AGENT}", report).returncode


def test_the_hub_checks_every_report_against_the_recorded_key(
    tmp_path: Path, keys: Keys, hub: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    approve_signer(hub, AGENT, keys, tmp_path)
    assert Registry(hub).load()[AGENT]["signing_key"] == keys.public_key
    untouched = report_path(deliver(hub, make_archive(tmp_path, keys, "a")))
    edited = report_path(deliver(hub, make_archive(tmp_path, keys, "b")))
    resign_with_another_key(edited)
    assert hub.path is not None
    capsys.readouterr()
    assert hub_main(["--config", str(hub.path), "archives", "list", "--json"]) == 0
    rows = {row["id"].split("/")[1]: row for row in json.loads(capsys.readouterr().out)}
    base = {path.name[: -len(".report.json")]: path for path in (untouched, edited)}
    assert rows[next(k for k, p in base.items() if p == untouched)]["signature"] == "trusted"
    assert rows[next(k for k, p in base.items() if p == edited)]["signature"] == "untrusted"
    assert hub_main(["--config", str(hub.path), "archives", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sum("WRONG SIGNING KEY" in line for line in lines) == 1, lines
    allowed = tmp_path / "allowed_signers"
    assert (
        hub_main(["--config", str(hub.path), "archives", "export-signers", "--out", str(allowed)])
        == 0
    )
    # the stock tool and soumnet-backup agree, with the file the hub wrote
    assert stock_verify(allowed, untouched) == 0
    assert stock_verify(allowed, edited) != 0
    assert main(["verify-report", "--allowed-signers", str(allowed), str(untouched)]) == 0
    assert main(["verify-report", "--allowed-signers", str(allowed), str(edited)]) == 1
