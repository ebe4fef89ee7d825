"""Session-wide SNMP peers: one `snmpd` and one `snmpsim` serve every network test."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import require_program
from tests.network import peers

# The switch again, a minute later: sysUpTime +6000 ticks, 7,500,000 more octets in and
# 3,750,000 more out on every port (1 Mbit/s in, 0.5 Mbit/s out).
SWITCH_LATER = {
    "1.3.6.1.2.1.1.3.0": 6000,
    "1.3.6.1.2.1.31.1.1.1.6": 7_500_000,
    "1.3.6.1.2.1.31.1.1.1.10": 3_750_000,
    "1.3.6.1.2.1.2.2.1.10": 7_500_000,
    "1.3.6.1.2.1.2.2.1.16": 3_750_000,
}
# The switch restarted: sysUpTime back to 10 s.
SWITCH_REBOOTED = {"1.3.6.1.2.1.1.3.0": -233394904 + 1000}


@pytest.fixture(scope="session")
def snmpget() -> str:
    return require_program("snmpget")


@pytest.fixture(scope="session")
def snmpbulkwalk() -> str:
    return require_program("snmpbulkwalk")


@pytest.fixture(scope="session")
def snmpd_peer(snmpget: str) -> Iterator[peers.Peer]:
    with peers.snmpd(require_program("snmpd"), snmpget) as peer:
        yield peer


@pytest.fixture(scope="session")
def sim(snmpget: str) -> Iterator[peers.Peer]:
    """snmpsim serving a switch, a router, a UPS (recordings of real devices), a printer in
    RFC 3805's shape, and two later snapshots of the switch."""
    with tempfile.TemporaryDirectory(prefix="soumnet-recordings-") as tmp:
        later, rebooted = Path(tmp) / "later.snmprec", Path(tmp) / "rebooted.snmprec"
        peers.write_recording(peers.SWITCH, later, SWITCH_LATER)
        peers.write_recording(peers.SWITCH, rebooted, SWITCH_REBOOTED)
        recordings = {
            "switch": peers.SWITCH,
            "router": peers.ROUTER,
            "ups": peers.UPS,
            "printer": peers.PRINTER,
            "switch-later": later,
            "switch-rebooted": rebooted,
        }
        with peers.snmpsim(recordings, snmpget, extra_ports=1) as started:
            yield started[0]
