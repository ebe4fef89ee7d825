"""SNMP polling against real peers: net-snmp `snmpd` and `snmpsim` with recordings of real
devices (a D-Link switch, a Vyatta router, a Phoenixtec UPS) and a printer in RFC 3805's shape.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from agent.collectors.snmp import oids
from agent.collectors.snmp.parse import device_data, rates
from agent.collectors.snmp.plan import PollLimits, Target
from agent.collectors.snmp.poller import PollResult, poll
from tests.network import peers

pytestmark = pytest.mark.integration

# Values that move between two reads of a live agent: compared for "not less", not equality.
MOVING_COLUMNS = {"10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21"}


def _one(target: Target, sections: tuple[str, ...] = oids.ALL_SECTIONS) -> PollResult:
    (result,) = poll([target], sections)
    assert result.up, result.error
    return result


def test_system_and_iftable_equal_snmpbulkwalk(snmpd_peer: peers.Peer, snmpbulkwalk: str) -> None:
    roots = ("1.3.6.1.2.1.1", oids.IF_ENTRY)
    expected = peers.walk_many(snmpbulkwalk, snmpd_peer.port, "public", roots)
    result = _one(Target("127.0.0.1", snmpd_peer.port), ("system", "interfaces"))
    system_oids = [o for o in expected if o in oids.SYSTEM_SCALARS]
    if_oids = [o for o in expected if o.startswith(oids.IF_ENTRY + ".")]
    assert len(system_oids) == 6 and len(if_oids) >= 20
    for oid in system_oids + if_oids:
        got, want = result.values[oid], expected[oid]
        column = oid[len(oids.IF_ENTRY) + 1 :].split(".")[0] if oid in if_oids else ""
        if oid == oids.SYS_UPTIME or column in MOVING_COLUMNS:
            assert isinstance(got, int) and isinstance(want, int) and got >= want, oid
        else:
            assert got == want, oid
    data = device_data(result.values)
    assert data["system"]["location"] == "Server room"
    assert data["system"]["contact"] == "it@soum.example"
    assert data["system"]["object_id"] == expected[oids.SYS_OBJECT_ID]
    names = {i["descr"] for i in data["interfaces"]}
    assert "lo" in names
    lo = next(i for i in data["interfaces"] if i["descr"] == "lo")
    assert lo["oper"] == "up" and lo["counter_bits"] == 64


def test_recordings_of_a_switch_a_router_and_a_ups(sim: peers.Peer, snmpbulkwalk: str) -> None:
    targets = [Target("127.0.0.1", sim.port, community=c) for c in ("switch", "router", "ups")]
    switch, router, ups = (device_data(r.values) for r in poll(targets))

    walked = peers.snmpbulkwalk(snmpbulkwalk, sim.port, "switch", oids.IFX_ENTRY)
    assert switch["system"]["descr"] == "D-Link DES-3028 Fast Ethernet Switch"
    assert len(switch["interfaces"]) == 32
    port1 = switch["interfaces"][0]
    assert port1["counter_bits"] == 64
    assert port1["in_octets"] == walked[f"{oids.IFX_ENTRY}.6.1"]
    assert port1["out_octets"] == walked[f"{oids.IFX_ENTRY}.10.1"]
    assert {i["oper"] for i in switch["interfaces"]} <= {"up", "down", "notPresent"}

    assert router["system"]["name"] == "DUMSYS-37"
    assert len(router["interfaces"]) == 24
    assert router["host"]["storage"] and router["host"]["cpu_loads"]

    power = ups["ups"]
    assert power["battery_status"] == "normal"
    assert power["charge_percent"] == 100
    assert power["battery_voltage"] == 41.0
    assert power["temperature_c"] == 31
    assert power["output_source"] == "normal" and power["on_battery"] is False


def test_rates_from_two_polls(sim: peers.Peer) -> None:
    first = _one(Target("127.0.0.1", sim.port, community="switch"), ("system", "interfaces"))
    later = _one(Target("127.0.0.1", sim.port, community="switch-later"), ("system", "interfaces"))
    got = rates(device_data(first.values), device_data(later.values), wall_seconds=0.5)
    assert got["rebooted"] is False
    assert got["interval_seconds"] == 60.0  # from sysUpTime, not the wall clock
    assert len(got["interfaces"]) == 32
    for row in got["interfaces"].values():
        assert row["in_bps"] == 1_000_000.0
        assert row["out_bps"] == 500_000.0
        assert row["in_errors"] == 0

    rebooted = _one(
        Target("127.0.0.1", sim.port, community="switch-rebooted"), ("system", "interfaces")
    )
    after = rates(device_data(first.values), device_data(rebooted.values), wall_seconds=60)
    assert after["rebooted"] is True and after["interfaces"] == {}


def test_printer_supplies_and_page_counter(sim: peers.Peer) -> None:
    data = device_data(_one(Target("127.0.0.1", sim.port, community="printer")).values)
    supplies: dict[str, dict[str, Any]] = {s["descr"]: s for s in data["printer"]["supplies"]}
    assert data["printer"]["pages"] == 48213
    black = supplies["Black Toner Cartridge HP 59A"]
    assert (black["percent"], black["state"], black["type"]) == (20.0, "ok", "tonerCartridge")
    assert supplies["Yellow Toner Cartridge"]["percent"] == 2.5
    assert (
        supplies["Cyan Toner Cartridge"]["percent"],
        supplies["Cyan Toner Cartridge"]["state"],
    ) == (None, "some")
    assert supplies["Magenta Toner Cartridge"]["state"] == "unknown"
    assert supplies["Imaging Drum"]["state"] == "unlimited"
    assert supplies["Spare cartridge (unknown capacity)"]["state"] == "unknown"
    waste = supplies["Waste Toner Box"]
    assert waste["receptacle"] is True and waste["percent"] == 75.0


def test_v3_authpriv_sha_aes(snmpd_peer: peers.Peer) -> None:
    target = Target(
        "127.0.0.1",
        snmpd_peer.port,
        version="3",
        user=peers.V3_USER,
        auth_key=peers.V3_AUTH,
        priv_key=peers.V3_PRIV,
    )
    data = device_data(_one(target, ("system", "interfaces")).values)
    assert data["system"]["location"] == "Server room"
    assert data["interfaces"]


@pytest.mark.parametrize(
    ("user", "auth", "priv"),
    [
        (peers.V3_USER, "wrong-auth-pass", peers.V3_PRIV),
        ("nobody-here", peers.V3_AUTH, peers.V3_PRIV),
    ],
)
def test_v3_wrong_credentials_fail_clearly(
    snmpd_peer: peers.Peer, user: str, auth: str, priv: str
) -> None:
    target = Target(
        "127.0.0.1", snmpd_peer.port, version="3", user=user, auth_key=auth, priv_key=priv
    )
    target = Target(**{**target.__dict__, "timeout": 0.5, "retries": 1})
    (result,) = poll([target], ("system",))
    assert not result.up
    assert result.error_kind == "auth", result.error
    assert result.error
    # an answer, not a wait for the timeout
    assert result.elapsed < target.timeout * (target.retries + 1)


def test_dead_device_is_down_and_delays_no_one(sim: peers.Peer, snmpd_peer: peers.Peer) -> None:
    dead_port = peers.free_udp_port()
    targets = [
        Target("127.0.0.1", dead_port, timeout=1.0, retries=1),
        Target("127.0.0.1", sim.port, community="switch"),
        Target("127.0.0.1", snmpd_peer.port),
        Target("127.0.0.1", sim.port, community="ups"),
    ]
    results = poll(targets, limits=PollLimits(concurrency=8))
    dead, *alive = results
    assert not dead.up and dead.error_kind == "timeout"
    assert all(r.up for r in alive)
    # marked down once its attempts ran out (pysnmp's timer ticks add a little)...
    assert dead.elapsed < 1.0 * (1 + 1) * 1.5
    # ...while the others finished on their own time, not after it
    assert max(r.elapsed for r in alive) < dead.elapsed


def test_wrong_community_is_a_timeout_not_a_hang(sim: peers.Peer) -> None:
    (result,) = poll([Target("127.0.0.1", sim.port, community="nosuch", timeout=0.3, retries=0)])
    assert not result.up and result.error_kind == "timeout"


def test_a_device_over_its_time_budget_is_cut_off(sim: peers.Peer) -> None:
    from agent.collectors.snmp.poller import poll_async

    slow = Target("127.0.0.1", peers.free_udp_port(), timeout=5.0, retries=0)
    fast = Target("127.0.0.1", sim.port, community="ups")
    cut, answered = asyncio.run(
        # a budget the answering device keeps on a loaded two-core machine, well under the
        # silent one's 5 s timeout
        poll_async([slow, fast], ("system",), PollLimits(budget_seconds=1.5))
    )
    assert not cut.up and cut.error_kind == "budget"
    assert answered.up
