"""Report kinds: each kind's typed view reads what agents of any age send without raising,
its figures follow the one number rule, and every reader of the hub agrees on them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from agent.collectors.outage import Classification
from agent.collectors.probes import ProbeResult
from agent.delivery.rollup import roll_up
from agent.jobs.network import uplink_data
from foundation import kinds
from foundation.kinds import backup, facts, health, outage, probe, snmp
from foundation.kinds.numbers import number, up_figure, whole
from foundation.kinds.rolled import rolled_figures
from foundation.wire import Report, format_ts
from inventory.records import alerts, devices
from inventory.settings.records import AlertSettings
from inventory.store import history
from inventory.store.layout import Layout
from inventory.store.store import Store
from inventory.views.devices import health_of
from tui.config import TuiConfig as Config

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
HOST = "host:0123456789abcdef"

HEALTH: dict[str, Any] = {
    "hostname": "pc-7",
    "uptime_seconds": 3600,
    "cpu": {"percent": 12.5, "per_core": [10.0, 15.0]},
    "memory": {"total": 8 * 2**30, "percent": 41},
    "swap": {"percent": 0.0},
    "disks": [
        {"mount": "/", "device": "/dev/sda1", "percent": 70.0},
        {"mount": "/home", "device": "/dev/sda2", "percent": 93.5},
        {"mount": None, "device": "/dev/sdb1", "percent": 93.5},
    ],
}
"""A health report the way today's agent writes it (`agent.collectors.health`)."""


# -- the number rule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, 3.0), (2.5, 2.5), (0, 0.0), (True, None), (False, None), ("7", None), (None, None)],
)
def test_a_measurement_is_a_number_never_a_boolean(value: object, expected: float | None) -> None:
    assert number(value) == expected
    if expected is not None:
        assert isinstance(number(value), float)


def test_up_counts_a_boolean_as_one_or_zero() -> None:
    assert (up_figure(True), up_figure(False)) == (1.0, 0.0)
    assert (up_figure(1), up_figure(0.5)) == (1.0, 0.5)  # an availability sent as a number
    assert up_figure("yes") is None and up_figure(None) is None


def test_a_count_is_a_whole_number() -> None:
    assert (whole(5), whole(5.0), whole(True), whole("5")) == (5, None, None, None)


# -- health ----------------------------------------------------------------------------------


def test_health_reads_todays_report() -> None:
    found = health.parse(HEALTH)
    assert (found.hostname, found.uptime_seconds) == ("pc-7", 3600)
    assert (found.cpu_percent, found.memory_percent, found.swap_percent) == (12.5, 41.0, 0.0)
    assert found.fullest == health.Disk("/home", "/dev/sda2", 93.5), "the first of equals"
    assert found.disk_percent == 93.5
    assert health.figures(HEALTH) == {
        "cpu_percent": 12.5,
        "memory_percent": 41.0,
        "disk_percent": 93.5,
    }


def test_health_with_fields_missing_is_empty_not_an_error() -> None:
    found = health.parse({})
    assert found == health.Health(None, None, None, None, None, ())
    assert found.fullest is None and found.disk_percent is None
    assert health.figures({}) == {}


def test_health_with_wrong_types_keeps_what_it_can() -> None:
    data = {
        "hostname": 7,
        "cpu": "busy",
        "memory": {"percent": True},
        "swap": None,
        "disks": [{"percent": "full"}, "sda", None, {"mount": "/", "percent": False}],
    }
    found = health.parse(data)
    assert (found.hostname, found.cpu_percent, found.memory_percent) == (None, None, None)
    assert [d.percent for d in found.disks] == [None, None]
    assert health.figures(data) == {}
    assert health.figures({"disks": "none", "cpu": {"percent": 5}}) == {"cpu_percent": 5.0}


# -- facts -----------------------------------------------------------------------------------


def test_facts_read_linux_and_windows_fields() -> None:
    data = {
        "hostname": "pc-7",
        "make": "LENOVO",
        "model": "ThinkCentre M70q",
        "serial": "S1",
        "bios": {"vendor": "LENOVO", "version": "M3AKT4", "date": "2023-05-01"},
        "board": {"vendor": "LENOVO", "model": "3139", "serial": "B1"},
        "cpu": {"model": "Intel i5", "count_logical": 12, "count_physical": 6},
        "memory_total": 17179869184,
        "disks": [{"name": "nvme0n1", "size": 512, "rotational": False}, {"bus": "SATA"}],
        "interfaces": [{"name": "eth0", "mac": "aa:bb", "ipv4": ["10.0.0.7", 5]}],
        "os": {"name": "Debian", "version": "12", "kernel": "6.1", "build": None},
    }
    found = facts.parse(data)
    assert (found.make, found.model, found.serial) == ("LENOVO", "ThinkCentre M70q", "S1")
    assert found.bios.date == "2023-05-01" and found.board.serial == "B1"
    assert (found.cpu_model, found.cpu_count_logical, found.memory_total) == (
        "Intel i5",
        12,
        17179869184,
    )
    assert found.disks[0].rotational is False and found.disks[1].bus == "SATA"
    assert found.interfaces == (facts.Adapter("eth0", "aa:bb", ("10.0.0.7",)),)
    assert (found.os.kernel, found.os.build) == ("6.1", None)
    assert facts.figures(data) == {}


def test_facts_with_fields_missing_or_mistyped() -> None:
    found = facts.parse({"bios": "n/a", "cpu": [], "memory_total": True, "disks": {}})
    assert found.hostname is None and found.bios == facts.Part(None, None, None, None, None)
    assert (found.cpu_model, found.memory_total, found.disks) == (None, None, ())


# -- snmp ------------------------------------------------------------------------------------

SNMP: dict[str, Any] = {
    "up": True,
    "status": "up",
    "address": "192.168.1.20",
    "name": "Printer, office 2",
    "elapsed_ms": 48.2,
    "system": {"descr": "HP LaserJet", "name": "NPI1", "uptime_ticks": 8640000},
    "interfaces": [{"index": 1, "name": "eth0", "oper": "up", "speed_bps": 100_000_000}],
    "printer": {
        "supplies": [
            {"index": "1.1", "descr": "Black", "level": 10, "max_capacity": 100, "percent": 10.0},
            {
                "index": "1.2",
                "descr": "Waste",
                "receptacle": True,
                "level": 90,
                "max_capacity": 100,
            },
            {"index": "1.3", "descr": "Drum", "level": -3, "max_capacity": 100, "state": "some"},
        ],
        "pages": 12345,
    },
    "ups": {"on_battery": True, "minutes_remaining": 12, "charge_percent": 80},
    "entities": [{"name": "chassis", "serial": "CN123"}],
}


def test_snmp_reads_a_poll() -> None:
    found = snmp.parse(SNMP)
    assert (found.up, found.status, found.down, found.elapsed_ms) == (True, "up", False, 48.2)
    assert (found.system.name, found.system.uptime_ticks) == ("NPI1", 8640000)
    assert found.interfaces[0].index == "1" and found.interfaces[0].speed_bps == 100_000_000
    assert found.printer is not None and found.printer.pages == 12345
    assert [s.level_percent for s in found.printer.supplies] == [10.0, None, None]
    assert found.ups is not None and (found.ups.on_battery, found.ups.minutes_remaining) == (
        True,
        12.0,
    )
    assert found.entities[0].serial == "CN123"
    assert snmp.figures(SNMP) == {"up": 1.0, "latency_ms": 48.2}


def test_snmp_of_a_device_that_did_not_answer() -> None:
    data = {"up": False, "status": "unreachable", "error": "timeout", "error_kind": "timeout"}
    found = snmp.parse(data)
    assert (found.up, found.down, found.error_kind) == (False, True, "timeout")
    assert (found.printer, found.ups, found.interfaces) == (None, None, ())
    assert snmp.figures(data) == {"up": 0.0}
    assert snmp.parse({"status": "down"}).down, "an older report said so by its status"


def test_snmp_with_wrong_types() -> None:
    data = {"up": "yes", "system": "x", "printer": [], "ups": "on", "interfaces": [3, {}]}
    found = snmp.parse(data)
    assert (found.up, found.system.name, found.printer, found.ups) == (None, None, None, None)
    assert len(found.interfaces) == 1 and found.interfaces[0].name is None
    assert snmp.figures(data) == {}


# -- probe -----------------------------------------------------------------------------------


def test_probe_reads_what_the_probe_writes() -> None:
    result = ProbeResult("erp", "external", "http", "https://erp/", sent=4, received=3)
    result.latencies_ms = [10.0, 12.0, 14.0]
    result.status = 200
    data = result.to_json()
    found = probe.parse(data)
    assert (found.name, found.role, found.probe, found.target) == (
        "erp",
        "external",
        "http",
        "https://erp/",
    )
    assert (found.up, found.sent, found.received, found.status) == (True, 4, 3, 200)
    assert (found.loss_percent, found.latency_ms, found.jitter_ms) == (25.0, 12.0, 2.0)
    assert probe.figures(data) == {"up": 1.0, "latency_ms": 12.0, "loss_percent": 25.0}


def test_probe_missing_and_mistyped() -> None:
    assert probe.parse({}).up is None and not probe.parse({}).down
    data = {"up": 0, "loss_percent": True, "latency_ms": None, "sent": 4.0}
    found = probe.parse(data)
    assert (found.up, found.loss_percent, found.sent) == (None, None, None)
    assert probe.figures(data) == {"up": 0.0}, "an availability sent as a number is kept"
    assert probe.figures({"latency_ms": 0.0, "elapsed_ms": 9.0}) == {"latency_ms": 0.0}


# -- outage ----------------------------------------------------------------------------------


def test_outage_reads_the_uplink_report() -> None:
    gateway = ProbeResult("router", "gateway", "ping", "192.168.1.1", sent=2, received=2)
    external = ProbeResult("google", "external", "ping", "8.8.8.8", sent=2, received=0)
    events = [{"event": "internet_down", "targets": ["google"]}]
    data = uplink_data([gateway, external], Classification("internet_down"), events)
    found = outage.parse(data)
    assert (found.state, found.gateway_up, found.external_up, found.external_total) == (
        "internet_down",
        True,
        0,
        1,
    )
    assert (found.loss_percent, found.latency_ms) == (100.0, None)
    assert found.events == (outage.Event("internet_down", None, ("google",), None, None),)
    assert outage.figures(data) == {"up": 0.0, "loss_percent": 100.0}


@pytest.mark.parametrize(
    ("state", "up"),
    [("ok", 1.0), ("lan_down", 0.0), ("internet_down", 0.0), ("unknown", None), (None, None)],
)
def test_outage_up_follows_the_state(state: str | None, up: float | None) -> None:
    assert outage.parse({"state": state}).up_figure == up
    assert outage.figures({"state": state}).get("up") == up


def test_outage_mistyped() -> None:
    found = outage.parse({"state": 1, "events": "x", "down_targets": [1, "erp"]})
    assert (found.state, found.events, found.down_targets) == (None, (), ("erp",))
    assert outage.figures({"state": True, "latency_ms": "12"}) == {}


# -- backup ----------------------------------------------------------------------------------


def test_backup_reads_a_run_report() -> None:
    data = {
        "label": "staff-2026",
        "status": "FAILED",
        "error": "disk full",
        "created": "2025-01-15T02:00:00+00:00",
        "archive": None,
        "archive_bytes": 1024,
        "offsite_receipt": {"files": [{"name": "a.age", "size": 10, "sha256": "ab"}, "x"]},
    }
    found = backup.parse(data)
    assert (found.label, found.failed, found.error, found.archive) == (
        "staff-2026",
        True,
        "disk full",
        None,
    )
    assert found.created == "2025-01-15T02:00:00+00:00" and found.archive_bytes == 1024
    assert found.receipt == (backup.ReceiptFile("a.age", 10, "ab"),)
    assert backup.figures(data) == {}


def test_backup_missing_and_mistyped() -> None:
    found = backup.parse({"status": "OK", "offsite_receipt": "lost", "archive_bytes": True})
    assert (found.failed, found.receipt, found.archive_bytes, found.created) == (
        False,
        (),
        None,
        None,
    )


# -- the registry ----------------------------------------------------------------------------


def test_every_kind_the_agent_sends_has_a_home() -> None:
    assert set(kinds.KINDS) == {
        "health",
        "facts",
        "snmp",
        "probe",
        "outage",
        "backup",
        "steer",
        "smart",
        "posture",
        "software",
    }
    for name, kind in kinds.KINDS.items():
        assert kind.name == name
        assert kinds.figures(name, {}) == {}
        assert kinds.parse(name, {}) is not None
    assert kinds.figures("thermostat", {"up": True}) == {}
    assert kinds.parse("thermostat", {}) is None
    assert kinds.figures("health", HEALTH) == health.figures(HEALTH)
    assert isinstance(kinds.parse("snmp", SNMP), snmp.Snmp)


def test_rolled_figures_take_only_whole_buckets() -> None:
    bucket = {"min": 1, "max": 3.0, "sum": 4, "count": 2}
    assert rolled_figures({"figures": {"up": bucket}}) == {
        "up": {"min": 1.0, "max": 3.0, "sum": 4.0, "count": 2.0}
    }
    assert rolled_figures({"figures": {"up": {**bucket, "count": True}}}) is None
    assert rolled_figures({"figures": {"up": "x"}}) is None
    assert rolled_figures({"figures": {}}) is None and rolled_figures({}) is None


# -- every reader agrees ---------------------------------------------------------------------


def test_roll_up_store_alerts_and_rows_agree_on_one_report(hub: Config) -> None:
    data = {**HEALTH, "cpu": {"percent": 95.0}, "memory": {"percent": True}}
    report = Report("r-1", "agent-1", "health", HOST, T0, data)
    expected = {"cpu_percent": 95.0, "disk_percent": 93.5}  # a boolean percent is no figure
    assert kinds.figures("health", data) == expected

    (rolled,) = roll_up("agent-1", "s", [report.to_json()])
    assert {k: v["sum"] for k, v in rolled["data"]["figures"].items()} == expected

    layout = Layout(hub.hub_dir)
    devices.apply_reports(layout, [report])
    store = Store(layout)
    store.apply([report])
    (row,) = store.overview()
    assert (row.cpu_percent, row.memory_percent, row.disk_percent) == (95.0, None, 93.5)
    points = history.series(layout, HOST, "health", "disk_percent", T0, T0 + timedelta(hours=1))
    assert [p.max for p in points] == [93.5]

    latest = store.latest()
    found = alerts.find_conditions(latest, devices.list_devices(layout), AlertSettings(), T0)
    disk = found.conditions[f"disk_full:{HOST}"]
    assert (disk.value, disk.detail) == (93.5, "/home")

    assert health_of(latest[HOST]) == "busy"
    quiet = {**data, "cpu": {"percent": True}, "disks": [{"percent": 10}]}
    assert health_of({"health": {"ts": format_ts(T0), "data": quiet}}) == "ok"


def test_roll_up_and_history_agree_on_up(hub: Config) -> None:
    reports = [
        Report(f"p-{n}", "agent-1", "probe", "probe:erp", T0 + timedelta(minutes=n), {"up": up})
        for n, up in enumerate((True, False, True, True))
    ]
    (rolled,) = roll_up("agent-1", "s", [r.to_json() for r in reports])
    assert rolled["data"]["figures"]["up"] == {"min": 0.0, "max": 1.0, "sum": 3.0, "count": 4}
    layout = Layout(hub.hub_dir)
    Store(layout).apply(reports)
    points = history.series(layout, "probe:erp", "probe", "up", T0, T0 + timedelta(hours=1))
    assert [p.avg for p in points] == [1.0, 0.0, 1.0, 1.0]
