"""The agent's yearly job: configured in [backup], archives once, reports kind "backup"."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path
from typing import Any

import pyrage
import pytest

from agent.backup_cli import main
from agent.delivery.enroll import key_path
from agent.delivery.outbox import Outbox
from agent.delivery.sshkeys import create_key
from agent.jobs.backup import backup_jobs, backup_out_dir, run_yearly
from backups.sshsig import SigningKey, public_line
from backups.verify import verify_archive
from foundation.devicekeys import host_id
from inventory.intake.agents import Registry, trusted_fingerprints
from inventory.records import alerts
from inventory.store.layout import Layout
from inventory.store.store import Store
from inventory.views.archives import check, list_archives
from tests.agent.helpers import cli
from tests.conftest import write_config
from tui.config import TuiConfig as Config
from tui.config import load


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


def _local_site(tmp_path: Path, extra: str = "", when: str = "") -> Config:
    """A hub and its own agent on one machine (agent.hub = "local"), the yearly job set up."""
    source = tmp_path / "кадр"
    source.mkdir(exist_ok=True)
    (source / "ажилтан.csv").write_text("нэр\nДорж\n", "utf-8")
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    config = load(
        write_config(
            tmp_path / "site",
            f'[backup]\nsources = ["{source}"]\nrecipients = ["{recipient}"]\n{when}{extra}',
        )
    )
    Layout(config.hub_dir).init()
    return config


def _hub_backup(config: Config) -> dict[str, Any]:
    """What the hub's store holds as this machine's newest backup report, after serve."""
    assert config.path is not None
    cli("inventory.cli", config.path, "serve", "--once")
    return dict(Store(Layout(config.hub_dir)).latest()[f"host:{host_id()}"]["backup"])


def test_run_now_is_reported_to_the_hub_and_listed_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _local_site(tmp_path)
    assert main(["run", "--now", "--config", str(config.path), "--no-progress"]) == 0
    out = capsys.readouterr()
    assert "yearly archive: OK" in out.out and out.err == ""
    assert Outbox(config.agent_dir).empty()
    backup = _hub_backup(config)
    assert backup["data"]["status"] == "OK"
    (archive,) = backup_out_dir(config).glob("*.tar.zst.age")
    assert backup["data"]["offsite_receipt"]["files"][0]["name"] == archive.name
    # the hub on this machine lists its own archive as it lists offsite copies
    (row,) = list_archives(config)
    assert (row.source, row.archive, row.status, row.receipt) == (
        config.agent_id,
        archive.name,
        "OK",
        True,
    )
    # signed by the key made beside the agent's on first use, which this hub trusts
    assert check(row.report_path, trusted_fingerprints(Registry(config), config.agent_id)).ok


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_a_failed_run_now_is_reported_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("SOUMNET_LANG", lang)
    config = _local_site(tmp_path, 'signing_key = "missing_ed25519"\n')
    assert main(["run", "--now", "--config", str(config.path), "--no-progress"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "missing_ed25519" in err[0], err
    backup = _hub_backup(config)
    assert backup["data"]["status"] == "FAILED"
    assert "missing_ed25519: signing key not found" in backup["data"]["error"]


def test_a_failed_scheduled_run_raises_an_alert_until_a_run_succeeds(tmp_path: Path) -> None:
    when = 'month = 1\nday = 1\ntime = "00:00"\n'
    config = _local_site(tmp_path, 'signing_key = "keys/archive_ed25519"\n', when)
    assert config.path is not None
    cli("agent.cli", config.path, "run", "--once")  # the service's cycle: due, and fails
    assert _hub_backup(config)["data"]["status"] == "FAILED"
    layout = Layout(config.hub_dir)
    (alert,) = [a for a in alerts.open_alerts(layout) if a.rule == "archive_failed"]
    assert alert.subject == f"host:{host_id()}"
    assert "the yearly archive failed" in alert.title("en") and "signing key" in alert.title("en")
    assert "жилийн архив амжилтгүй" in alert.title("mn")

    key = tmp_path / "site" / "keys" / "archive_ed25519"
    SigningKey.generate().save(key)
    cli("agent.cli", config.path, "run", "--once")  # retried at the next check: succeeds
    assert _hub_backup(config)["data"]["status"] == "OK"
    assert not [a for a in alerts.open_alerts(layout) if a.rule == "archive_failed"]


def test_a_hub_out_of_reach_keeps_the_report_in_the_outbox(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    host_key = SigningKey.generate()
    extra = f'\n[agent]\nid = "pc-1"\ndata_dir = "agent"\nhub = "soumnet@127.0.0.1:{port}"\n'
    extra += f'hub_host_key = "{public_line(host_key.public)}"\nconnect_timeout_seconds = 5\n'
    folder = tmp_path / "pc"
    folder.mkdir()
    source = tmp_path / "кадр"
    source.mkdir()
    (source / "a.csv").write_text("a")
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    path = folder / "soumnet.toml"
    path.write_text(
        f'[ui]\nlang = "en"\n\n[backup]\nsources = ["{source}"]\nrecipients = ["{recipient}"]\n'
        + extra,
        encoding="utf-8",
    )
    config = load(path)
    assert main(["run", "--now", "--config", str(path), "--no-progress"]) == 0
    out = capsys.readouterr()
    assert "yearly archive: OK" in out.out
    err = out.err.strip().splitlines()
    assert len(err) == 1 and "waits in the outbox" in err[0], err
    waiting = [r for _id, r in Outbox(config.agent_dir).pending(100, None)]
    assert any('"kind":"backup"' in r.replace(" ", "") for r in waiting)


def test_a_failed_run_keeps_the_last_good_archives_time_for_the_hub(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`created` says when the newest good archive was made: a failure is not one."""
    config = _local_site(tmp_path)
    assert main(["run", "--now", "--config", str(config.path), "--no-progress"]) == 0
    good = _hub_backup(config)["data"]
    assert good["created"] == good["ended"]
    for source in config.backup.sources:  # the next run fails: its source is gone
        for path in source.iterdir():
            path.unlink()
        source.rmdir()
    assert main(["run", "--now", "--config", str(config.path), "--no-progress"]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    failed = _hub_backup(config)["data"]
    assert failed["status"] == "FAILED" and failed["created"] == good["ended"]
    assert failed["ended"] > good["ended"]


def test_a_failed_run_the_hub_has_not_got_is_still_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _local_site(tmp_path, 'signing_key = "missing_ed25519"\n')
    shutil.rmtree(config.hub_dir)  # the hub on this machine is gone: ingest refuses
    assert main(["run", "--now", "--config", str(config.path), "--no-progress"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "missing_ed25519" in err[0] and "waits in the outbox" in err[0]
    assert not Outbox(config.agent_dir).empty()
