"""Progress: files, bytes and ETA on a terminal; the state file and the status lines of a
scheduled run; `soumnet-backup run --now` for the configured yearly job."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyrage
import pytest

from agent.backup_cli import main
from agent.delivery.enroll import key_path
from agent.delivery.sshkeys import create_key
from agent.jobs.backup import backup_out_dir, backup_status_lines, progress_path
from backups import progress as progress_mod
from backups.progress import StateFile, eta_seconds, format_eta, read_state
from tests.backups.helpers import make_keys
from tests.conftest import write_config
from tui.config import TuiConfig as Config
from tui.config import load


def test_eta() -> None:
    assert eta_seconds(10.0, 25, 100) == 30.0
    assert eta_seconds(0.0, 0, 100) is None
    assert format_eta(None) == "--:--"
    assert format_eta(75.4) == "1:15" and format_eta(3 * 3600 + 61) == "3:01:01"


def test_state_file_is_written_at_most_once_a_second(tmp_path: Path) -> None:
    now = [100.0]
    path = tmp_path / "backup-progress.json"
    state = StateFile(path, "staff-2026", clock=lambda: now[0])
    state.begin()
    writes: list[int] = []
    for step in range(1, 31):  # 30 updates in 7.5 seconds
        now[0] += 0.25
        before = path.stat().st_mtime_ns, path.read_bytes()
        state.update("кадр/a.csv", step, step * 10, 300)
        if path.read_bytes() != before[1]:
            writes.append(step)
    assert writes == [4, 8, 12, 16, 20, 24, 28]
    data = json.loads(path.read_text())
    assert data["running"] and data["bytes_done"] == 280 and data["eta_seconds"] == 0
    state.finish("OK", "staff.tar.zst.age", None)
    assert read_state(path) == {**json.loads(path.read_text()), "running": False}


def test_state_of_a_vanished_process_is_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "backup-progress.json"
    path.write_text(json.dumps({"running": True, "pid": 2**22 + 12345, "label": "x"}))
    assert read_state(path) == {
        "running": False,
        "interrupted": True,
        "pid": 2**22 + 12345,
        "label": "x",
    }
    path.write_text("{half a file")
    assert read_state(path) is None


def _config(tmp_path: Path, when: str) -> Config:
    source = tmp_path / "кадр"
    source.mkdir(exist_ok=True)
    (source / "ажилтан.csv").write_bytes(b"x" * 3_000_000)
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    extra = f'[backup]\nsources = ["{source}"]\nrecipients = ["{recipient}"]\n{when}\n'
    config = load(write_config(tmp_path / "site", extra))
    create_key(key_path(config))
    return config


def test_status_lines_before_during_and_after(tmp_path: Path) -> None:
    assert backup_status_lines(load(write_config(tmp_path / "empty")), "en") == [
        "yearly archive: not configured on this machine"
    ]
    config = _config(tmp_path, 'month = 12\nday = 31\ntime = "23:59"')
    lines = backup_status_lines(config, "en")
    assert lines[0] == "yearly archive: no run on this machine yet"
    assert lines[1].startswith("next yearly archive: ") and "-12-31 23:59 UTC" in lines[1]
    assert lines[2] == f"  source: {config.backup.sources[0]}"
    path = progress_path(config)
    path.parent.mkdir(parents=True, exist_ok=True)
    running = {"running": True, "pid": os.getpid(), "label": "staff-2026"}
    running |= {"files": 7, "bytes_done": 250, "bytes_total": 1000, "eta_seconds": 90}
    path.write_text(json.dumps(running))
    assert backup_status_lines(config, "en")[0] == (
        "yearly archive staff-2026: running, 25% (7 files), 1:30 left"
    )
    assert backup_status_lines(config, "mn")[0] == (
        "жилийн архив staff-2026: явагдаж байна, 25% (7 файл), 1:30 үлдсэн"
    )


def test_run_now_writes_progress_and_counts_for_the_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _config(tmp_path, 'month = 12\nday = 31\ntime = "23:59"')
    monkeypatch.setattr(progress_mod, "WRITE_SECONDS", 0.0)  # every update is written
    seen: list[dict[str, object]] = []
    original = StateFile._write

    def spy(self: StateFile, data: dict[str, object]) -> None:
        original(self, data)
        seen.append(json.loads(self.path.read_text()))

    monkeypatch.setattr(StateFile, "_write", spy)
    argv = ["run", "--config", str(config.path), "--no-progress"]
    assert main(argv) == 0 and "not due" in capsys.readouterr().out
    assert list(backup_out_dir(config).glob("*.age")) == []
    assert main([*argv, "--now"]) == 0
    assert "yearly archive: OK" in capsys.readouterr().out
    assert len(list(backup_out_dir(config).glob("*.tar.zst.age"))) == 1
    assert seen[0]["running"] and seen[-1]["running"] is False and seen[-1]["status"] == "OK"
    assert any(s.get("bytes_done") == 3_000_000 == s.get("bytes_total") for s in seen)
    lines = backup_status_lines(config, "en")
    assert lines[0].startswith("last yearly archive: OK at ") and ".tar.zst.age" in lines[0]
    assert lines[1].startswith("next yearly archive: ") and "-12-31 23:59" in lines[1]
    assert str(int(lines[1].split()[3][:4])) == str(int(seen[0]["started"][:4]) + 1)  # type: ignore[index]


def test_run_without_configuration_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(tmp_path / "site")
    assert main(["run", "--now", "--config", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no yearly archive is configured" in err[0]


def test_terminal_progress_switch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keys = make_keys(tmp_path / "keys")
    source = tmp_path / "src"
    source.mkdir()
    (source / "big.bin").write_bytes(os.urandom(8 * 1024 * 1024))
    base = ["create", "--label", "p", "--source", str(source)]
    base += ["--signing-key", str(keys.signing_key), "--recipient", keys.recipients[0]]
    assert main([*base, "--out", str(tmp_path / "a"), "--progress"]) == 0
    err = capsys.readouterr().err
    assert "files, " in err and " of 8.4 MB, " in err and " left" in err
    assert main([*base, "--out", str(tmp_path / "b"), "--no-progress"]) == 0
    assert capsys.readouterr().err == ""
    assert main([*base, "--out", str(tmp_path / "c")]) == 0  # stderr is not a terminal here
    assert capsys.readouterr().err == ""
