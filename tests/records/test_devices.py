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


def probe_round(ts: datetime, up: bool) -> list[Report]:
    """One probe round as an agent sends it: each target, then the uplink's state."""
    out = [
        Report(
            f"p-{next(_ids)}",
            "agent-1",
            "probe",
            f"probe:{name}",
            ts,
            {"name": name, "role": role, "target": host, "up": up, "latency_ms": 4.0},
        )
        for name, role, host in (
            ("router", "gateway", "192.168.1.1"),
            ("E-Mongolia", "external", "e-mongolia.mn"),
        )
    ]
    state = {"state": "ok" if up else "internet_down"}
    out.append(Report(f"p-{next(_ids)}", "agent-1", "outage", "probe:uplink", ts, state))
    return out


def test_probe_targets_are_monitored_not_equipment(hub: Config) -> None:
    """Issue 12 point 6: a probe target is shown under network status and in the report's
    availability, but is neither counted nor listed as a device."""
    from inventory import periodreport
    from inventory.network import NetworkView

    layout = Layout(hub.hub_dir)
    feed(layout, health("pc-1", "aa:bb:cc:00:00:01"))
    feed(layout, *probe_round(T0, up=True))
    feed(layout, *probe_round(T0 + timedelta(minutes=5), up=False))
    assert [d["key"] for d in devices.list_devices(layout)] == ["host:pc-1"]
    assert [row.key for row in Store(layout).overview()] == ["host:pc-1"]
    targets = {t.name: t for t in NetworkView(Store(layout)).targets()}
    assert sorted(targets) == ["E-Mongolia", "router"]
    assert targets["router"].status == "down" and targets["router"].descr == "192.168.1.1"
    data = periodreport.build(layout, periodreport.parse_period("2026-11"))
    assert data.devices == 1
    assert sorted(a.key for a in data.availability) == ["probe:E-Mongolia", "probe:router"]
    assert data.uplink is not None and data.uplink.samples == 2


def test_probe_records_of_an_older_hub_are_ignored_and_dropped(hub: Config) -> None:
    """A data folder from before point 6 holds records for probe targets: they are not
    equipment, so no list or count shows them, and the next write of the records drops them."""
    from agent.jsonstore import batch, read_json

    layout = Layout(hub.hub_dir)
    feed(layout, health("pc-1", "aa:bb:cc:00:00:01"))
    with batch(layout.devices) as db:
        db.table("devices").insert({"key": "probe:E-Mongolia", "name": "probe:E-Mongolia"})
    assert [d["key"] for d in devices.list_devices(layout)] == ["host:pc-1"]
    assert [d["key"] for d in Store(layout).devices()] == ["host:pc-1"]
    devices.edit_device(layout, "host:pc-1", {"location": "Төв"}, "bolor")
    stored = (read_json(layout.devices) or {})["devices"].values()
    assert [d["key"] for d in stored] == ["host:pc-1"]
