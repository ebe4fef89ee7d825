"""The writer's caches: a file changed by someone else is read again, a failed write is
forgotten, and what the appending cache writes is the TinyDB file TinyDB itself reads."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from foundation import atomicio
from foundation.jsonfile import DamagedFile
from foundation.wire import MAX_DEPTH, Report, WireError, parse_report, report_from_json
from inventory.intake import spool
from inventory.store import history
from inventory.store.jsonstore import AppendCache, FileCache, batch, open_readonly
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.foundation.reports import BASE, health


def test_file_cache_reads_a_file_replaced_by_another_writer(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    cache = FileCache()
    cache.write(path, {"t": {"1": {"a": 1}}})
    assert cache.read(path) == {"t": {"1": {"a": 1}}}
    with batch(path) as db:  # a person's edit: TinyDB, another process in real life
        db.table("t").insert({"a": 2})
    assert cache.read(path) == {"t": {"1": {"a": 1}, "2": {"a": 2}}}
    path.unlink()
    assert cache.read(path) is None


def test_file_cache_forgets_changes_that_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.json"
    cache = FileCache()
    cache.write(path, {"t": {}})
    data = cache.read(path)
    with pytest.raises(RuntimeError), cache.changing(path):
        data["t"]["1"] = {"half": "done"}
        raise RuntimeError("abandon")
    assert cache.read(path) == {"t": {}}

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    data = cache.read(path)
    data["t"]["1"] = {"lost": True}
    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        cache.write(path, data)
    monkeypatch.undo()
    assert cache.read(path) == {"t": {}}, "the file, not the unwritten change, is the truth"


def test_file_cache_stays_within_its_size(tmp_path: Path) -> None:
    cache = FileCache(max_bytes=100)
    for n in range(5):
        cache.write(tmp_path / f"{n}.json", {"t": {"1": {"x": "y" * 30}}})
    assert sum(tmp_path / f"{n}.json" in cache for n in range(5)) == 2
    assert cache.read(tmp_path / "0.json") == {"t": {"1": {"x": "y" * 30}}}


def test_append_cache_writes_what_tinydb_reads(tmp_path: Path) -> None:
    path = tmp_path / "raw.json"
    with batch(path) as db:  # a file begun by TinyDB, with a second table before ours
        db.table("samples").insert({"id": "a", "n": "Улаанбаатар"})
        db.table("other").insert({"x": 1})
    cache = AppendCache()
    assert cache.add(path, "samples", [{"id": "a"}, {"id": "b", "n": "Сүхбаатар"}], "id") == 1
    assert cache.add(path, "samples", [{"id": "c"}, {"id": "c"}], "id") == 1
    assert cache.add(path, "samples", [{"id": "b"}], "id") == 0, "a repeated id is skipped"
    db = open_readonly(path)
    assert [d["id"] for d in db.table("samples").all()] == ["a", "b", "c"]
    assert [d.doc_id for d in db.table("samples").all()] == [1, 2, 3]
    assert db.table("other").all() == [{"x": 1}]
    assert db.table("samples").all()[1]["n"] == "Сүхбаатар"


def test_append_cache_reads_a_file_changed_by_another_writer(tmp_path: Path) -> None:
    path = tmp_path / "raw.json"
    cache = AppendCache()
    assert cache.add(path, "samples", [{"id": "a"}], "id") == 1
    with batch(path) as db:
        db.table("samples").insert({"id": "b"})
    assert cache.keys(path, "samples", "id") == {"a", "b"}
    assert cache.add(path, "samples", [{"id": "b"}, {"id": "c"}], "id") == 1
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [d["id"] for d in data["samples"].values()] == ["a", "b", "c"]
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(DamagedFile):
        cache.add(path, "samples", [{"id": "d"}], "id")
    assert path.read_text(encoding="utf-8") == "[1, 2]", "a damaged file is never replaced"


def test_append_cache_failed_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "raw.json"
    cache = AppendCache()
    cache.add(path, "samples", [{"id": "a"}], "id")
    before = path.read_bytes()

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        cache.add(path, "samples", [{"id": "b"}], "id")
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert cache.keys(path, "samples", "id") == {"a"}
    assert cache.add(path, "samples", [{"id": "b"}], "id") == 1


def test_series_shard_matches_the_raw_samples(tmp_path: Path) -> None:
    """A history read from the series shard gives what the raw shard alone gives."""
    layout = Layout(tmp_path / "hub")
    layout.init()
    store = Store(layout)
    reports = [health("a", n, cpu=float(n)) for n in range(30)]
    store.apply(reports[:10])
    store.apply(reports[5:20])  # overlapping batches: each sample once
    store.apply(reports[20:])
    start, end = BASE, BASE + timedelta(hours=1)
    fast = history.series(layout, "host:a", "health", "cpu_percent", start, end)
    series_file = layout.series_shard("host:a", BASE)
    series_file.unlink()
    slow = history.series(layout, "host:a", "health", "cpu_percent", start, end)
    assert fast == slow and [p.avg for p in fast] == [float(n) for n in range(30)]

    # a day begun without a series shard (older store, or a crash) gets its earlier samples too
    store.apply([health("a", 30, cpu=30.0)])
    rebuilt = history.series(layout, "host:a", "health", "cpu_percent", start, end)
    assert [p.avg for p in rebuilt] == [float(n) for n in range(31)]


def test_crash_between_series_and_raw_write_is_repaired(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    layout = Layout(tmp_path / "hub")
    layout.init()
    store = Store(layout)
    store.apply([health("a", 0)])
    raw = layout.raw_shard("host:a", BASE)
    original = atomicio.write_text

    def crash_on_raw(path: Path, text: str, mode: int = 0o644) -> None:
        if path == raw:
            raise OSError(5, "Input/output error")
        original(path, text, mode)

    monkeypatch.setattr(atomicio, "write_text", crash_on_raw)
    with pytest.raises(OSError):
        store.apply([health("a", 1, cpu=50.0)])
    monkeypatch.undo()
    restarted = Store(layout)
    assert restarted.apply([health("a", 1, cpu=50.0)]) == 1
    assert sorted(restarted.all_sample_ids()) == ["a-0", "a-1"]
    points = history.series(
        layout, "host:a", "health", "cpu_percent", BASE, BASE + timedelta(hours=1)
    )
    assert [p.avg for p in points] == [10.0, 50.0]


def test_spool_removes_a_group_of_batches(tmp_path: Path) -> None:
    paths = [spool.write_batch(tmp_path, "a", [health("a", n)]) for n in range(3)]
    spool.remove_applied([p for p in paths if p is not None])
    assert spool.pending(tmp_path) == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"a": [1, 2.5, float("nan")]}, "NaN"),
        ({"a": {"b": float("-inf")}}, "NaN"),
        ({"a": [b"bytes"]}, "unsupported value type"),
        ({"a": {"b": {1, 2}}}, "unsupported value type"),
        ({"a": {1: 2}}, "keys must be strings"),
    ],
)
def test_wire_rejects_values_that_are_not_measurements(data: dict[str, Any], reason: str) -> None:
    doc = Report("x", "a", "health", "host:a", BASE, data).to_json()
    with pytest.raises(WireError, match=reason):
        report_from_json(doc, now=BASE)


def _nested(levels: int, leaf: object) -> object:
    value = leaf
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        (_nested(MAX_DEPTH - 1, 1), True),  # the number sits at the deepest allowed level
        (_nested(MAX_DEPTH, 1), False),
        (_nested(MAX_DEPTH - 1, []), True),
        (_nested(MAX_DEPTH, []), False),  # even an empty list one level too deep
    ],
)
def test_wire_depth_limit(value: object, accepted: bool) -> None:
    doc = Report("x", "a", "k", "d", BASE, {"x": value}).to_json()
    line = json.dumps(doc)
    if accepted:
        assert parse_report(line, now=BASE).data == {"x": value}
    else:
        with pytest.raises(WireError, match="nested deeper"):
            parse_report(line, now=BASE)


@pytest.mark.parametrize("content", ["[]", '{"samples": []}', "0"])
def test_a_store_file_of_the_wrong_shape_is_named_and_kept(tmp_path: Path, content: str) -> None:
    layout = Layout(tmp_path / "hub")
    layout.init()
    raw = layout.raw_shard("host:a", BASE)
    raw.parent.mkdir(parents=True)
    raw.write_text(content, encoding="utf-8")
    layout.latest.write_text(content.replace("samples", "latest"), encoding="utf-8")
    store = Store(layout)
    with pytest.raises(DamagedFile) as caught:
        store.apply([health("a", 0)])
    assert raw.name in caught.value.text("en")
    assert raw.read_text(encoding="utf-8") == content
    raw.unlink()
    with pytest.raises(DamagedFile, match=r"latest\.json"):
        store.apply([health("a", 0)])
    assert layout.latest.read_text(encoding="utf-8") == content.replace("samples", "latest")
