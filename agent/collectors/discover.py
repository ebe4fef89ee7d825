"""Discovery: find the devices on a subnet, as candidates for the inventory.

Every address is pinged and asked over SNMP (sysDescr, sysObjectID, sysName) at the same
time, so a printer that drops ping but answers SNMP is found too. Answering addresses get
their reverse DNS name and, from the ARP table, their MAC address and the vendor its OUI
names. A bounded number of addresses is in flight at once.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent.collectors.probes import ping
from agent.collectors.snmp import oids
from agent.collectors.snmp.parse import text
from agent.collectors.snmp.poller import (
    SnmpFailure,
    Target,
    close_engine,
    new_engine,
    open_session,
)
from agent.netmessages import T
from foundation.i18n import Problem

MAX_ADDRESSES = 4096
ARP_TABLE = Path("/proc/net/arp")

# A small table of OUIs common in office networks; unknown ones are left blank.
OUI_VENDORS = {
    "00:00:0c": "Cisco",
    "00:e0:fc": "Huawei",
    "00:05:5d": "D-Link",
    "00:50:ba": "D-Link",
    "00:0c:42": "MikroTik",
    "4c:5e:0c": "MikroTik",
    "14:cc:20": "TP-Link",
    "50:c7:bf": "TP-Link",
    "f0:9f:c2": "Ubiquiti",
    "00:27:22": "Ubiquiti",
    "00:80:77": "Brother",
    "00:00:48": "Epson",
    "00:00:85": "Canon",
    "00:00:aa": "Xerox",
    "3c:d9:2b": "HP",
    "00:c0:b7": "APC",
    "00:14:22": "Dell",
    "00:1b:21": "Intel",
    "00:02:b3": "Intel",
    "00:e0:4c": "Realtek",
    "b8:27:eb": "Raspberry Pi",
    "dc:a6:32": "Raspberry Pi",
    "00:50:56": "VMware",
    "00:0c:29": "VMware",
    "08:00:27": "VirtualBox",
    "00:15:5d": "Hyper-V",
    "52:54:00": "QEMU/KVM",
}


class DiscoverError(Problem):
    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(T, key, **values)


@dataclass
class Candidate:
    address: str
    ping: bool = False
    latency_ms: float | None = None
    snmp: bool = False
    sys_name: str = ""
    sys_descr: str = ""
    sys_object_id: str = ""
    dns_name: str = ""
    mac: str = ""
    vendor: str = ""

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def parse_network(cidr: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    try:
        network = ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        raise DiscoverError("net.discover.bad_cidr", cidr=cidr) from None
    if network.num_addresses > MAX_ADDRESSES:
        raise DiscoverError(
            "net.discover.too_big", cidr=cidr, count=network.num_addresses, limit=MAX_ADDRESSES
        )
    return network


def hosts_of(network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> list[str]:
    hosts = list(network.hosts())
    return [str(h) for h in (hosts or [network.network_address])]


def vendor_of(mac: str) -> str:
    mac = mac.lower()
    found = OUI_VENDORS.get(mac[:8], "")
    if not found and len(mac) >= 2 and int(mac[:2], 16) & 0x02:
        return "(locally administered)"
    return found


def arp_table(path: Path = ARP_TABLE) -> dict[str, str]:
    """IP → MAC from the kernel's ARP cache (Linux); empty where there is none."""
    try:
        lines = path.read_text(encoding="ascii", errors="replace").splitlines()[1:]
    except OSError:
        return {}
    table = {}
    for line in lines:
        parts = line.split()
        if len(parts) >= 4 and parts[3] != "00:00:00:00:00:00":
            table[parts[0]] = parts[3].lower()
    return table


async def _reverse_dns(address: str, timeout: float) -> str:
    loop = asyncio.get_running_loop()
    try:
        host, _ = await asyncio.wait_for(
            loop.getnameinfo((address, 0), socket.NI_NAMEREQD), timeout
        )
    except (OSError, TimeoutError):
        return ""
    return str(host)


async def discover_async(
    addresses: list[str],
    *,
    port: int = 161,
    community: str = "public",
    timeout: float = 1.0,
    concurrency: int = 64,
    progress: Callable[[int, int], None] | None = None,
) -> list[Candidate]:
    engine = new_engine()
    gate = asyncio.Semaphore(max(1, concurrency))
    done = 0

    async def snmp_probe(candidate: Candidate) -> None:
        target = Target(candidate.address, port, community=community, timeout=timeout, retries=0)
        try:
            session = await open_session(engine, target, 10)
            found = await session.get((oids.SYS_DESCR, oids.SYS_OBJECT_ID, oids.SYS_NAME))
        except (SnmpFailure, OSError):
            return
        except Exception:  # pysnmp's own errors for addresses it cannot use
            return
        candidate.snmp = True
        candidate.sys_descr = text(found.get(oids.SYS_DESCR))
        candidate.sys_object_id = text(found.get(oids.SYS_OBJECT_ID))
        candidate.sys_name = text(found.get(oids.SYS_NAME))

    async def one(address: str) -> Candidate:
        nonlocal done
        candidate = Candidate(address)
        async with gate:
            echo, _ = await asyncio.gather(ping(address, 1, timeout), snmp_probe(candidate))
            candidate.ping = echo.up
            candidate.latency_ms = echo.latency_ms
            if candidate.ping or candidate.snmp:
                candidate.dns_name = await _reverse_dns(address, timeout)
        done += 1
        if progress:
            progress(done, len(addresses))
        return candidate

    try:
        found = await asyncio.gather(*(one(a) for a in addresses))
    finally:
        close_engine(engine)
    alive = [c for c in found if c.ping or c.snmp]
    macs = arp_table()
    for candidate in alive:
        candidate.mac = macs.get(candidate.address, "")
        candidate.vendor = vendor_of(candidate.mac) if candidate.mac else ""
    return alive


def discover(
    cidr: str,
    *,
    port: int = 161,
    community: str = "public",
    timeout: float = 1.0,
    concurrency: int = 64,
    progress: Callable[[int, int], None] | None = None,
) -> list[Candidate]:
    addresses = hosts_of(parse_network(cidr))
    return asyncio.run(
        discover_async(
            addresses,
            port=port,
            community=community,
            timeout=timeout,
            concurrency=concurrency,
            progress=progress,
        )
    )
