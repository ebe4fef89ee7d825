"""`soumnet-agent status`: outbox depth, last sync, last error, next attempt, next backup."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from agent.delivery.outbox import Outbox
from agent.delivery.sync import SyncState, load_state, save_state
from agent.jobs.backup import backup_status_lines
from foundation.wire import Report, format_ts
from tests.agent.helpers import agent_config, cli
from tests.agent.simulate import HOST, START, Clock, health_data
from tui.config import TuiConfig as Config

CYRILLIC = re.compile("[А-Яа-яӨөҮүЁё]")


def status_mn(config: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SOUMNET_LANG="mn")
    return subprocess.run(
        [sys.executable, "-m", "agent.cli", "--config", str(config), "status"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )


def waiting_outbox(agent: Config) -> Outbox:
    """Thirty hours of health samples, the first six rolled up, and a daily fact."""
    clock = Clock()
    outbox = Outbox(agent.agent_dir, clock)
    for n in range(0, 30 * 60, 10):
        clock.now = START + timedelta(minutes=n)
        outbox.add([Report(f"pc-1-{n}", "pc-1", "health", HOST, clock.now, health_data(n))])
    outbox.add([Report("pc-1-facts", "pc-1", "facts", HOST, clock.now, {"serial": "X1"})])
    outbox.roll_up("pc-1", timedelta(hours=24), START + timedelta(hours=30))
    return outbox


def test_status_shows_outbox_sync_and_backup_in_both_languages(tmp_path: Path) -> None:
    agent = agent_config(tmp_path / "pc")
    assert agent.path is not None
    outbox = waiting_outbox(agent)
    stats = outbox.stats()
    assert stats.rolled_up == 6 and stats.raw == 24 * 6 + 1
    last_ok = START + timedelta(hours=1)
    failed = START + timedelta(hours=30)
    save_state(
        agent.agent_dir,
        SyncState(
            last_success=last_ok,
            last_error="could not deliver reports to the hub: timed out",
            last_error_at=failed,
            failures=3,
            next_attempt=failed + timedelta(minutes=4),
        ),
    )
    done = cli("agent.cli", agent.path, "status")
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Outbox: 151 reports waiting (145 as measured, 6 hourly roll-ups), ")
    assert lines[0].endswith(f"{stats.bytes / 1_000_000:.1f} MB on disk")
    assert lines[1] == f"Last successful sync: {last_ok:%Y-%m-%d %H:%M:%S} UTC"
    assert lines[2] == (
        f"Last error: {failed:%Y-%m-%d %H:%M:%S} UTC: could not deliver reports to the hub:"
        " timed out (3 failed attempts in a row)"
    )
    assert lines[3] == f"Next attempt: {failed + timedelta(minutes=4):%Y-%m-%d %H:%M:%S} UTC"
    assert lines[4:] == backup_status_lines(agent, "en") and lines[4:]
    assert done.stderr == ""
    as_json = json.loads(cli("agent.cli", agent.path, "status", "--json").stdout)
    assert as_json["outbox"] == {
        "raw": 145,
        "rolled_up": 6,
        "bytes": stats.bytes,
        "files": stats.files,
    }
    assert as_json["sync"] == {
        "last_success": format_ts(last_ok),
        "last_error": "could not deliver reports to the hub: timed out",
        "last_error_at": format_ts(failed),
        "failures": 3,
        "next_attempt": format_ts(failed + timedelta(minutes=4)),
    }
    assert as_json["backup"] == backup_status_lines(agent, "en")
    mn = status_mn(agent.path).stdout.splitlines()
    assert mn[0].startswith("Илгээх сан: 151 тайлан") and "МБ" in mn[0]
    assert all(CYRILLIC.search(line) for line in mn[:4])
    # status only reads: nothing in the outbox or the state changed
    assert outbox.stats() == stats and load_state(agent.agent_dir).failures == 3


def test_status_of_a_new_agent(tmp_path: Path) -> None:
    agent = agent_config(tmp_path / "pc")
    assert agent.path is not None
    lines = cli("agent.cli", agent.path, "status").stdout.splitlines()
    assert lines[:4] == [
        "Outbox: 0 reports waiting (0 as measured, 0 hourly roll-ups), 0.0 MB on disk",
        "Last successful sync: never",
        "Last error: none",
        "Next attempt: when the agent service next runs",
    ]
    assert not agent.agent_dir.exists()  # looking created nothing


def test_a_damaged_state_file_is_one_clear_line_and_is_left_alone(tmp_path: Path) -> None:
    agent = agent_config(tmp_path / "pc")
    assert agent.path is not None
    agent.agent_dir.mkdir(parents=True)
    state = agent.agent_dir / "sync-state.json"
    state.write_text('{"last_success": "2026-', encoding="utf-8")
    done = cli("agent.cli", agent.path, "status", check=False)
    assert done.returncode == 1 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith(f"soumnet-agent: damaged data file {state}: ")
    assert state.read_text(encoding="utf-8") == '{"last_success": "2026-'


def test_a_state_file_with_wrong_values_reads_as_unknown(tmp_path: Path) -> None:
    (tmp_path / "sync-state.json").write_text(
        '{"last_success": "yesterday", "failures": "many", "last_error": 7}', encoding="utf-8"
    )
    assert load_state(tmp_path) == SyncState()
