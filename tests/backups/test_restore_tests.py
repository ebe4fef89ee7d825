"""Signed restore-test entries: written by `verify --identity --signing-key`, named in the
next report, carried to the hub with the next offsite copy and shown in its listing."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from agent.backup_cli import main
from agent.delivery.offsite import send_offsite
from backups.manifest import check_signed, write_signed
from backups.names import manifest_path, report_path, sig_path
from backups.sshsig import SigningKey
from inventory.commands.archives import list_archives
from inventory.intake.archives import receive_archive
from tests.backups.helpers import Keys, create, make_keys
from tests.conftest import require_program
from tui.config import TuiConfig as Config


class HubTransport:
    """The hub's own receiving code, called in-process instead of over SSH."""

    def __init__(self, hub: Config, agent: str) -> None:
        self.hub, self.agent = hub, agent

    def exchange(self, payload: Any) -> dict[str, Any]:
        header = json.loads(payload.readline())
        return receive_archive(header, payload, io.BytesIO(), self.agent, self.hub)


def _archive_of(out: Path, label: str) -> Path:
    (found,) = out.glob(f"{label}-*.tar.zst.age")
    return found


def _make(tmp_path: Path, keys: Keys, label: str) -> Path:
    source = tmp_path / "кадр"
    source.mkdir(exist_ok=True)
    (source / f"{label}.csv").write_text("нэр\nДорж\n", "utf-8")
    assert create(keys, [source], tmp_path / "out", label=label) == 0
    return _archive_of(tmp_path / "out", label)


def test_restore_test_is_signed_reported_and_travels_to_the_hub(
    tmp_path: Path, hub: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = make_keys(tmp_path / "keys")
    first = _make(tmp_path, keys, "y2025")
    send_offsite(first, "pc1", HubTransport(hub, "pc1"))
    (first.parent / first.name.replace(".tar.zst.age", ".receipt.json")).write_text(
        json.dumps({"files": [{"name": p.name} for p in first.parent.glob("y2025-*")]})
    )
    argv = ["verify", str(first), "--identity", str(keys.escrow_file), *keys.trusted]
    assert main([*argv, "--signing-key", str(keys.signing_key)]) == 0
    (entry,) = first.parent.glob("*.restore-test-*.json")
    assert "restore-test entry" in capsys.readouterr().out
    data, _body, fingerprint = check_signed(entry, "restore test")
    assert data["status"] == "PASSED" and data["files_checked"] == 1
    assert data["archive"] == first.name and data["signing_key_fingerprint"] == fingerprint
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f'agent namespaces="soumnet-backup" {keys.public_key}\n')
    ssh_keygen = require_program("ssh-keygen")
    argv = ["-Y", "verify", "-f", str(allowed), "-I", "agent", "-n", "soumnet-backup"]
    checked = subprocess.run(
        [ssh_keygen, *argv, "-s", str(sig_path(entry))],
        input=entry.read_bytes(),
        capture_output=True,
    )
    assert checked.returncode == 0, checked.stderr

    second = _make(tmp_path, keys, "y2026")
    report = json.loads(
        second.with_name(second.name.replace(".tar.zst.age", ".report.json")).read_text()
    )
    assert report["last_restore_test"]["entry"] == entry.name
    assert report["last_restore_test"]["status"] == "PASSED"
    assert report["last_restore_test"]["files"] == 1
    send_offsite(second, "pc1", HubTransport(hub, "pc1"))  # carries the entry along
    stored = hub.hub_dir / "archives" / "pc1"
    assert (stored / entry.name).read_bytes() == entry.read_bytes()
    assert (stored / sig_path(entry).name).exists()
    rows = {row["id"].split("/")[1][:5]: row for row in list_archives(hub)}
    assert rows["y2025"]["last_restore_test"]["status"] == "PASSED"
    assert rows["y2026"]["last_restore_test"] is None


def test_failed_restore_test_is_recorded_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A manifest (validly re-signed) that no longer matches the archive's content: verify
    fails with one line and the signed entry says FAILED with the problem."""
    keys = make_keys(tmp_path / "keys")
    archive = _make(tmp_path, keys, "y2025")
    key = SigningKey.load(keys.signing_key)
    manifest_file, report_file = manifest_path(archive), report_path(archive)
    manifest = json.loads(manifest_file.read_text())
    manifest["files"][-1]["sha256"] = "0" * 64
    report = json.loads(report_file.read_text())
    report["manifest_sha256"] = write_signed(manifest_file, manifest, key)
    write_signed(report_file, report, key)
    capsys.readouterr()
    argv = ["verify", str(archive), "--identity", str(keys.identity_file)]
    assert main([*argv, "--signing-key", str(keys.signing_key)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "content differs" in err[0]
    (entry,) = archive.parent.glob("*.restore-test-*.json")
    data, _body, _fp = check_signed(entry, "restore test")
    assert data["status"] == "FAILED" and "content differs" in data["problems"][0]
    assert main(argv) == 1  # without a signing key: checked, nothing more recorded
    assert list(archive.parent.glob("*.restore-test-*.json")) == [entry]


def test_verify_with_missing_signing_key_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = make_keys(tmp_path / "keys")
    archive = _make(tmp_path, keys, "y2025")
    argv = ["verify", str(archive), "--identity", str(keys.identity_file)]
    assert main([*argv, "--signing-key", str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "signing key not found" in err[0]
    assert list(archive.parent.glob("*.restore-test-*")) == []
