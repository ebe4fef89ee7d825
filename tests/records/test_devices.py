"""Device records: matching reports by serial and MAC, duplicates flagged, manual edits kept."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from foundation.wire import Report
from inventory.cli import main as hub_cli
from inventory.intake import serve
from inventory.intake.spool import write_batch
from inventory.records import alerts, devices
from inventory.store import audit
from inventory.store.layout import Layout
from inventory.store.store import Store
from tui.config import TuiConfig as Config

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
    from inventory.reports import figures
    from inventory.reports.period import parse_period
    from inventory.views.network import NetworkView

    layout = Layout(hub.hub_dir)
    feed(layout, health("pc-1", "aa:bb:cc:00:00:01"))
    feed(layout, *probe_round(T0, up=True))
    feed(layout, *probe_round(T0 + timedelta(minutes=5), up=False))
    assert [d["key"] for d in devices.list_devices(layout)] == ["host:pc-1"]
    assert [row.key for row in Store(layout).overview()] == ["host:pc-1"]
    targets = {t.name: t for t in NetworkView(Store(layout)).targets()}
    assert sorted(targets) == ["E-Mongolia", "router"]
    assert targets["router"].status == "down" and targets["router"].descr == "192.168.1.1"
    data = figures.build(hub, parse_period("2026-11"), T0 + timedelta(minutes=10))
    assert sum(sum(by_status.values()) for by_status in data.types.values()) == 1
    probes = sorted(a.key for a in data.services if a.kind == "probe")
    assert probes == ["probe:E-Mongolia", "probe:router"] and not data.devices
    (uplink,) = [a for a in data.services if a.kind == "outage"]
    assert uplink.measured == 600 and uplink.up == 300


def test_probe_records_of_an_older_hub_are_ignored_and_dropped(hub: Config) -> None:
    """A data folder from before point 6 holds records for probe targets: they are not
    equipment, so no list or count shows them, and the next write of the records drops them."""
    from foundation.jsonfile import read_json
    from inventory.store.jsonstore import batch

    layout = Layout(hub.hub_dir)
    feed(layout, health("pc-1", "aa:bb:cc:00:00:01"))
    with batch(layout.devices) as db:
        db.table("devices").insert({"key": "probe:E-Mongolia", "name": "probe:E-Mongolia"})
    assert [d["key"] for d in devices.list_devices(layout)] == ["host:pc-1"]
    assert [d["key"] for d in Store(layout).devices()] == ["host:pc-1"]
    devices.edit_device(layout, "host:pc-1", {"location": "Төв"}, "bolor")
    stored = (read_json(layout.devices) or {})["devices"].values()
    assert [d["key"] for d in stored] == ["host:pc-1"]


def snmp(key: str, ts: datetime, up: bool = True, **extra: Any) -> Report:
    """A poll of a switch as the agent reports it."""
    data: dict[str, Any] = {"up": up, "name": "core-switch", "address": key.split(":")[1]}
    if up:
        data["interfaces"] = [{"index": 1, "name": "gi1", "mac": "E8:48:B8:00:00:01"}]
    return Report(f"s-{next(_ids)}", "agent-1", "snmp", key, ts, {**data, **extra})


def test_a_polled_switch_is_flagged_beside_the_record_entered_by_hand(hub: Config) -> None:
    """Issue 12 point 7: matched by IP address (and MAC, serial) as agents' machines are,
    flagged on both sides, never merged silently."""
    layout = Layout(hub.hub_dir)
    by_ip = devices.add_device(
        layout, {"name": "Гол свич", "asset_tag": "SW-1", "type": "switch", "ip": "10.0.0.2"}, "b"
    )
    by_mac = devices.add_device(layout, {"name": "Свич 2", "macs": "e8-48-b8-00-00-01"}, "b")
    feed(layout, snmp("snmp:10.0.0.2", T0))
    docs = {d["key"]: d for d in devices.list_devices(layout)}
    assert sorted(docs) == ["asset:SW-1", "manual:1", "snmp:10.0.0.2"]
    assert docs["snmp:10.0.0.2"]["duplicates"] == [by_ip, by_mac]
    assert docs[by_ip]["duplicates"] == docs[by_mac]["duplicates"] == ["snmp:10.0.0.2"]
    # two polled devices on one address (other ports) are not the same device for that alone
    feed(layout, snmp("snmp:10.0.0.2:1161", T0, up=False))
    assert devices.get_device(layout, "snmp:10.0.0.2:1161")["duplicates"] == [by_ip]


def test_merge_keeps_one_record_and_everything_follows_it(hub: Config) -> None:
    """Issue 12 point 7: `merge KEEP OTHER`: audited; history, maintenance entries, alerts
    and later reports follow the kept record; the other record is gone."""
    from inventory.records import maintenance
    from inventory.records.merge import merge_devices
    from inventory.reports import figures
    from inventory.reports.period import parse_period

    layout = Layout(hub.hub_dir)
    keep = devices.add_device(
        layout,
        {"name": "Гол свич", "asset_tag": "SW-1", "ip": "10.0.0.2", "location": "Сервер"},
        "bolor",
    )
    feed(layout, snmp("snmp:10.0.0.2", T0), health("pc-1", "aa:bb:cc:00:00:01"))
    devices.edit_device(layout, "host:pc-1", {"connected_to": "snmp:10.0.0.2"}, "bolor")
    entry = maintenance.add_entry(
        layout,
        {"device": "snmp:10.0.0.2", "date": "2026-11-02", "kind": "repair", "description": "x"},
        "bolor",
    )
    feed(layout, snmp("snmp:10.0.0.2", T0 + timedelta(minutes=5), up=False))
    alerts.evaluate(layout, hub.alerts, T0 + timedelta(minutes=5))
    alerts.evaluate(layout, hub.alerts, T0 + timedelta(minutes=20))

    kept = merge_devices(layout, keep, "snmp:10.0.0.2", "bolor")
    assert kept["aliases"] == ["snmp:10.0.0.2"] and kept["location"] == "Сервер"
    assert kept["macs"] == ["e8:48:b8:00:00:01"] and not kept.get("duplicates")
    assert sorted(d["key"] for d in devices.list_devices(layout)) == ["asset:SW-1", "host:pc-1"]
    assert devices.get_device(layout, "host:pc-1")["connected_to"] == keep
    assert maintenance.get_entry(layout, entry["number"])["device"] == keep
    (alert,) = alerts.open_alerts(layout)
    assert alert.subject == "snmp:10.0.0.2" and alert.title("en") == "Гол свич (SW-1) is down"
    assert len(list(Store(layout).samples("snmp:10.0.0.2"))) == 2, "history kept where it was"
    last = audit.entries(layout)[-1]
    assert (last["action"], last["who"], last["target"]) == ("device.merge", "bolor", keep)
    assert last["before"]["other"]["key"] == "snmp:10.0.0.2" and audit.verify(layout) == []
    # later polls of the switch land on the kept record
    feed(layout, snmp("snmp:10.0.0.2", T0 + timedelta(minutes=30)))
    assert len(devices.list_devices(layout)) == 2
    data = figures.build(hub, parse_period("2026-11"), T0 + timedelta(minutes=35))
    assert [(a.key, a.name) for a in data.devices] == [("snmp:10.0.0.2", "Гол свич (SW-1)")]
    assert data.devices[0].measured == 35 * 60
    with pytest.raises(devices.UnknownDevice):
        merge_devices(layout, keep, "manual:9", "bolor")
    from inventory.records.merge import SameRecord

    with pytest.raises(SameRecord):
        merge_devices(layout, keep, "snmp:10.0.0.2", "bolor")


def test_a_merge_cut_short_loses_nothing(hub: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    """The records are written after the maintenance log: a crash in between leaves both
    records and every sample in place, and the merge can simply be run again."""
    from inventory.records import maintenance
    from inventory.records.merge import merge_devices

    layout = Layout(hub.hub_dir)
    keep = devices.add_device(layout, {"name": "Гол свич", "ip": "10.0.0.2"}, "bolor")
    feed(layout, snmp("snmp:10.0.0.2", T0))
    maintenance.add_entry(
        layout,
        {"device": "snmp:10.0.0.2", "date": "2026-11-02", "kind": "repair", "description": "x"},
        "bolor",
    )

    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(devices, "_save", crash)
    with pytest.raises(OSError):
        merge_devices(layout, keep, "snmp:10.0.0.2", "bolor")
    monkeypatch.undo()
    assert len(devices.list_devices(layout)) == 2
    assert len(list(Store(layout).samples("snmp:10.0.0.2"))) == 1
    assert [e["device"] for e in maintenance.list_entries(layout)] == [keep]
    assert audit.entries(layout)[-1]["action"] == "maintenance.add"
    merge_devices(layout, keep, "snmp:10.0.0.2", "bolor")
    assert [d["key"] for d in devices.list_devices(layout)] == [keep]


def test_merge_from_the_command_line(hub: Config, cli_env: dict[str, str]) -> None:
    """`soumnet-hub devices merge KEEP OTHER`: the command is the confirmation; a bad key is
    one translated line and changes nothing."""
    import subprocess

    from tests.conftest import venv_command

    layout = Layout(hub.hub_dir)
    keep = devices.add_device(layout, {"name": "Гол свич", "asset_tag": "SW-1"}, "bolor")
    feed(layout, snmp("snmp:10.0.0.2", T0))

    def hub_cli(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
        env = {**cli_env, "SOUMNET_LANG": lang}
        command = [venv_command("soumnet-hub"), "devices", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True)

    bad = hub_cli("merge", keep, "snmp:10.9.9.9", lang="mn")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert bad.stderr == "soumnet-hub: snmp:10.9.9.9 төхөөрөмж алга\n"
    assert len(devices.list_devices(layout)) == 2
    done = hub_cli("merge", keep, "snmp:10.0.0.2")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "core-switch merged into Гол свич (SW-1); recorded in the audit trail\n"
    assert [d["key"] for d in devices.list_devices(layout)] == [keep]
    again = hub_cli("merge", keep, "snmp:10.0.0.2")
    assert again.returncode != 0 and len(again.stderr.strip().splitlines()) == 1


def test_merge_keeps_what_a_person_set_whichever_record_is_kept() -> None:
    from inventory.records.merge import merged

    polled = {
        "key": "snmp:10.0.0.2",
        "name": "core",
        "ip": "10.0.0.2",
        "macs": ["aa:bb:cc:00:00:02"],
    }
    entered = {
        "key": "asset:SW-1",
        "name": "Гол свич",
        "asset_tag": "SW-1",
        "ip": "10.0.0.20",
        "macs": ["aa:bb:cc:00:00:01"],
        "manual": ["asset_tag", "name"],
    }
    one = merged(polled, entered)
    assert (one["name"], one["asset_tag"], one["ip"]) == ("Гол свич", "SW-1", "10.0.0.2")
    assert one["manual"] == ["asset_tag", "name"] and one["aliases"] == ["asset:SW-1"]
    assert one["macs"] == ["aa:bb:cc:00:00:01", "aa:bb:cc:00:00:02"]
    other = merged(entered, polled)
    assert (other["name"], other["ip"], other["aliases"]) == (
        "Гол свич",
        "10.0.0.20",
        [polled["key"]],
    )


def test_devices_list_json_keeps_every_field_of_the_records(
    hub: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    """The listing prints the Devices view's figures beside the stored record whole: a
    script that read the price, the purchase date or the MACs before still finds them."""
    layout = Layout(hub.hub_dir)
    key = devices.add_device(
        layout,
        {
            "name": "Нягтлан ПК",
            "purchase_price": "1 250 000 ₮",
            "purchase_date": "2026.11.03",
            "macs": "AA-BB-CC-DD-EE-01",
            "notes": "2-р давхар",
        },
        "bolor",
    )
    assert hub_cli(["--config", str(hub.path), "devices", "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["key"] == key and row["purchase_price"] == 1250000
    assert row["purchase_date"] == "2026-11-03" and row["notes"] == "2-р давхар"
    assert row["macs"] == ["aa:bb:cc:dd:ee:01"] and row["health"] == "none"
