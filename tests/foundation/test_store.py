"""The hub store: atomic files, idempotent application, the overview query."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from foundation.jsonfile import DamagedFile
from inventory.store.jsonstore import AtomicJSONStorage, batch
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.foundation.reports import health
from tui.config import TuiConfig as Config


def test_atomic_storage_keeps_old_file_when_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.json"
    with batch(path) as db:
        db.table("t").insert({"a": 1})
    before = path.read_bytes()

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"), batch(path) as db:
        db.table("t").insert({"a": 2})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"], "temporary file left behind"


def test_failed_batch_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    with pytest.raises(RuntimeError), batch(path) as db:
        db.table("t").insert({"a": 1})
        raise RuntimeError("abandon")
    assert not path.exists()


def test_damaged_file_is_named_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text('{"t": {"1": ', encoding="utf-8")
    with pytest.raises(DamagedFile) as caught:
        AtomicJSONStorage(path).read()
    assert str(path) in caught.value.text("en")
    assert path.read_text(encoding="utf-8") == '{"t": {"1": '


def test_apply_is_idempotent_and_feeds_overview(hub: Config) -> None:
    store = Store(Layout(hub.hub_dir))
    reports = [health("a", n) for n in range(5)] + [health("b", 0, cpu=80.0)]
    assert store.apply(reports) == 6
    assert store.apply(reports) == 0
    assert store.apply(reports[:2]) == 0
    ids = store.all_sample_ids()
    assert sorted(ids) == sorted(r.id for r in reports)
    rows = {row.name: row for row in store.overview()}
    assert set(rows) == {"pc-a", "pc-b"}
    assert rows["pc-b"].cpu_percent == 80.0
    assert rows["pc-a"].disk_percent == 91.0, "the fullest disk is the one shown"
    assert rows["pc-a"].ts == reports[4].ts


def test_older_report_does_not_replace_latest(hub: Config) -> None:
    store = Store(Layout(hub.hub_dir))
    store.apply([health("a", 10, cpu=1.0)])
    store.apply([health("a", 3, cpu=99.0)])
    (row,) = store.overview()
    assert row.cpu_percent == 1.0


def test_no_write_touches_a_large_file(hub: Config) -> None:
    """History is sharded per device and day: a day of one device stays small."""
    store = Store(Layout(hub.hub_dir))
    store.apply([health("a", n) for n in range(1440)])
    shards = list(Layout(hub.hub_dir).history.glob("*/raw-*.json"))
    assert len(shards) == 1
    assert shards[0].stat().st_size < 1_000_000
    data = json.loads(shards[0].read_text(encoding="utf-8"))
    assert len(data["samples"]) == 1440


def test_serve_sweeps_only_stale_temporary_files(tmp_path: Path) -> None:
    from inventory.intake.serve import sweep_temporary

    stale = tmp_path / "h" / ".raw-2026-11-01.json.abc.tmp"
    fresh = tmp_path / ".latest.json.def.tmp"
    stale.parent.mkdir()
    stale.write_text("{", encoding="utf-8")
    fresh.write_text("{", encoding="utf-8")
    os.utime(stale, (0, 0))
    assert sweep_temporary(tmp_path) == 1
    assert not stale.exists() and fresh.exists()
