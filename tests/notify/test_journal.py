"""The notification journal: what a killed writer leaves, what a reader makes of it, and the
daily rewrite that keeps it small."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from inventory.cli import main as hub_main
from inventory.notify import journal
from inventory.notify.journal import Journal, Message
from inventory.notify.service import Notifier
from inventory.store.layout import Layout
from tests.notify.helpers import ME, T0, down_then_active, notify_hub

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def message(key: str, created: datetime = NOW) -> Message:
    return Message(key, "alert", "bat", "mail", "bat@soum.mn", f"s {key}", "t", "l", created)


def test_a_torn_last_line_is_skipped_and_ended(tmp_path: Path) -> None:
    path = tmp_path / "notify.jsonl"
    first = Journal(path)
    first.queue([message("a1-s-x"), message("a2-s-x")])
    first.mark("a1-s-x", "try", NOW)
    first.close()
    with path.open("ab") as handle:
        handle.write(b'{"op":"sent","key":"a1-s-')  # killed in the middle of a write
    second = Journal(path)
    states = {s.key: s.state for s in second.statuses()}
    assert states == {"a1-s-x": "sending", "a2-s-x": "queued"}
    second.mark("a1-s-x", "sent", NOW)
    second.close()
    assert {k: s.state for k, s in journal.read(path).items()} == {
        "a1-s-x": "sent",
        "a2-s-x": "queued",
    }
    assert second.queue([message("a1-s-x")]) == []  # a key is queued once


def test_the_rewrite_keeps_what_is_unfinished_and_recent(tmp_path: Path) -> None:
    path = tmp_path / "notify.jsonl"
    j = Journal(path)
    old = NOW - timedelta(days=100)
    j.queue([message("old", old), message("recent"), message("waiting", old)])
    j.mark("old", "sent", old)
    j.mark("recent", "sent", NOW)
    j.mark("waiting", "failed", old, reason={"en": "away", "mn": "алга"}, retry_at=NOW)
    assert j.compact(NOW, timedelta(days=90)) == 1
    kept = journal.read(path)
    assert set(kept) == {"recent", "waiting"}
    assert kept["waiting"].state == "failed" and kept["waiting"].reason["mn"] == "алга"
    assert kept["recent"].sent_at == NOW
    j.mark("waiting", "sent", NOW)  # appending goes on after the rewrite
    assert journal.read(path)["waiting"].state == "sent"
    j.close()


def test_notify_log_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = notify_hub(tmp_path, ME)
    j = Journal(Layout(config.hub_dir).notify)
    j.queue([message("a1-s-x")])
    j.mark("a1-s-x", "failed", NOW, reason={"en": "away", "mn": "алга"}, retry_at=NOW)
    j.close()
    monkeypatch.setenv("SOUMNET_CONFIG", str(config.path))
    out = io.StringIO()
    with redirect_stdout(out):
        assert hub_main(["notify", "log", "--json"]) == 0
    (row,) = json.loads(out.getvalue())
    assert row["state"] == "retrying" and row["reason"] == {"en": "away", "mn": "алга"}
    assert row["channel"] == "mail" and row["to"] == "bat@soum.mn"


def test_a_journal_that_cannot_be_written_is_one_line_and_decided_again(tmp_path: Path) -> None:
    config = notify_hub(
        tmp_path,
        '[notify.channels.mail]\ntype = "smtp"\nhost = "127.0.0.1"\nsender = "hub@soum.mn"\n\n'
        + ME
        + '[users.bat]\nrole = "it"\nemail = "bat@soum.mn"\n',
    )
    said: list[str] = []
    notifier = Notifier(config, Layout(config.hub_dir), said.append, "en")
    Layout(config.hub_dir).notify.mkdir()  # in the way of the file (a damaged disk, a slip)
    down_then_active(config, notifier)
    (line,) = said  # the alert's first minute queues nothing; at #1 the write fails
    assert line.startswith("the notification journal cannot be written (Is a directory)")
    for minute in range(13, 16):  # still failing: not said again at every evaluation
        assert notifier.plan(T0 + timedelta(minutes=minute, seconds=30)) == []
    assert len(said) == 1
    Layout(config.hub_dir).notify.rmdir()
    notifier.journal.close()
    queued = notifier.plan(T0 + timedelta(minutes=17))
    assert [m.key.split("-")[0] for m in queued] == ["a1"]
    notifier.stop()
