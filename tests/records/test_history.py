"""History: raw → hourly → daily roll-ups with min/avg/max, retention, and rolled-up reports."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from foundation.wire import Report
from inventory.settings.records import HistorySettings
from inventory.store import history
from inventory.store.layout import Layout
from inventory.store.store import Store
from tui.config import TuiConfig as Config

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
_ids = itertools.count()
DEV = "host:pc-1"


def health(ts: datetime, cpu: float, span: dict[str, Any] | None = None) -> Report:
    data = {"cpu": {"percent": cpu}, "memory": {"percent": 50}, "disks": []}
    return Report(f"h-{next(_ids)}", "a", "health", DEV, ts, data, span)


def test_raw_to_hourly_to_daily_and_expiry(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    store = Store(layout)
    # two hours on one day: 10:00 with cpu 10, 20, 30; 11:00 with 40
    store.apply(
        [
            health(T0, 10),
            health(T0 + timedelta(minutes=20), 20),
            health(T0 + timedelta(minutes=40), 30),
            health(T0 + timedelta(hours=1), 40),
        ]
    )
    folder = layout.device_dir(DEV)
    settings = HistorySettings(raw_days=7, hourly_days=90, daily_days=365)
    assert history.rollup(layout, settings, T0 + timedelta(days=6)) == 0, "still fresh"
    start, end = T0 - timedelta(days=1), T0 + timedelta(days=1)
    raw = history.series(layout, DEV, "health", "cpu_percent", start, end)
    assert [p.avg for p in raw] == [10, 20, 30, 40]

    assert history.rollup(layout, settings, T0 + timedelta(days=8)) == 1
    assert not list(folder.glob("raw-*.json")) and (folder / "hourly-2026-01.json").exists()
    hours = history.series(layout, DEV, "health", "cpu_percent", start, end)
    assert [(p.min, p.avg, p.max, p.count) for p in hours] == [(10, 20, 30, 3), (40, 40, 40, 1)]
    assert history.rollup(layout, settings, T0 + timedelta(days=8)) == 0, "nothing twice"

    # January's hours become days once February ends 90 days ago
    assert history.rollup(layout, settings, datetime(2026, 5, 2, tzinfo=UTC)) == 1
    days = history.series(layout, DEV, "health", "cpu_percent", start, end)
    assert [(p.min, p.avg, p.max, p.count) for p in days] == [(10, 25, 40, 4)]
    assert (folder / "daily-2026.json").exists() and not list(folder.glob("hourly-*"))

    assert history.rollup(layout, settings, datetime(2028, 1, 2, tzinfo=UTC)) == 1
    assert not list(folder.glob("*.json"))


def test_fold_interrupted_by_a_crash_counts_once(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    reports = [health(T0, 10), health(T0 + timedelta(minutes=5), 30)]
    Store(layout).apply(reports)
    folder = layout.device_dir(DEV)
    raw = next(folder.glob("raw-*.json"))
    saved = raw.read_bytes()
    settings = HistorySettings()
    history.rollup(layout, settings, T0 + timedelta(days=10))
    raw.write_bytes(saved)  # as if the crash came between the hourly write and the removal
    history.rollup(layout, settings, T0 + timedelta(days=10))
    start, end = T0 - timedelta(hours=1), T0 + timedelta(hours=1)
    (point,) = history.series(layout, DEV, "health", "cpu_percent", start, end)
    assert (point.count, point.avg) == (2, 20)


def test_rolled_up_report_goes_to_the_hourly_level_once(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    span = {
        "start": (T0 - timedelta(hours=3)).isoformat(),
        "end": (T0 - timedelta(hours=2)).isoformat(),
        "count": 60,
    }
    rolled = health(T0 - timedelta(hours=2), 55, span)
    store = Store(layout)
    assert store.apply([rolled, health(T0, 5)]) == 2
    assert store.apply([rolled]) == 0, "a repeated batch counts once"
    folder = layout.device_dir(DEV)
    assert (folder / "hourly-2026-01.json").exists()
    assert rolled.id not in store.all_sample_ids()
    start, end = T0 - timedelta(days=1), T0 + timedelta(hours=1)
    points = history.series(layout, DEV, "health", "cpu_percent", start, end)
    assert [(p.avg, p.count) for p in points] == [(55, 60), (5, 1)]
    history.rollup(layout, HistorySettings(), T0 + timedelta(days=8))
    points = history.series(layout, DEV, "health", "cpu_percent", start, end)
    assert [(p.avg, p.count) for p in points] == [(55, 60), (5, 1)]


def test_figures_of_each_kind() -> None:
    assert history.figures("outage", {"state": "internet_down", "loss_percent": 100}) == {
        "up": 0.0,
        "loss_percent": 100.0,
    }
    assert history.figures("snmp", {"up": True, "elapsed_ms": 12.5}) == {
        "up": 1.0,
        "latency_ms": 12.5,
    }
    assert history.figures("unknown-kind", {"x": 1}) == {}
