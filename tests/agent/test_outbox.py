"""The sharded outbox: order, small writes, roll-up (and a crash in its middle), full disk."""

from __future__ import annotations

import errno
import json
import os
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from agent.delivery.outbox import Outbox, OutboxWriteError
from foundation import atomicio
from foundation.jsonfile import DamagedFile
from foundation.kinds import figures
from foundation.wire import Report, format_ts
from tests.agent.simulate import HOST, HOUR0, HOUR1, START, Clock, health_data

KEEP = timedelta(hours=24)


def sample(n: int, kind: str = "health", minutes: int | None = None, **data: object) -> Report:
    ts = START + timedelta(minutes=n if minutes is None else minutes)
    body = dict(data) if data else health_data(n)
    return Report(f"pc-1-{n}", "pc-1", kind, HOST, ts, body)


def fill(outbox: Outbox, clock: Clock, minutes: range) -> list[Report]:
    made = []
    for n in minutes:
        clock.now = START + timedelta(minutes=n)
        report = sample(n)
        outbox.add([report])
        made.append(report)
    return made


def files_of(outbox: Outbox) -> dict[Path, tuple[int, int]]:
    return {
        p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in outbox.root.rglob("*") if p.is_file()
    }


def test_reports_leave_oldest_first_and_no_add_rewrites_a_kept_file(tmp_path: Path) -> None:
    clock = Clock()
    outbox = Outbox(tmp_path, clock)
    made = fill(outbox, clock, range(0, 150, 3))  # two and a half hours, three hour folders
    before = files_of(outbox)
    clock.now = START + timedelta(minutes=151)
    outbox.add([sample(151)])
    after = files_of(outbox)
    assert {p: after[p] for p in before} == before  # every kept file untouched
    assert len(after) == len(before) + 1
    assert len(list(outbox.raw.iterdir())) == 3
    assert [r.id for r in outbox.oldest(1000)] == [r.id for r in made] + ["pc-1-151"]
    assert [r.id for r in outbox.oldest(5)] == [r.id for r in made[:5]]
    # forget what the hub acknowledged, from the middle too: the order of the rest stays
    gone = {made[0].id, made[1].id, made[20].id}
    assert outbox.forget(gone | {"not-here"}) == 3
    rest = [r.id for r in made if r.id not in gone] + ["pc-1-151"]
    assert [r.id for r in outbox.oldest(1000)] == rest
    assert outbox.depth() == len(rest)
    assert outbox.forget(rest) == len(rest)
    assert outbox.depth() == 0 and list(outbox.raw.iterdir()) == []


def test_oldest_keeps_a_batch_under_its_byte_budget(tmp_path: Path) -> None:
    clock = Clock()
    outbox = Outbox(tmp_path, clock)
    fill(outbox, clock, range(40))
    one = len(sample(0).line()) + 1
    batch = outbox.oldest(1000, max_bytes=one * 10 + 5)
    assert 8 <= len(batch) <= 10
    assert len(outbox.oldest(1000, max_bytes=1)) == 1  # one report always goes


def test_roll_up_folds_old_samples_hourly_and_keeps_events_and_facts(tmp_path: Path) -> None:
    clock = Clock()
    outbox = Outbox(tmp_path, clock)
    made = fill(outbox, clock, range(0, 120))  # hours 00 and 01, one sample a minute
    clock.now = START + timedelta(minutes=30)
    facts = Report("pc-1-facts", "pc-1", "facts", HOST, clock.now, {"serial": "ABC123"})
    event = Report(
        "pc-1-event",
        "pc-1",
        "outage",
        "probe:uplink",
        clock.now,
        {"state": "internet_down", "events": [{"state": "internet_down"}]},
    )
    backup = Report("pc-1-backup", "pc-1", "backup", HOST, clock.now, {"label": "staff-2026"})
    outbox.add([facts, event, backup])
    # Not old enough yet: nothing changes.
    clock.now = START + timedelta(hours=24, minutes=59)
    assert outbox.roll_up("pc-1", KEEP) == 0
    clock.now = START + timedelta(hours=25, minutes=1)
    assert outbox.roll_up("pc-1", KEEP) == 1  # hour 00 only; hour 01 ends 24 h ago at 26:00
    reports = outbox.oldest(1000)
    rolled = [r for r in reports if r.span]
    assert len(rolled) == 1
    hour = rolled[0]
    assert hour.kind == "health" and hour.device == HOST and hour.ts == START
    assert hour.span == {
        "start": format_ts(START),
        "end": format_ts(START + timedelta(hours=1)),
        "count": 60,
    }
    cpu = [figures("health", r.data)["cpu_percent"] for r in made[:60]]
    assert hour.data["figures"]["cpu_percent"] == {
        "min": min(cpu),
        "max": max(cpu),
        "sum": sum(cpu),
        "count": 60,
    }
    assert hour.data["hostname"] == "pc-1"
    # Facts, outage events and backup reports are kept as they were, in time order.
    ids = [r.id for r in reports]
    assert ids[:4] == [hour.id, "pc-1-facts", "pc-1-event", "pc-1-backup"]
    assert reports[1] == facts and reports[2] == event and reports[3] == backup
    assert ids[4:] == [r.id for r in made[60:]]
    assert not (outbox.raw / HOUR0).exists()


def test_a_crash_in_the_middle_of_a_roll_up_neither_loses_nor_double_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    outbox = Outbox(tmp_path, clock)
    fill(outbox, clock, range(0, 90))
    clock.now = START + timedelta(hours=26)

    def crash(folder: Path) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(Outbox, "_drop_folder", lambda self, folder: crash(folder))
    with pytest.raises(RuntimeError):
        outbox.roll_up("pc-1", KEEP)
    # The hourly file was written, the raw hour is still on disk: each sample counts once.
    assert (outbox.raw / HOUR0).is_dir()
    first = outbox.oldest(1000)
    assert sum((r.span or {}).get("count", 1) for r in first) == 90
    monkeypatch.undo()
    fresh = Outbox(tmp_path, clock)  # the agent starts again
    assert fresh.roll_up("pc-1", KEEP) == 2
    second = fresh.oldest(1000)
    assert second[0] == first[0]  # hour 00 as written before the crash, not folded again
    assert sum((r.span or {}).get("count", 1) for r in second) == 90
    assert sorted(p.name for p in fresh.hourly.iterdir()) == [
        f"{HOUR0}.json",
        f"{HOUR1}.json",
    ]
    assert list(fresh.raw.iterdir()) == []


def test_rolling_the_same_hour_up_again_gives_the_same_ids(tmp_path: Path) -> None:
    """A crash after the hourly file was delivered and forgotten, before the raw hour was
    removed: the repeat makes the same report ids, which the hub has already counted."""
    clock = Clock()
    outbox = Outbox(tmp_path, clock)
    fill(outbox, clock, range(0, 60))
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in (outbox.raw / HOUR0).iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    clock.now = START + timedelta(hours=26)
    outbox.roll_up("pc-1", KEEP)
    ids = [r.id for r in outbox.oldest(100)]
    assert outbox.forget(ids) == 1
    (outbox.raw / HOUR0).mkdir(parents=True)
    for path in copy.iterdir():
        (outbox.raw / HOUR0 / path.name).write_bytes(path.read_bytes())
    outbox.roll_up("pc-1", KEEP)
    assert [r.id for r in outbox.oldest(100)] == ids


def test_a_full_disk_while_adding_keeps_what_was_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    outbox = Outbox(tmp_path, clock)
    made = fill(outbox, clock, range(10))
    before = {p: p.read_bytes() for p in outbox.root.rglob("*") if p.is_file()}

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomicio.os, "fsync", full)
    clock.now = START + timedelta(minutes=11)
    with pytest.raises(OutboxWriteError) as caught:
        outbox.add([sample(11), sample(12)])
    monkeypatch.undo()
    assert str(caught.value) == (
        "cannot keep 2 new reports in the outbox: No space left on device;"
        " the reports already kept are intact"
    )
    assert "\n" not in caught.value.text("mn") and "2 тайланг" in caught.value.text("mn")
    after = {p: p.read_bytes() for p in outbox.root.rglob("*") if p.is_file()}
    assert after == before  # nothing lost, no temporary file left behind
    assert [r.id for r in outbox.oldest(100)] == [r.id for r in made]
    outbox.add([sample(11)])  # space again: it goes on
    assert outbox.depth() == 11


def test_a_clock_that_went_back_never_writes_into_a_rolled_up_hour(tmp_path: Path) -> None:
    clock = Clock()
    outbox = Outbox(tmp_path, clock)
    fill(outbox, clock, range(0, 60))
    clock.now = START + timedelta(hours=26)
    outbox.roll_up("pc-1", KEEP)
    clock.now = START + timedelta(minutes=5)  # back in the hour already rolled up
    outbox.add([sample(500, minutes=5)])
    assert (outbox.raw / HOUR1).is_dir()
    assert [r.id for r in outbox.oldest(100)][-1] == "pc-1-500"
    assert sum((r.span or {}).get("count", 1) for r in outbox.oldest(100)) == 61


def test_the_single_file_outbox_of_earlier_versions_is_moved_in(tmp_path: Path) -> None:
    old = [sample(n) for n in range(3)]
    table = {str(i + 1): r.to_json() for i, r in enumerate(old)}
    (tmp_path / "outbox.json").write_text(json.dumps({"reports": table}), encoding="utf-8")
    outbox = Outbox(tmp_path, Clock())
    assert outbox.stats().raw == 3
    assert [r.id for r in outbox.oldest(10)] == ["pc-1-0", "pc-1-1", "pc-1-2"]
    assert not (tmp_path / "outbox.json").exists()
    assert Counter(r.kind for r in outbox.oldest(10)) == {"health": 3}


def test_a_damaged_shard_is_named_once_set_aside_and_the_rest_still_leaves(
    tmp_path: Path,
) -> None:
    clock = Clock()
    outbox = Outbox(tmp_path, clock)
    made = fill(outbox, clock, range(5))
    broken = sorted((outbox.raw / HOUR0).iterdir())[1]
    broken.write_bytes(b'{"reports": [{"id": "pc-1-1", "da')
    with pytest.raises(DamagedFile) as caught:
        outbox.oldest(100)
    assert str(caught.value).startswith(f"damaged data file {broken}: ")
    aside = outbox.root / "damaged" / f"{HOUR0}-{broken.name}"
    assert aside.read_bytes() == b'{"reports": [{"id": "pc-1-1", "da'  # kept for a person
    assert [r.id for r in outbox.oldest(100)] == [made[i].id for i in (0, 2, 3, 4)]
    assert outbox.stats().raw == 4 and outbox.stats().files == 5


def test_forget_drops_a_shard_read_for_the_batch_only_while_it_is_unchanged(
    tmp_path: Path,
) -> None:
    clock = Clock()
    outbox = Outbox(tmp_path, clock)
    outbox.add([sample(1), sample(2)])  # one shard holding two reports
    outbox.add([sample(3)])
    assert [rid for rid, _ in outbox.pending(10)] == ["pc-1-1", "pc-1-2", "pc-1-3"]
    shard = next(iter(outbox._files()))
    # changed since the batch was read (another writer): its new content is read again
    atomicio.write_text(shard, json.dumps({"reports": [sample(2).to_json(), sample(9).to_json()]}))
    assert outbox.forget({"pc-1-1", "pc-1-2", "pc-1-3"}) == 2
    assert [r.id for r in outbox.oldest(10)] == ["pc-1-9"]
    assert outbox.forget({"pc-1-9"}) == 1 and outbox.empty()


def test_an_hour_delivered_whole_takes_new_samples_in_a_new_folder(tmp_path: Path) -> None:
    clock = Clock()
    outbox = Outbox(tmp_path, clock)
    outbox.add([sample(1)])
    assert outbox.forget({"pc-1-1"}) == 1
    assert not any(outbox.raw.iterdir())  # its folder went with its last report
    outbox.add([sample(2)])
    assert [r.id for r in outbox.oldest(10)] == ["pc-1-2"]
