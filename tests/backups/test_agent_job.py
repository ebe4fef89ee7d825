"""The agent's yearly job: configured in [backup], archives once, reports kind "backup"."""

from __future__ import annotations

from pathlib import Path

import pyrage

from agent.backup_jobs import backup_jobs, backup_out_dir, run_yearly
from agent.config import load
from agent.enroll import key_path
from agent.sshkeys import create_key
from backups.verify import verify_archive
from tests.conftest import write_config


def test_yearly_job_archives_once_and_reports(tmp_path: Path) -> None:
    source = tmp_path / "кадр"
    source.mkdir()
    (source / "ажилтан.csv").write_text("нэр\nДорж\n", "utf-8")
    (source / "skip.tmp").write_text("temporary")
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    extra = (
        f'[backup]\nsources = ["{source}"]\nrecipients = ["{recipient}"]\n'
        'excludes = ["*.tmp"]\nmonth = 1\nday = 1\ntime = "00:00"\n'
    )
    config = load(write_config(tmp_path / "site", extra))
    assert [job.name for job in backup_jobs(config)] == ["backup"]
    create_key(key_path(config))
    reports = run_yearly(config)
    assert len(reports) == 1 and reports[0].kind == "backup"
    data = reports[0].data
    assert data["status"] == "OK" and data["created"] and data["excludes"] == ["*.tmp"]
    archives = list(backup_out_dir(config).glob("*.tar.zst.age"))
    assert len(archives) == 1
    assert verify_archive(archives[0]).report["file_count"] == 1
    assert run_yearly(config) == []  # this year is done


def test_no_job_without_sources(tmp_path: Path) -> None:
    config = load(write_config(tmp_path / "site"))
    assert backup_jobs(config) == []
