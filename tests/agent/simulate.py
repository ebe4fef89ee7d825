"""A simulated office agent for the outbox tests: realistic reports at the default intervals,
made on an injected clock so that days pass without sleeping."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from foundation.wire import Report, format_ts

START = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=20)
"""Twenty days ago at midnight: recent enough that the hub keeps the hours as hours."""
HOUR0 = f"{START:%Y%m%dT%H}"
HOUR1 = f"{START + timedelta(hours=1):%Y%m%dT%H}"
PROBES = ("gateway", "e-mongolia", "erp")
SWITCH = "snmp:192.168.1.2"
HOST = "host:pc-1"


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now


def health_data(n: int) -> dict[str, Any]:
    """About the size of an office PC's health report (8 cores, 2 disks, 3 NICs, top 10)."""
    cpu = float(n * 7 % 100)
    return {
        "hostname": "pc-1",
        "os": {"system": "Windows", "release": "10", "version": "10.0.19045"},
        "uptime_seconds": 3600 + n * 60,
        "cpu": {
            "percent": cpu,
            "per_core": [float((n + k) * 13 % 100) for k in range(8)],
            "count": 8,
            "freq_mhz": 2400.0,
        },
        "memory": {"percent": 40.0 + n % 20, "total": 8 << 30, "available": 4 << 30},
        "swap": {"percent": 3.5, "total": 2 << 30, "used": 75 << 20},
        "disks": [
            {
                "mount": mount,
                "fstype": "NTFS",
                "total": 256 << 30,
                "used": 100 << 30,
                "percent": 40.0 + i * 30 + n % 5,
                "read_bytes": 123456789 + n * 4096,
                "write_bytes": 987654321 + n * 8192,
                "read_count": 123456 + n,
                "write_count": 654321 + n,
            }
            for i, mount in enumerate(("C:\\", "D:\\"))
        ],
        "interfaces": [
            {
                "name": name,
                "up": True,
                "speed_mbps": 1000,
                "mtu": 1500,
                "addresses": [f"192.168.1.{10 + i}", f"fe80::1:{i}", "00-1A-2B-3C-4D-5E"],
                "bytes_sent": 1234567890 + n * 1000,
                "bytes_recv": 9876543210 + n * 3000,
                "packets_sent": 1234567 + n,
                "packets_recv": 7654321 + n,
                "errin": 0,
                "errout": 0,
                "dropin": 0,
                "dropout": 0,
            }
            for i, name in enumerate(("Ethernet", "Wi-Fi", "Loopback Pseudo-Interface 1"))
        ],
        "users": [{"name": "bolormaa", "terminal": "console", "started": 1760000000.0}],
        "processes": [
            {
                "pid": 1000 + k,
                "name": f"process-{k}.exe",
                "user": "OFFICE\\bolormaa",
                "cpu_percent": float(k),
                "memory_percent": 1.5 * k,
                "rss": (50 + k) << 20,
            }
            for k in range(10)
        ],
    }


def switch_data(n: int) -> dict[str, Any]:
    """A 24-port access switch as the SNMP job reports it."""
    return {
        "up": True,
        "status": "up",
        "address": "192.168.1.2",
        "name": "switch-1",
        "elapsed_ms": 20.0 + n % 7,
        "system": {"name": "switch-1", "descr": "24-port managed switch", "uptime": n * 300},
        "interfaces": [
            {
                "index": i,
                "name": f"Gi0/{i}",
                "admin": "up",
                "oper": "up" if i % 3 else "down",
                "speed_mbps": 1000,
                "in_octets": 1000000 + n * i,
                "out_octets": 2000000 + n * i,
                "in_errors": 0,
                "out_errors": 0,
                "in_bps": 1000.0 * i,
                "out_bps": 500.0 * i,
            }
            for i in range(1, 25)
        ],
    }


def lean_health(n: int) -> dict[str, Any]:
    """What a roll-up keeps of `health_data(n)`: the same figures."""
    return {
        "hostname": "pc-1",
        "cpu": {"percent": float(n * 7 % 100)},
        "memory": {"percent": 40.0 + n % 20},
        "disks": [{"percent": 40.0 + i * 30 + n % 5} for i in range(2)],
    }


@dataclass
class Office:
    """Makes the agent's reports minute by minute and counts what it made per hour."""

    agent: str = "pc-1"
    made: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    """(kind, device, hour) -> samples made."""
    kept_ids: list[str] = field(default_factory=list)
    """Reports that must arrive as they were (facts, outage events; events count above too)."""
    seq: int = 0

    def _report(self, kind: str, device: str, ts: datetime, data: dict[str, Any]) -> Report:
        self.seq += 1
        report = Report(f"{self.agent}-{self.seq}", self.agent, kind, device, ts, data)
        hour = ts.replace(minute=0, second=0, microsecond=0)
        if kind in ("facts", "backup") or (kind == "outage" and data.get("events")):
            self.kept_ids.append(report.id)
        if kind not in ("facts", "backup"):
            self.made[(kind, device, format_ts(hour))] += 1
        return report

    def minute(self, ts: datetime, full: bool = True) -> list[list[Report]]:
        """The batches the jobs hand to the outbox at this minute (one `add` each).

        `full=False`: health and switch reports carry only what a roll-up keeps (their
        roll-ups are the same), which saves the time of encoding what is folded away."""
        n = int((ts - START) / timedelta(minutes=1))
        health = health_data(n) if full else lean_health(n)
        adds = [[self._report("health", HOST, ts, health)]]
        probes = [
            self._report(
                "probe",
                f"probe:{name}",
                ts,
                {
                    "name": name,
                    "role": "external",
                    "kind": "ping",
                    "target": f"{name}.example",
                    "up": True,
                    "sent": 3,
                    "received": 3,
                    "loss_percent": 0.0,
                    "latency_ms": 10.0 + (n + i) % 40,
                    "jitter_ms": 1.5,
                    "method": "icmp",
                    "status": "ok",
                    "error": None,
                },
            )
            for i, name in enumerate(PROBES)
        ]
        events = [{"ts": format_ts(ts), "state": "internet_down"}] if n % 1440 == 700 else []
        outage = {
            "state": "ok",
            "gateway_up": True,
            "external_up": 3,
            "external_total": 3,
            "loss_percent": 0.0,
            "latency_ms": 20.0,
            "down_targets": [],
            "events": events,
        }
        adds.append([*probes, self._report("outage", "probe:uplink", ts, outage)])
        if n % 5 == 0:
            switch = (
                switch_data(n)
                if full
                else {"up": True, "name": "switch-1", "elapsed_ms": 20.0 + n % 7}
            )
            adds.append([self._report("snmp", SWITCH, ts, switch)])
        if n % 1440 == 0:
            facts = {"manufacturer": "Dell Inc.", "model": "OptiPlex 7090", "serial": "ABC123"}
            adds.append([self._report("facts", HOST, ts, facts)])
        return adds
