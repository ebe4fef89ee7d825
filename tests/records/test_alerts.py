"""Must show 3: alert rules, including internet-down suppression and recovery."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from foundation.wire import Report
from inventory.records import alerts, devices
from inventory.settings.records import AlertSettings
from inventory.store.layout import Layout
from inventory.store.store import Store
from tui.config import TuiConfig as Config

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
SETTINGS = AlertSettings()
_ids = itertools.count()


def report(kind: str, device: str, ts: datetime, data: dict[str, Any]) -> Report:
    return Report(f"r-{next(_ids)}", "agent-1", kind, device, ts, data)


def feed(layout: Layout, *reports: Report) -> None:
    devices.apply_reports(layout, reports)
    Store(layout).apply(reports)


def probe(name: str, role: str, up: bool) -> dict[str, Any]:
    return {"name": name, "role": role, "kind": "ping", "target": name, "up": up}


def probe_round(layout: Layout, ts: datetime, state: str, gateway: bool, external: bool) -> None:
    feed(
        layout,
        report("probe", "probe:gateway", ts, probe("gateway", "gateway", gateway)),
        report("probe", "probe:e-mongolia", ts, probe("e-mongolia", "external", external)),
        report("probe", "probe:google", ts, probe("google", "external", external)),
        report("probe", "probe:erp", ts, probe("erp", "external", external)),
        report("outage", "probe:uplink", ts, {"state": state}),
    )


def states(layout: Layout) -> dict[str, str]:
    return {a.id: a.state for a in alerts.all_alerts(layout)}


def test_internet_down_is_one_alert_then_recovers(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    probe_round(layout, T0, "ok", True, True)
    assert alerts.evaluate(layout, SETTINGS, T0) == []
    assert states(layout) == {}

    down = T0 + timedelta(minutes=1)
    probe_round(layout, down, "internet_down", True, False)
    alerts.evaluate(layout, SETTINGS, down)
    assert states(layout)["internet_down:probe:uplink"] == "pending"  # not 10 minutes yet
    assert alerts.open_alerts(layout) == []

    later = down + timedelta(minutes=11)
    probe_round(layout, later, "internet_down", True, False)
    alerts.evaluate(layout, SETTINGS, later)
    shown = alerts.open_alerts(layout)
    assert [a.id for a in shown] == ["internet_down:probe:uplink"], "one alert, not one per target"
    assert shown[0].since == down
    assert shown[0].title("mn") == "интернэт холболт тасарсан"
    suppressed = {
        a.id: a.suppressed_by for a in alerts.all_alerts(layout) if a.state == "suppressed"
    }
    assert suppressed == {
        f"device_down:probe:{n}": "internet_down:probe:uplink"
        for n in ("e-mongolia", "google", "erp")
    }

    back = later + timedelta(minutes=30)
    probe_round(layout, back, "ok", True, True)
    changes = alerts.evaluate(layout, SETTINGS, back)
    assert alerts.Change("internet_down:probe:uplink", "active", "resolved") in changes
    assert alerts.open_alerts(layout, include_suppressed=True) == []
    (resolved,) = [a for a in alerts.all_alerts(layout) if a.rule == "internet_down"]
    assert resolved.since == down and resolved.resolved_at == back


def test_one_external_target_down_alone_is_its_own_alert(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    ts = T0
    feed(
        layout,
        report("probe", "probe:erp", ts, probe("erp", "external", False)),
        report("probe", "probe:google", ts, probe("google", "external", True)),
        report("outage", "probe:uplink", ts, {"state": "ok"}),
    )
    alerts.evaluate(layout, SETTINGS, ts)
    alerts.evaluate(layout, SETTINGS, ts + timedelta(minutes=10))
    assert [a.id for a in alerts.open_alerts(layout)] == ["device_down:probe:erp"]


def test_short_outage_never_becomes_an_alert(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    probe_round(layout, T0, "internet_down", True, False)
    alerts.evaluate(layout, SETTINGS, T0)
    probe_round(layout, T0 + timedelta(minutes=3), "ok", True, True)
    alerts.evaluate(layout, SETTINGS, T0 + timedelta(minutes=3))
    assert alerts.all_alerts(layout) == []


def test_lan_down_suppresses_devices_behind_the_router(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    ts = T0
    probe_round(layout, ts, "lan_down", False, False)
    feed(
        layout,
        report("snmp", "snmp:10.0.0.2", ts, {"up": False, "status": "unreachable"}),
    )
    alerts.evaluate(layout, SETTINGS, ts)
    alerts.evaluate(layout, SETTINGS, ts + timedelta(minutes=15))
    assert [a.id for a in alerts.open_alerts(layout)] == ["lan_down:probe:uplink"]
    assert all(
        a.suppressed_by == "lan_down:probe:uplink"
        for a in alerts.all_alerts(layout)
        if a.rule == "device_down"
    )


def health(disk: float) -> dict[str, Any]:
    return {"hostname": "pc-1", "disks": [{"mount": "C:\\", "percent": disk}]}


def test_disk_toner_ups_thresholds(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    printer = {
        "up": True,
        "name": "HP",
        "printer": {
            "supplies": [
                {"index": 1, "descr": "Black Toner", "level": 5, "max_capacity": 100},
                {"index": 2, "descr": "Waste", "level": 1, "max_capacity": 100, "receptacle": True},
                {"index": 3, "descr": "Cyan", "level": -3, "max_capacity": 100},
                {"index": 4, "descr": "Magenta", "level": 50, "max_capacity": 100},
            ]
        },
    }
    ups = {"up": True, "name": "APC", "ups": {"on_battery": True, "minutes_remaining": 42}}
    feed(
        layout,
        report("health", "host:a", T0, health(91.5)),
        report("health", "host:b", T0, health(90.0)),
        report("snmp", "snmp:10.0.0.9", T0, printer),
        report("snmp", "snmp:10.0.0.8", T0, ups),
    )
    alerts.evaluate(layout, SETTINGS, T0)
    shown = {a.id: a for a in alerts.open_alerts(layout)}
    assert sorted(shown) == [
        "disk_full:host:a",
        "toner_low:snmp:10.0.0.9#1",
        "ups_on_battery:snmp:10.0.0.8",
    ]
    assert shown["disk_full:host:a"].title("en") == "pc-1: disk C:\\ 92 % full (limit 90 %)"
    assert "Black Toner" in shown["toner_low:snmp:10.0.0.9#1"].title("mn")
    # thresholds come from configuration
    alerts.evaluate(layout, AlertSettings(disk_percent=95, toner_percent=4), T0)
    assert [a.id for a in alerts.open_alerts(layout)] == ["ups_on_battery:snmp:10.0.0.8"]


def test_switch_down_suppresses_what_hangs_off_it(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    feed(
        layout,
        report("snmp", "snmp:10.0.0.2", T0, {"up": True, "name": "switch-1"}),
        report("health", "host:pc1", T0, health(10)),
        report("health", "host:pc2", T0, health(10)),
    )
    for pc in ("host:pc1", "host:pc2"):
        devices.edit_device(layout, pc, {"connected_to": "snmp:10.0.0.2"}, "officer")
    later = T0 + timedelta(hours=30)
    feed(
        layout,
        report("snmp", "snmp:10.0.0.2", T0 + timedelta(hours=5), {"up": False, "status": "down"}),
        report("health", "host:pc3", later, health(10)),
    )
    alerts.evaluate(layout, SETTINGS, T0 + timedelta(hours=5))
    alerts.evaluate(layout, SETTINGS, later)
    shown = [a.id for a in alerts.open_alerts(layout)]
    assert shown == ["device_down:snmp:10.0.0.2"]
    hidden = {a.id: a.suppressed_by for a in alerts.all_alerts(layout) if a.state == "suppressed"}
    assert hidden == {
        "agent_silent:host:pc1": "device_down:snmp:10.0.0.2",
        "agent_silent:host:pc2": "device_down:snmp:10.0.0.2",
    }
    # the switch comes back but the PCs stay silent: now they are alerts of their own
    feed(layout, report("snmp", "snmp:10.0.0.2", later, {"up": True, "name": "switch-1"}))
    alerts.evaluate(layout, SETTINGS, later + timedelta(minutes=1))
    assert sorted(a.id for a in alerts.open_alerts(layout)) == [
        "agent_silent:host:pc1",
        "agent_silent:host:pc2",
    ]


def test_agent_silent_and_archive_overdue(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    feed(
        layout,
        report("health", "host:a", T0, health(10)),
        report(
            "backup",
            "host:a",
            T0,
            {"label": "personnel-2025", "created": (T0 - timedelta(days=365)).isoformat()},
        ),
    )
    alerts.evaluate(layout, SETTINGS, T0 + timedelta(hours=23))
    assert alerts.open_alerts(layout) == []
    alerts.evaluate(layout, SETTINGS, T0 + timedelta(hours=25))
    shown = {a.id: a for a in alerts.open_alerts(layout)}
    assert sorted(shown) == ["agent_silent:host:a", "archive_overdue:host:a"]
    assert shown["agent_silent:host:a"].title("en") == "pc-1: no report for 25 hours"
    assert shown["agent_silent:host:a"].since == T0 + timedelta(hours=24)
    feed(layout, report("health", "host:a", T0 + timedelta(hours=26), health(10)))
    alerts.evaluate(layout, SETTINGS, T0 + timedelta(hours=26))
    assert [a.id for a in alerts.open_alerts(layout)] == ["archive_overdue:host:a"]


def test_evaluation_without_change_does_not_rewrite(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    feed(layout, report("health", "host:a", T0, health(99)))
    alerts.evaluate(layout, SETTINGS, T0)
    stamp = layout.alerts.stat().st_mtime_ns
    layout.alerts.touch()
    mtime = layout.alerts.stat().st_mtime_ns
    assert alerts.evaluate(layout, SETTINGS, T0 + timedelta(seconds=5)) == []
    assert layout.alerts.stat().st_mtime_ns == mtime and mtime >= stamp


def test_a_device_is_named_by_name_and_asset_tag_never_by_key(
    hub: Config, cli_env: dict[str, str]
) -> None:
    """Issue 12 point 8: the name configured for an SNMP device reaches its record, even
    when the device never answered; alerts, the period report and the commands' text name
    it by that name and its asset tag, never `snmp:127.0.0.1:27162`."""
    import subprocess

    from inventory.records import maintenance
    from inventory.reports import periodreport
    from inventory.reports.period import parse_period
    from tests.conftest import venv_command

    layout = Layout(hub.hub_dir)
    key = "snmp:127.0.0.1:27162"
    down = {"up": False, "status": "down", "error": "timeout", "name": "Лазер принтер"}
    feed(layout, report("snmp", key, T0, {**down, "address": "127.0.0.1"}))
    assert devices.get_device(layout, key)["name"] == "Лазер принтер"
    devices.edit_device(layout, key, {"asset_tag": "A-17"}, "bolor")
    maintenance.add_entry(
        layout,
        {"device": key, "date": "2026-11-02", "kind": "repair", "description": "Хор солив"},
        "bolor",
    )
    alerts.evaluate(layout, SETTINGS, T0)
    alerts.evaluate(layout, SETTINGS, T0 + timedelta(minutes=15))
    (alert,) = alerts.open_alerts(layout)
    assert alert.title("en") == "Лазер принтер (A-17) is down"
    made = T0 + timedelta(minutes=15)
    text = periodreport.make(hub, parse_period("2026-11"), "text", "en", made).decode()
    assert re.search(r"Лазер принтер \(A-17\) +0\.0 %", text), text
    assert re.search(r"2026-11-02 +Лазер принтер +A-17 +repair +Хор солив", text), text
    assert "snmp:" not in text
    env = {**cli_env, "SOUMNET_LANG": "en"}
    for command in (["alerts"], ["maintenance", "list"], ["network"]):
        done = subprocess.run(
            [venv_command("soumnet-hub"), *command], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert "Лазер принтер (A-17)" in done.stdout and "snmp:" not in done.stdout, command


def test_a_switch_entered_by_hand_suppresses_through_its_polled_alias(hub: Config) -> None:
    """`connected_to` names the record (e.g. the switch entered by hand, into which its
    polled record was merged); the switch's alert is raised under its report key."""
    from inventory.records.merge import merge_devices

    layout = Layout(hub.hub_dir)
    switch = devices.add_device(layout, {"name": "Гол свич", "asset_tag": "SW-1"}, "officer")
    feed(
        layout,
        report("snmp", "snmp:10.0.0.2", T0, {"up": True, "name": "switch-1"}),
        report("snmp", "snmp:10.0.0.9", T0, {"up": True, "name": "Принтер"}),
    )
    devices.edit_device(layout, "snmp:10.0.0.9", {"connected_to": "snmp:10.0.0.2"}, "officer")
    merge_devices(layout, switch, "snmp:10.0.0.2", "officer")
    assert devices.get_device(layout, "snmp:10.0.0.9")["connected_to"] == switch
    down = T0 + timedelta(hours=1)
    feed(
        layout,
        report("snmp", "snmp:10.0.0.2", down, {"up": False, "status": "down"}),
        report("snmp", "snmp:10.0.0.9", down, {"up": False, "status": "down"}),
    )
    alerts.evaluate(layout, SETTINGS, down)
    alerts.evaluate(layout, SETTINGS, down + timedelta(minutes=15))
    assert [a.title("en") for a in alerts.open_alerts(layout)] == ["Гол свич (SW-1) is down"]
    hidden = {a.id: a.suppressed_by for a in alerts.all_alerts(layout) if a.state == "suppressed"}
    assert hidden == {"device_down:snmp:10.0.0.9": "device_down:snmp:10.0.0.2"}
