"""Parsing rules that recordings rarely show: counter wraps, restarts, supply special values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.collectors.snmp.parse import counter_delta, interfaces, rates, supply_percent
from foundation.messages import ConfigError
from tests.conftest import write_config
from tui.config import load


def device(uptime: int, octets_in: int, octets_out: int, bits: int = 64) -> dict[str, Any]:
    iface = {
        "index": 1,
        "counter_bits": bits,
        "speed_bps": 100_000_000,
        "in_octets": octets_in,
        "out_octets": octets_out,
        "in_ucast": 0,
        "out_ucast": 0,
        "in_errors": 0,
        "out_errors": 0,
        "in_discards": 0,
        "out_discards": 0,
    }
    return {"system": {"uptime_ticks": uptime}, "interfaces": [iface]}


def test_32_bit_counter_wrap() -> None:
    before = device(1000, 2**32 - 1000, 0, bits=32)
    after = device(1000 + 1000, 24_000, 10, bits=32)  # 10 s later, wrapped once
    got = rates(before, after, wall_seconds=10)["interfaces"]["1"]
    assert got["in_bps"] == (1000 + 24_000) * 8 / 10
    assert got["out_bps"] == 8.0


def test_32_bit_wrap_faster_than_the_line_is_a_reset() -> None:
    before = device(1000, 4_000_000_000, 0, bits=32)
    after = device(1100, 5, 0, bits=32)  # 1 s: a "wrap" would be 2.3 Gbit/s on 100 Mbit/s
    assert rates(before, after, wall_seconds=1)["interfaces"]["1"]["in_bps"] is None


def test_64_bit_counter_going_back_is_no_rate() -> None:
    got = rates(device(1000, 5000, 5000), device(2000, 10, 6000), wall_seconds=10)
    row = got["interfaces"]["1"]
    assert row["in_bps"] is None and row["out_bps"] == 800.0


def test_restart_gives_no_rates_and_says_so() -> None:
    got = rates(device(500_000, 10**9, 10**9), device(3000, 10, 10), wall_seconds=60)
    assert got == {"interval_seconds": 60.0, "rebooted": True, "interfaces": {}}


def test_uptime_wrap_after_497_days_is_not_a_restart() -> None:
    got = rates(device(2**32 - 1000, 0, 0), device(5000, 800, 0), wall_seconds=60)
    assert got["rebooted"] is False and got["interfaces"]["1"]["in_bps"] == pytest.approx(
        800 * 8 / 60, abs=0.1
    )


@given(st.integers(0, 2**64 - 1), st.integers(0, 2**40))
def test_64_bit_delta_is_exact(start: int, step: int) -> None:
    end = start + step
    if end < 2**64:
        assert counter_delta(start, end, 64) == step


@pytest.mark.parametrize(
    ("level", "capacity", "kind", "expected"),
    [
        (50, 200, 3, (25.0, "ok")),
        (-1, 200, 3, (None, "unlimited")),
        (-2, 200, 3, (None, "unknown")),
        (-3, 200, 3, (None, "some")),
        (50, -2, 3, (None, "unknown")),
        (50, 0, 3, (None, "unknown")),
        (300, 200, 3, (100.0, "ok")),
        (50, 200, 4, (75.0, "ok")),
        (None, 200, 3, (None, "unknown")),
    ],
)
def test_supply_percent(level: int, capacity: int, kind: int, expected: tuple[Any, str]) -> None:
    got = supply_percent(level, capacity, kind)
    assert (got["percent"], got["state"]) == expected


def test_high_speed_wins_over_a_saturated_ifspeed() -> None:
    base, ext = "1.3.6.1.2.1.2.2.1", "1.3.6.1.2.1.31.1.1.1"
    varbinds = {f"{base}.1.7": 7, f"{base}.5.7": 4294967295, f"{ext}.15.7": 10000}
    (iface,) = interfaces(varbinds)
    assert iface["speed_bps"] == 10_000_000_000 and iface["counter_bits"] == 32


def test_snmp_and_probe_settings(tmp_path: Path) -> None:
    config = load(
        write_config(
            tmp_path,
            '[snmp]\ntimeout_seconds = 0.5\n[[snmp.devices]]\naddress = "192.168.1.2"\n'
            'version = "3"\nuser = "mon"\n[[probes.targets]]\nname = "ERP"\nkind = "tcp"\n'
            'host = "10.0.0.5"\nport = 443\nrole = "internal"\n',
        )
    )
    assert config.snmp.devices[0].version == "3" and config.snmp.retries == 1
    assert config.probes.targets[0].port == 443
    bad = write_config(tmp_path / "bad", '[[snmp.devices]]\naddress = "x"\nversion = "2"\n')
    with pytest.raises(ConfigError, match=r"snmp\.devices\[0\]\.version"):
        load(bad)


def test_a_huge_switch_report_fits_the_hub_limit() -> None:
    from agent.jobs.network import REPORT_BUDGET_BYTES, fit_to_budget
    from foundation.wire import dumps

    base = "1.3.6.1.2.1.2.2.1"
    varbinds: dict[str, int | str | bytes] = {}
    for n in range(1, 3001):
        varbinds.update({f"{base}.1.{n}": n, f"{base}.2.{n}": f"GigabitEthernet1/0/{n}".encode()})
        varbinds.update({f"{base}.7.{n}": 1 if n % 3 else 2, f"{base}.8.{n}": 1})
        varbinds.update({f"{base}.10.{n}": n * 1000, f"{base}.16.{n}": n * 2000})
    data = {"system": {"name": "core"}, "interfaces": interfaces(varbinds)}
    assert len(dumps(data)) > REPORT_BUDGET_BYTES
    fit_to_budget(data)
    assert len(dumps(data).encode()) <= REPORT_BUDGET_BYTES
    assert data["interfaces_total"] == 3000
    assert data["interfaces"] and all(i["admin"] == "up" for i in data["interfaces"])
