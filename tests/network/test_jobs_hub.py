"""The network jobs end to end: agent service → outbox → local hub → store → network view."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agent.jobs.network import network_jobs
from agent.service.loop import Agent
from foundation.wire import Report
from inventory.intake.serve import drain
from inventory.store.layout import Layout
from inventory.store.store import Store
from inventory.views.network import NetworkView
from tests.conftest import write_config
from tests.network import peers
from tui.config import TuiConfig as Config
from tui.config import load

pytestmark = pytest.mark.integration


def _config(folder: Path, sim: peers.Peer, snmpd: peers.Peer, gateway_port: int) -> Config:
    dead = peers.free_udp_port()
    closed = peers.free_tcp_port()
    extra = f"""
[snmp]
interval_seconds = 60
timeout_seconds = 0.5
retries = 1

[[snmp.devices]]
address = "127.0.0.1"
port = {sim.port}
community = "printer"
name = "Printer, accounting"

[[snmp.devices]]
address = "127.0.0.1"
port = {sim.more_ports[0]}
community = "ups"

[[snmp.devices]]
address = "127.0.0.1"
port = {snmpd.port}
version = "3"
user = "{peers.V3_USER}"
auth_key = "{peers.V3_AUTH}"
priv_key = "{peers.V3_PRIV}"
name = "hub itself"

[[snmp.devices]]
address = "127.0.0.1"
port = {dead}
name = "switch in the cellar"

[probes]
count = 1
timeout_seconds = 0.5

[[probes.targets]]
name = "router"
role = "gateway"
kind = "tcp"
host = "127.0.0.1"
port = {gateway_port}

[[probes.targets]]
name = "E-Mongolia"
role = "external"
kind = "tcp"
host = "127.0.0.1"
port = {closed}
"""
    config = load(write_config(folder, extra))
    Layout(config.hub_dir).init()
    return config


def test_agent_polls_probes_and_the_hub_shows_it(
    tmp_path: Path, sim: peers.Peer, snmpd_peer: peers.Peer
) -> None:
    import socket

    gateway = socket.socket()
    gateway.bind(("127.0.0.1", 0))
    gateway.listen(8)
    try:
        config = _config(tmp_path / "site", sim, snmpd_peer, gateway.getsockname()[1])
        assert len(config.snmp.devices) == 4 and config.snmp.devices[2].version == "3"
        # the service: both jobs run, their reports go through the outbox to the hub
        agent = Agent(config, log=lambda line: None)
        assert agent.run(once=True) == 0
    finally:
        gateway.close()
    layout = Layout(config.hub_dir)
    store = Store(layout)
    assert drain(layout, store, log=lambda line: None) >= 1
    # two more polls by one job (as the service loop runs it): interface rates
    (snmp_job,) = [j for j in network_jobs(config) if j.name == "snmp"]
    store.apply(snmp_job.run())
    second = snmp_job.run()
    assert {r.kind for r in second} == {"snmp"}
    assert {r.device for r in second} == {
        f"snmp:127.0.0.1:{p}" for p in (sim.port, sim.more_ports[0], snmpd_peer.port)
    } | {next(r.device for r in second if not r.data["up"])}
    store.apply(second)

    view = NetworkView(store, supply_low_percent=15.0)
    devices = {d.name: d for d in view.devices()}
    assert len(devices) == 4
    assert {"Printer, accounting", "hub itself", "switch in the cellar"} <= set(devices)
    printer = devices["Printer, accounting"]
    assert printer.status == "up" and printer.pages == 48213
    low = {s.descr for s in printer.supplies if s.low}
    assert low == {"Yellow Toner Cartridge"}
    cellar = devices["switch in the cellar"]
    assert cellar.status == "down" and cellar.error
    assert cellar.since is not None and cellar.since <= cellar.ts
    hub_itself = devices["hub itself"]
    assert hub_itself.status == "up" and hub_itself.interfaces
    lo = next(i for i in hub_itself.interfaces if i.name == "lo")
    assert lo.oper == "up" and lo.in_bps is not None  # second poll: rates
    ups = next(d for d in devices.values() if d.ups)
    assert ups.ups is not None and ups.ups["battery_status"] == "normal"

    now = datetime.now(UTC)
    state = view.uplink_state()
    assert state is not None and state["state"] == "internet_down"
    events = view.uplink_events(now - timedelta(hours=1), now + timedelta(hours=1))
    assert [e["event"] for e in events] == ["internet_down"]
    hours = view.uplink_hours(now - timedelta(hours=2), now + timedelta(hours=1))
    assert sum(h.samples for h in hours) == 1
    assert all(h.loss_percent == 100.0 for h in hours)
    assert sum(h.internet_down_samples for h in hours) == 1


def test_since_follows_status_changes(tmp_path: Path) -> None:
    layout = Layout(tmp_path / "hub")
    layout.init()
    store = Store(layout)
    start = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)

    def report(n: int, minutes: int, up: bool) -> Report:
        data = {"up": up, "status": "up" if up else "down", "name": "sw"}
        if up:
            data["system"] = {"name": "sw", "descr": "switch", "uptime_ticks": 100 * n}
        ts = start + timedelta(minutes=minutes)
        return Report(f"r{n}", "a", "snmp", "snmp:10.0.0.2", ts, json.loads(json.dumps(data)))

    store.apply([report(1, 0, True), report(2, 5, True), report(3, 10, False)])
    store.apply([report(4, 60 * 24, False), report(5, 60 * 24 + 5, False)])
    (device,) = NetworkView(store).devices()
    assert device.status == "down"
    assert device.since == start + timedelta(minutes=10)
    store.apply([report(6, 60 * 25, True)])
    (device,) = NetworkView(store).devices()
    assert device.status == "up" and device.since == start + timedelta(minutes=60 * 25)


def test_hub_commands_show_devices_and_uplink_history(tmp_path: Path) -> None:
    import os
    import subprocess

    from tests.conftest import venv_command

    config = load(write_config(tmp_path / "site"))
    layout = Layout(config.hub_dir)
    layout.init()
    store = Store(layout)
    now = datetime.now(UTC).replace(microsecond=0)
    printer = {
        "up": True,
        "status": "up",
        "name": "Printer",
        "system": {"name": "prn", "descr": "printer", "uptime_ticks": 1},
        "printer": {
            "pages": 10,
            "supplies": [
                {"descr": "Black", "type": "toner", "percent": 9.0, "state": "ok"},
                {"descr": "Cyan", "type": "toner", "percent": None, "state": "some"},
            ],
        },
    }
    hour_ago = now - timedelta(hours=1)
    uplink = [
        Report("u1", "a", "outage", "probe:uplink", hour_ago, {
            "state": "ok", "loss_percent": 0.0, "latency_ms": 40.0, "events": []}),
        Report("u2", "a", "outage", "probe:uplink", now, {
            "state": "internet_down", "loss_percent": 100.0, "latency_ms": None,
            "events": [{"event": "internet_down", "targets": ["portal"]}]}),
    ]  # fmt: skip
    switch = {"up": False, "status": "down", "name": "Switch", "address": "10.0.0.3",
              "error": "no answer within 2 s", "error_kind": "timeout"}  # fmt: skip
    store.apply([Report("p1", "a", "snmp", "snmp:10.0.0.9", now, printer), *uplink])
    store.apply([Report("s1", "a", "snmp", "snmp:10.0.0.3", now, switch)])
    env = dict(os.environ, SOUMNET_CONFIG=str(config.path), SOUMNET_LANG="en")
    hub = venv_command("soumnet-hub")

    shown = subprocess.run([hub, "network"], capture_output=True, text=True, env=env)
    assert shown.returncode == 0, shown.stderr
    assert "uplink: internet down, loss 100%" in shown.stdout
    assert "no answer (device off" in shown.stdout
    # The same in Mongolian: states and reasons in words, not the stored codes.
    mn = subprocess.run(
        [hub, "network"], capture_output=True, text=True, env={**env, "SOUMNET_LANG": "mn"}
    )
    assert "гадаад холболт: интернэт тасарсан, алдагдал 100%" in mn.stdout
    assert "унтарсан" in mn.stdout and "ажиллаж байна" in mn.stdout
    assert "хариу өгсөнгүй" in mn.stdout
    for english in ("internet_down", "within", " down ", " up "):
        assert english not in mn.stdout, english
    events = subprocess.run(
        [hub, "uplink", "--days", "1"],
        capture_output=True,
        text=True,
        env={**env, "SOUMNET_LANG": "mn"},
    )
    assert "интернэт тасарсан" in events.stdout and "internet_down" not in events.stdout
    assert "Printer" in shown.stdout and "low: Black 9%" in shown.stdout
    assert "Cyan" not in shown.stdout

    history = subprocess.run(
        [hub, "uplink", "--days", "1", "--json"], capture_output=True, text=True, env=env
    )
    assert history.returncode == 0, history.stderr
    found = json.loads(history.stdout)
    assert [h["loss_percent"] for h in found["hours"]] == [0.0, 100.0]
    assert [e["event"] for e in found["events"]] == ["internet_down"]

    bad = subprocess.run([hub, "uplink", "--days", "0"], capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_a_polled_switch_meets_its_record_and_is_merged_into_it(
    tmp_path: Path, sim: peers.Peer
) -> None:
    """Issue 12 point 7 with a real poll: the switch a person entered (its IP address) and
    the switch the agent polls are flagged as one, merged by the IT officer, and later polls
    land on the kept record; it is named as the person named it (point 8)."""
    from inventory.records import devices
    from inventory.records.merge import merge_devices

    extra = f"""
[[snmp.devices]]
address = "127.0.0.1"
port = {sim.port}
community = "switch"
name = "Core switch"
"""
    config = load(write_config(tmp_path / "site", extra))
    layout = Layout(config.hub_dir)
    layout.init()
    store = Store(layout)
    keep = devices.add_device(
        layout, {"name": "Гол свич", "asset_tag": "SW-1", "ip": "127.0.0.1"}, "bolor"
    )
    (snmp_job,) = [j for j in network_jobs(config) if j.name == "snmp"]

    def poll() -> None:
        reports = snmp_job.run()
        assert [r.data["up"] for r in reports] == [True]
        with layout.write_lock():
            devices.apply_reports(layout, reports)
            store.apply(reports)

    poll()
    polled = f"snmp:127.0.0.1:{sim.port}"
    found = {d["key"]: d for d in devices.list_devices(layout)}
    assert sorted(found) == [keep, polled], "entered and polled: two records, not merged"
    assert found[polled]["name"] == "Core switch" and found[polled]["macs"]
    assert found[polled]["duplicates"] == [keep] and found[keep]["duplicates"] == [polled]

    merge_devices(layout, keep, polled, "bolor")
    poll()
    (record,) = devices.list_devices(layout)
    assert record["key"] == keep and record["aliases"] == [polled]
    assert record["macs"] == found[polled]["macs"] and not record.get("duplicates")
    (device,) = NetworkView(store).devices()
    assert device.key == polled and device.name == "Гол свич (SW-1)"
    assert len(list(store.samples(polled))) == 2
