"""Store contents for the Devices and Overview tests, written through the records' own code."""

from __future__ import annotations

import asyncio
import functools
import uuid
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any

from foundation.wire import Report, utcnow
from inventory.records import alerts, devices, maintenance
from inventory.store.layout import Layout
from inventory.store.store import Store
from tui.config import TuiConfig as Config


def report(
    device: str, kind: str, ts: datetime, data: dict[str, Any], agent: str = "agent-0"
) -> Report:
    return Report(id=str(uuid.uuid4()), agent=agent, kind=kind, device=device, ts=ts, data=data)


def health_history(config: Config, device: str = "dev-0000", days: int = 30) -> None:
    """A health report every 6 hours for `days` days, the disk filling up slowly."""
    now = utcnow()
    reports = [
        report(
            device,
            "health",
            now - timedelta(hours=6 * i + 1),
            {
                "hostname": "000-Нягтлан-PC",
                "cpu": {"percent": float(10 + i % 7 * 10)},
                "memory": {"percent": 40.0 + i % 3},
                "disks": [{"percent": 97.0 - i * 0.2}],
            },
        )
        for i in range(days * 4)
    ]
    Store(Layout(config.hub_dir)).apply(reports)


def facts(config: Config, device: str = "dev-0000") -> None:
    data = {
        "hostname": "000-Нягтлан-PC",
        "make": "Dell",
        "model": "OptiPlex 3080",
        "serial": "SN-3080-1",
        "os": {"name": "Windows 10 Pro", "version": "22H2"},
        "cpu": {"model": "Intel Core i5-10500", "count_logical": 12},
        "memory_total": 8 * 2**30,
        "bios": {"vendor": "Dell Inc.", "version": "2.1.0"},
    }
    layout = Layout(config.hub_dir)
    reports = [report(device, "facts", utcnow() - timedelta(hours=2), data)]
    Store(layout).apply(reports)
    with layout.write_lock():
        devices.apply_reports(layout, reports)


def snmp_switch(config: Config, key: str = "snmp:10.0.0.2", up: bool = True) -> None:
    data: dict[str, Any] = {
        "up": up,
        "name": "core-switch",
        "address": key.split(":", 1)[1],
        "system": {
            "name": "core-switch",
            "descr": "TP-Link T1600G",
            "uptime_ticks": 100 * 86400 * 12,
        },
        "interfaces": [
            {
                "index": 1,
                "name": "gi1",
                "oper": "up",
                "in_bps": 2.5e6,
                "out_bps": 1.2e5,
                "in_errors": 0,
                "out_errors": 1,
            },
            {"index": 2, "name": "gi2", "oper": "down", "in_bps": None, "out_bps": None},
        ],
    }
    Store(Layout(config.hub_dir)).apply(
        [report(key, "snmp", utcnow() - timedelta(minutes=5), data)]
    )


def repair(config: Config, device: str = "dev-0000") -> None:
    maintenance.add_entry(
        Layout(config.hub_dir),
        {"device": device, "date": "2026-03-02", "kind": "repair", "description": "Дэлгэц солив"},
        "officer",
    )


def evaluate_alerts(config: Config) -> None:
    layout = Layout(config.hub_dir)
    with layout.write_lock():
        alerts.evaluate(layout, config.alerts)
        alerts.evaluate(layout, config.alerts, now=utcnow() + timedelta(hours=1))


def backup(config: Config, device: str, created: datetime, schedule: str, label: str) -> None:
    data = {"created": created.isoformat(), "label": label, "schedule": schedule}
    Store(Layout(config.hub_dir)).apply([report(device, "backup", created, data)])


def hand_entered(config: Config) -> list[str]:
    """Two records entered by hand that share a serial number (flagged, not merged)."""
    layout = Layout(config.hub_dir)
    return devices.add_devices(
        layout,
        [
            {
                "name": "Принтер-Санхүү",
                "asset_tag": "ХӨ-0007",
                "type": "printer",
                "serial": "CN-77",
                "location": "Санхүү 2",
                "assigned_to": "Болд",
                "status": "in_repair",
            },
            {
                "name": "printer-copy",
                "asset_tag": "A-0008",
                "type": "printer",
                "serial": "CN-77",
                "status": "spare",
            },
        ],
        "officer",
    )


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test on its own event loop (no async pytest plugin is installed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run
