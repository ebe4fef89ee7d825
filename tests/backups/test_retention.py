"""Retention: the report's expiry; deletion only on the hub, by IT staff, confirmed by the
archive's id typed back, not before expiry without a reason, and in the audit trail."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agent.backup_cli import main as backup_main
from backups.report import expiry
from foundation.config import current_user
from inventory.cli import main as hub_main
from inventory.commands.archives import list_archives
from inventory.intake.archives import archive_root
from inventory.records.archives import delete_archive
from inventory.store import audit
from inventory.store.layout import Layout
from tests.backups.helpers import make_keys
from tests.conftest import write_config
from tui.config import TuiConfig as Config
from tui.config import load


def _archive_on_hub(tmp_path: Path, hub: Config, retention: int | None) -> tuple[str, Path]:
    """An archive as the offsite copy leaves it in the hub's folder of agent pc1."""
    keys = make_keys(tmp_path / "keys")
    source = tmp_path / "кадр"
    source.mkdir()
    (source / "ажилтан.csv").write_text("нэр\nДорж\n", "utf-8")
    folder = archive_root(hub) / "pc1"
    argv = ["create", "--label", "staff-2026", "--out", str(folder), "--source", str(source)]
    argv += ["--signing-key", str(keys.signing_key), "--recipient", keys.recipients[0]]
    if retention is not None:
        argv += ["--retention-years", str(retention)]
    assert backup_main(argv) == 0
    (archive,) = folder.glob("*.tar.zst.age")
    return "pc1/" + archive.name.removesuffix(".tar.zst.age"), archive


def _hub(hub: Config, *argv: str) -> int:
    return hub_main(["--config", str(hub.path), "archives", *argv])


def test_expiry_is_the_same_day_years_later() -> None:
    assert expiry(datetime(2026, 1, 15, 2, tzinfo=UTC), 10) == datetime(2036, 1, 15, 2, tzinfo=UTC)
    assert expiry(datetime(2028, 2, 29, tzinfo=UTC), 1) == datetime(2029, 2, 28, tzinfo=UTC)


def test_delete_refusals_leave_everything(
    tmp_path: Path, hub: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    archive_id, archive = _archive_on_hub(tmp_path, hub, retention=None)
    report = json.loads(
        archive.with_name(archive.name.replace(".tar.zst.age", ".report.json")).read_text()
    )
    assert report["retention_years"] is None and report["expires"] is None
    before = sorted(p.name for p in archive.parent.iterdir())
    capsys.readouterr()
    cases = [
        (["delete", archive_id, "-y"], "unknown arguments: -y"),
        (["delete", archive_id], "--yes-delete " + archive_id),
        (["delete", archive_id, "--yes-delete", "pc1/other"], "--yes-delete " + archive_id),
        (["delete", archive_id, "--yes-delete", archive_id], "kept until forever"),
        (["delete", archive_id, "--yes-delete", archive_id, "--before-expiry"], "--reason"),
        (["delete", "../x", "--yes-delete", "../x"], "not an archive id"),
        (["delete", "pc1/nothing", "--yes-delete", "pc1/nothing"], "no archive pc1/nothing"),
    ]
    for argv, expected in cases:
        assert _hub(hub, *argv) != 0
        err = capsys.readouterr().err.strip().splitlines()
        assert expected in err[-1], (argv, err)
        assert len(err) == 1, err
    assert sorted(p.name for p in archive.parent.iterdir()) == before
    assert audit.entries(Layout(hub.hub_dir)) == []


def test_delete_before_expiry_with_reason_is_audited(
    tmp_path: Path, hub: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    archive_id, archive = _archive_on_hub(tmp_path, hub, retention=5)
    sha = json.loads(
        archive.with_name(archive.name.replace(".tar.zst.age", ".report.json")).read_text()
    )["archive_sha256"]
    capsys.readouterr()
    argv = ["delete", archive_id, "--yes-delete", archive_id, "--before-expiry"]
    assert _hub(hub, *argv, "--reason", "шүүхийн шийдвэр") == 0
    assert "audit trail" in capsys.readouterr().out
    assert not archive.exists()
    assert not list(archive.parent.glob("*.manifest.json*"))
    assert list(archive.parent.glob("*.report.json"))  # the signed report stays
    layout = Layout(hub.hub_dir)
    (entry,) = audit.entries(layout)
    assert entry["action"] == "archive.delete" and entry["target"] == archive_id
    assert entry["who"] == current_user() and entry["before"]["archive_sha256"] == sha
    assert entry["after"] == {"deleted": True, "before_expiry": True, "reason": "шүүхийн шийдвэр"}
    assert audit.verify(layout) == []
    (row,) = list_archives(hub)
    assert row["id"] == archive_id and row["present"] is False
    assert _hub(hub, "list") == 0 and "(deleted)" in capsys.readouterr().out
    assert _hub(hub, *argv, "--reason", "again") == 1
    assert "already deleted" in capsys.readouterr().err


def test_expired_archive_is_deleted_without_before_expiry(tmp_path: Path, hub: Config) -> None:
    archive_id, archive = _archive_on_hub(tmp_path, hub, retention=1)
    later = datetime.now(UTC).replace(year=datetime.now(UTC).year + 2)
    entry = delete_archive(
        hub, archive_id, confirm=archive_id, before_expiry=False, reason="", who="it", now=later
    )
    assert entry["after"]["before_expiry"] is False and not archive.exists()


def test_auditor_cannot_delete(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = f'[users.{current_user()}]\nrole = "auditor"\n'
    config = load(write_config(tmp_path / "site", extra))
    Layout(config.hub_dir).init()
    archive_id, archive = _archive_on_hub(tmp_path, config, retention=None)
    capsys.readouterr()
    argv = ["delete", archive_id, "--yes-delete", archive_id, "--before-expiry"]
    assert _hub(config, *argv, "--reason", "x") == 4
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert archive.exists() and audit.entries(Layout(config.hub_dir)) == []
