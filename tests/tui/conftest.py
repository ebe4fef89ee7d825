"""A hub with devices written through the store's public `apply`, as `serve` writes them."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from foundation.devicekeys import UPLINK_KEY as UPLINK_DEVICE
from foundation.i18n import Lang
from foundation.wire import Report, utcnow
from inventory.intake.agents import Registry
from inventory.store import audit
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.conftest import write_config
from tui.config import TuiConfig as Config
from tui.config import load
from tui.context import Context

# Mixed Latin and Cyrillic names: the tables must line them up in columns.
NAMES = ("Нягтлан-PC", "darga-pc", "Бүртгэл-01", "printer-hp", "Ажилтан-Ү")


def health(i: int, ts: datetime, cpu: float, hostname: str, disk: float = 70.5) -> Report:
    """Device number `i`'s health report (agent `agent-i`, device `dev-iiii`)."""
    return Report(
        id=str(uuid.uuid4()),
        agent=f"agent-{i}",
        kind="health",
        device=f"dev-{i:04d}",
        ts=ts,
        data={
            "hostname": hostname,
            "cpu": {"percent": cpu},
            "memory": {"percent": 50.0},
            "disks": [{"percent": disk}],
        },
    )


def fill_store(config: Config, count: int, age: timedelta = timedelta(hours=3)) -> None:
    """`count` devices with one health report each, `age` old, and one uplink result."""
    ts = utcnow() - age
    reports = [
        health(i, ts, float(i % 100), f"{i:03d}-{NAMES[i % len(NAMES)]}") for i in range(count)
    ]
    reports.append(
        Report(
            id=str(uuid.uuid4()),
            agent="agent-0",
            kind="outage",
            device=UPLINK_DEVICE,
            ts=ts,
            data={"state": "internet_down", "loss_percent": 100.0, "latency_ms": None},
        )
    )
    Store(Layout(config.hub_dir)).apply(reports)


def fill_audit(config: Config, count: int = 3) -> None:
    """`count` audit entries at fixed times, written by the records' own `record`."""
    layout = Layout(config.hub_dir)
    with layout.write_lock():
        for i in range(count):
            audit.record(
                layout,
                "officer",
                "device.edit",
                f"Нягтлан-PC-{i}",
                {"room": "1"},
                {"room": "2"},
                now=datetime(2026, 3, 1, 9, i, tzinfo=UTC),
            )


def file_request(config: Config, agent: str, hostname: str) -> None:
    """An enrolment request filed through the registry, as `soumnet-agent enroll` files it."""
    seed = hashlib.sha256(agent.encode()).digest()  # a fixed key: snapshots stay the same
    key = Ed25519PrivateKey.from_private_bytes(seed).public_key()
    line = key.public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH).decode()
    request = config.hub_dir / f"{agent}.json"
    request.write_text(
        json.dumps(
            {"soumnet_enrolment": 1, "agent": agent, "hostname": hostname, "public_key": line}
        ),
        encoding="utf-8",
    )
    Registry(config).request(request)


def site(tmp_path: Path, role: str = "it", user: str = "officer") -> Config:
    keys = tmp_path / "ssh" / "authorized_keys"
    path = write_config(
        tmp_path / "site",
        f'[users.{user}]\nrole = "{role}"\n\n[enrolment]\nauthorized_keys = "{keys}"\n',
    )
    config = load(path)
    Layout(config.hub_dir).init()
    return config


MakeContext = Callable[..., Context]


@pytest.fixture
def make_context(tmp_path: Path) -> MakeContext:
    """A context over a fresh hub with `devices` devices, for `role` in `lang`."""

    def make(role: str = "it", lang: Lang = "en", devices: int = 5) -> Context:
        config = site(tmp_path, role)
        if devices:
            fill_store(config, devices)
            fill_audit(config)
            file_request(config, "nyagtlan-pc", "Нягтлан-PC")
            file_request(config, "darga-pc", "darga-pc")
        return Context(config=config, lang=lang, user="officer", role=role)

    return make
