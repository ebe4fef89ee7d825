"""Device records: matching reports by serial and MAC, duplicates flagged, manual edits kept."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from agent.config import Config
from agent.wire import Report
from inventory import alerts, audit, devices, serve
from inventory.layout import Layout
from inventory.spool import write_batch
from inventory.store import Store

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
_ids = itertools.count()


def health(host: str, mac: str, ip: str = "192.168.1.5", **extra: Any) -> Report:
    data = {
        "hostname": host,
        "interfaces": [
            {"name": "lo", "mac": "00:00:00:00:00:00", "ipv4": ["127.0.0.1"]},
            {"name": "eth0", "mac": mac, "ipv4": [ip]},
        ],
        "disks": [{"mount": "/", "percent": 40.0}],
        **extra,
    }
    return Report(f"h-{next(_ids)}", "agent-1", "health", f"host:{host}", T0, data)


def feed(layout: Layout, *reports: Report) -> None:
    devices.apply_reports(layout, reports)
    Store(layout).apply(reports)


def test_report_fills_a_new_record(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    feed(layout, health("pc-7", "AA:BB:CC:00:00:07"))
    (doc,) = devices.list_devices(layout)
    assert doc["key"] == "host:pc-7" and doc["name"] == "pc-7"
    assert doc["macs"] == ["aa:bb:cc:00:00:07"] and doc["ip"] == "192.168.1.5"
    assert [row.key for row in Store(layout).overview()] == ["host:pc-7"]


def test_manual_edit_is_never_overwritten_by_a_report(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    feed(layout, health("pc-7", "aa:bb:cc:00:00:07"))
    devices.edit_device(layout, "host:pc-7", {"name": "Даргын ПК", "ip": "10.0.0.7"}, "bolor")
    feed(layout, health("pc-7", "aa:bb:cc:00:00:07", ip="192.168.1.99"))
    doc = devices.get_device(layout, "host:pc-7")
    assert doc["name"] == "Даргын ПК" and doc["ip"] == "10.0.0.7"
    assert doc["manual"] == ["ip", "name"]
    # fields no person touched still follow the reports
    feed(layout, health("pc-7", "aa:bb:cc:00:00:08"))
    assert devices.get_device(layout, "host:pc-7")["macs"] == ["aa:bb:cc:00:00:08"]


def test_serial_match_updates_the_record_entered_by_hand(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    key = devices.add_device(
        layout, {"asset_tag": "A-17", "serial": "SN-4711", "location": "Хурлын танхим"}, "bolor"
    )
    assert key == "asset:A-17"
    feed(layout, health("pc-17", "aa:bb:cc:00:00:17", serial="SN-4711"))
    (doc,) = devices.list_devices(layout)
    assert doc["key"] == "asset:A-17" and doc["aliases"] == ["host:pc-17"]
    assert doc["name"] == "pc-17" and doc["location"] == "Хурлын танхим"
    assert devices.get_device(layout, "host:pc-17")["key"] == "asset:A-17"
    (row,) = Store(layout).overview()
    assert row.key == "asset:A-17" and row.disk_percent == 40.0
    feed(layout, health("pc-17", "aa:bb:cc:00:00:17", serial="SN-4711"))
    assert len(devices.list_devices(layout)) == 1, "no second record on the next report"


def test_shared_mac_is_flagged_not_merged(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    devices.add_device(layout, {"name": "Old entry", "macs": "aa-bb-cc-00-00-21"}, "bolor")
    feed(layout, health("pc-21", "aa:bb:cc:00:00:21"))
    docs = {d["key"]: d for d in devices.list_devices(layout)}
    assert sorted(docs) == ["host:pc-21", "manual:1"]
    assert docs["host:pc-21"]["duplicates"] == ["manual:1"]
    assert docs["manual:1"]["duplicates"] == ["host:pc-21"]
    assert sorted(d["key"] for d in devices.possible_duplicates(layout)) == [
        "host:pc-21",
        "manual:1",
    ]
    devices.dismiss_duplicates(layout, "manual:1", "bolor")
    feed(layout, health("pc-21", "aa:bb:cc:00:00:21"))
    assert devices.possible_duplicates(layout) == []
    assert audit.entries(layout)[-1]["action"] == "device.not_duplicate"


def test_two_records_with_one_serial_are_flagged(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    devices.add_device(layout, {"name": "A", "serial": "X1"}, "bolor")
    devices.add_device(layout, {"name": "B", "serial": "X1"}, "bolor")
    feed(layout, health("pc-x", "aa:bb:cc:00:00:31", serial="X1"))
    docs = {d["key"]: d for d in devices.list_devices(layout)}
    assert sorted(docs) == ["host:pc-x", "manual:1", "manual:2"], "ambiguous: not merged"
    assert docs["host:pc-x"]["duplicates"] == ["manual:1", "manual:2"]


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"type": "toaster"}, "type"),
        ({"status": "broken"}, "status"),
        ({"purchase_date": "15.03.2021"}, "purchase_date"),
        ({"purchase_price": "-1"}, "purchase_price"),
        ({"macs": "aa:bb"}, "macs"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_validation_names_the_field_in_both_languages(
    hub: Config, fields: dict[str, str], bad: str
) -> None:
    layout = Layout(hub.hub_dir)
    with pytest.raises(devices.InvalidDevice) as caught:
        devices.add_device(layout, fields, "bolor")
    assert [p.field for p in caught.value.problems] == [bad]
    assert bad in caught.value.text("mn") and caught.value.text("mn") != caught.value.text("en")
    assert devices.list_devices(layout) == []


def test_serve_applies_devices_and_alerts(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    full = health("pc-9", "aa:bb:cc:00:00:09")
    data = {**full.data, "disks": [{"mount": "/", "percent": 97.0}]}
    now = datetime.now(UTC) - timedelta(minutes=1)
    write_batch(
        layout.spool, "agent-1", [Report("x-1", "agent-1", "health", "host:pc-9", now, data)]
    )
    applied = serve.drain(layout, Store(layout), log=lambda _: None, alert_settings=hub.alerts)
    assert applied == 1
    assert devices.get_device(layout, "host:pc-9")["macs"] == ["aa:bb:cc:00:00:09"]
    assert [a.id for a in alerts.open_alerts(layout)] == ["disk_full:host:pc-9"]
