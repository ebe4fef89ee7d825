"""Weeks without the hub: the outbox stays bounded, the agent backs off, and when the hub is
back every interval arrives exactly once (raw or rolled up) in the hub's store.

Time is scaled: the clock is injected and reports are made at the default intervals (health,
three probe targets and the uplink every 60 s, a switch every 300 s, facts daily) without
sleeping.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from agent.delivery.outbox import Outbox
from agent.delivery.rollup import hour_of
from agent.delivery.route import transport_for
from agent.delivery.sync import Syncer, SyncState, load_state, retry_delay
from agent.delivery.transport import DeliveryError, LocalTransport, Transport
from agent.settings.agent import AgentSettings
from foundation.jsonfile import read_json
from foundation.wire import Report, format_ts, parse_ts
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.agent.helpers import agent_config, cli, enrol
from tests.agent.simulate import HOST, PROBES, START, SWITCH, Clock, Office
from tests.agent.sshd import Sshd
from tui.config import TuiConfig as Config

LIMIT_30_DAYS = 50 * 1000 * 1000
FIGURE = {"health": "cpu_percent", "probe": "up", "outage": "up", "snmp": "up"}


class Unreachable:
    """The uplink is down: every connection attempt fails."""

    def __init__(self) -> None:
        self.tries = 0

    def exchange(self, payload: Any) -> dict[str, Any]:
        self.tries += 1
        raise DeliveryError("[Errno 101] Network is unreachable")


class Switch:
    """The transport the syncer sees: unreachable until the test plugs the hub in."""

    def __init__(self) -> None:
        self.to: Transport = Unreachable()

    def exchange(self, payload: Any) -> dict[str, Any]:
        return self.to.exchange(payload)


def disk_bytes(folder: Path) -> int:
    if not folder.exists():
        return 0
    return sum(p.stat().st_blocks * 512 for p in folder.rglob("*") if p.is_file())


def hub_counts(hub_dir: Path, device: str, kind: str) -> Counter[str]:
    """Samples the hub holds per hour for (device, kind): raw ones plus hourly roll-ups."""
    folder = Layout(hub_dir).device_dir(device)
    found: Counter[str] = Counter()
    for raw in folder.glob("raw-*.json"):
        for sample in (read_json(raw) or {}).get("samples", {}).values():
            if sample["kind"] == kind:
                found[format_ts(hour_of(parse_ts(sample["ts"])))] += 1
    for shard in folder.glob("hourly-*.json"):
        data = read_json(shard) or {}
        names = [doc["name"] for doc in data.get("sources", {}).values()]
        assert len(names) == len(set(names)), "a roll-up was folded in twice"
        for doc in data.get("hours", {}).values():
            if doc["kind"] == kind:
                found[doc["ts"]] += int(doc["figures"][FIGURE[kind]]["count"])
    return found


def assert_every_interval_once(hub: Config, office: Office) -> None:
    assert hub.path is not None
    cli("inventory.cli", hub.path, "serve", "--once")
    devices = {(kind, device) for kind, device, _ in office.made}
    for kind, device in devices:
        made = Counter({h: n for (k, d, h), n in office.made.items() if (k, d) == (kind, device)})
        assert hub_counts(hub.hub_dir, device, kind) == made, (kind, device)
    ids = Counter(Store(Layout(hub.hub_dir)).all_sample_ids())
    assert max(ids.values()) == 1, "a raw report was stored twice"
    assert all(ids[i] == 1 for i in office.kept_ids), "a fact or an event went missing"


def chunk_adds(
    office: Office, clock: Clock, outbox: Outbox, start: datetime, hours: int = 1
) -> None:
    """`hours` of reports with only the figures a roll-up keeps (their roll-ups are the same
    as from full reports), handed to the outbox job by job at the chunk's last minute.

    (Creating a file takes milliseconds on a busy CI disk, so the days that are rolled up
    anyway are handed over in chunks; the day that fills the outbox is made in full and
    added minute by minute, job by job, as the service does.)"""
    jobs: dict[str, list[Report]] = {}
    for minute in range(60 * hours):
        for add in office.minute(start + timedelta(minutes=minute), full=False):
            jobs.setdefault(add[0].kind, []).extend(add)
    clock.now = start + timedelta(minutes=60 * hours - 1)
    for reports in jobs.values():
        outbox.add(reports)


def try_sync(syncer: Syncer, clock: Clock, waits: list[float]) -> SyncState | None:
    state = load_state(syncer.folder)
    if state.next_attempt is not None and clock.now < state.next_attempt:
        return None
    state, _, _ = syncer.attempt()
    assert state.next_attempt is not None
    waits.append((state.next_attempt - clock.now).total_seconds())
    return state


def test_fourteen_days_offline_then_every_interval_arrives_once(
    hub: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Durability is shown in test_outbox.py; here fsync would only make days take minutes.
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    settings = AgentSettings(batch_max_reports=2000)
    clock = Clock()
    outbox = Outbox(hub.agent_dir, clock)
    switch = Switch()
    syncer = Syncer(
        outbox, switch, hub.agent_id, settings, hub.agent_dir, clock=clock, draw=lambda: 0.5
    )
    office = Office(agent=hub.agent_id)
    waits: list[float] = []
    biggest = 0
    raw_biggest = 0
    days = 14
    for day in range(days - 3):  # a day at a time
        chunk_adds(office, clock, outbox, START + timedelta(days=day), hours=24)
        try_sync(syncer, clock, waits)
        biggest = max(biggest, disk_bytes(outbox.root))
    for hour_n in range((days - 3) * 24, (days - 1) * 24):  # an hour at a time
        chunk_adds(office, clock, outbox, START + timedelta(hours=hour_n))
        try_sync(syncer, clock, waits)
        if hour_n % 6 == 5:
            biggest = max(biggest, disk_bytes(outbox.root))
    for minute in range(24 * 60):  # the last day, job by job as the service adds them
        clock.now = START + timedelta(days=days - 1, minutes=minute)
        for add in office.minute(clock.now):
            outbox.add(add)
        try_sync(syncer, clock, waits)
        if minute % 120 == 119:
            raw_biggest = max(raw_biggest, disk_bytes(outbox.raw))
            biggest = max(biggest, disk_bytes(outbox.root))
    # Back-off while offline: it grew to the cap and stayed there.
    assert waits[:3] == [30.0, 45.0, 90.0]  # never below the minimum, then doubling
    assert max(waits) == 0.75 * settings.retry_max_seconds
    assert waits[-1] == max(waits)
    assert isinstance(switch.to, Unreachable) and switch.to.tries == len(waits)
    state = load_state(hub.agent_dir)
    assert state.failures == len(waits) and state.last_success is None
    assert state.last_error == (
        "could not deliver reports to the hub: [Errno 101] Network is unreachable"
    )
    # The bound: the raw day measured at its fullest plus 30 days of hourly roll-ups, as
    # measured on the first day added hour by hour (now rolled up, one file an hour).
    stamp = f"{START + timedelta(days=days - 3):%Y%m%d}"
    per_day = sum(disk_bytes(p) for p in outbox.hourly.glob(f"{stamp}T*.json"))
    assert len(list(outbox.hourly.glob(f"{stamp}T*.json"))) == 24
    assert biggest < LIMIT_30_DAYS
    assert 0 < raw_biggest + 30 * per_day < LIMIT_30_DAYS, (raw_biggest, per_day)
    stats = outbox.stats()
    assert stats.rolled_up >= (days - 2) * 24 * (len(PROBES) + 3)
    assert stats.bytes == disk_bytes(outbox.root)
    # The uplink is back.
    switch.to = LocalTransport(hub.agent_id, hub.path)
    assert state.next_attempt is not None
    clock.now = state.next_attempt
    state, result, error = syncer.attempt()
    assert error is None and result is not None and result.remaining == 0
    assert result.rejected == [] and result.accepted > stats.rolled_up
    assert state.failures == 0 and state.last_success == clock.now
    assert state.next_attempt == clock.now + timedelta(seconds=settings.sync_interval_seconds)
    assert outbox.depth() == 0
    assert_every_interval_once(hub, office)
    devices = {d for _, d, _ in office.made}
    assert devices == {HOST, SWITCH, "probe:uplink", *(f"probe:{p}" for p in PROBES)}


def test_back_off_grows_with_jitter_and_resets_on_success(hub: Config) -> None:
    settings = AgentSettings(retry_min_seconds=30, retry_max_seconds=600, sync_interval_seconds=60)
    clock = Clock()
    outbox = Outbox(hub.agent_dir, clock)
    outbox.add([Report("test-agent-1", "test-agent", "health", HOST, START, {"cpu": {}})])
    switch = Switch()
    draws = iter([0.0, 0.999, 0.5, 0.0, 0.999, 0.25, 0.5])
    syncer = Syncer(
        outbox, switch, "test-agent", settings, hub.agent_dir, clock, lambda: next(draws)
    )
    seen = []
    for _ in range(6):
        state, result, error = syncer.attempt()
        assert result is None and isinstance(error, DeliveryError)
        assert state.next_attempt is not None
        seen.append((state.next_attempt - clock.now).total_seconds())
        clock.now = state.next_attempt
    # upper half of 30, 60, 120, 240, 480, 600 (capped), never below the minimum
    assert seen == pytest.approx([30.0, 59.97, 90.0, 120.0, 479.76, 375.0])
    kept = load_state(hub.agent_dir)
    assert kept.failures == 6 and kept.last_error_at is not None
    # kept to the second: the last failure was 375 s before the (fractional) present
    assert abs(kept.last_error_at - (clock.now - timedelta(seconds=375))) < timedelta(seconds=1)
    assert outbox.depth() == 1  # nothing forgotten while the hub was away
    switch.to = LocalTransport("test-agent", hub.path)
    state, result, error = syncer.attempt()
    assert error is None and result is not None and result.accepted == 1
    assert state.failures == 0 and state.last_success == clock.now
    assert state.last_error is not None  # kept for `status`, with its time
    assert state.next_attempt == clock.now + timedelta(seconds=60)
    # Nothing to send: the hub is not contacted and nothing changes but the next attempt.
    switch.to = Unreachable()
    clock.now += timedelta(seconds=60)
    idle, result, error = syncer.attempt()
    assert error is None and result is not None and result.batches == 0
    assert state.last_success is not None and switch.to.tries == 0
    assert idle.last_success == state.last_success.replace(microsecond=0)  # kept to the second
    # After a success the next failure starts from the minimum again.
    outbox.add([Report("test-agent-2", "test-agent", "health", HOST, START, {"cpu": {}})])
    state, _, _ = syncer.attempt()
    assert state.failures == 1 and state.next_attempt == clock.now + timedelta(seconds=30)
    assert [retry_delay(n, settings, lambda: 0.999999) for n in (1, 5, 6, 60, 10_000)] == (
        pytest.approx([30.0, 480.0, 600.0, 600.0, 600.0])
    )


def test_offline_then_delivered_through_sshd_once_even_when_acks_are_lost(
    tmp_path: Path, sshd: Sshd, ssh_hub: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real path, with the raw hours kept only 2 h so that a few hours make roll-ups."""
    agent = agent_config(tmp_path / "pc")
    enrol(agent, ssh_hub, sshd)
    clock = Clock()
    outbox = Outbox(agent.agent_dir, clock)
    switch = Switch()
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # durability: see test_outbox.py
    settings = dataclasses.replace(agent.agent, batch_max_reports=4000, raw_keep_hours=2)
    syncer = Syncer(outbox, switch, "pc-1", settings, agent.agent_dir, clock, lambda: 0.5)
    office = Office(agent="pc-1")
    waits: list[float] = []
    for hour_n in range(6):
        chunk_adds(office, clock, outbox, START + timedelta(hours=hour_n))
        try_sync(syncer, clock, waits)
    stats = outbox.stats()
    assert stats.rolled_up > 0 and stats.raw > 0
    clock.now += timedelta(hours=1)
    outbox.roll_up("pc-1", timedelta(hours=settings.raw_keep_hours))
    # A copy of the outbox as it is now: the acknowledgements below will be "lost".
    copy = tmp_path / "outbox-copy"
    shutil.copytree(outbox.root, copy)
    switch.to = transport_for(agent)
    state, result, error = syncer.attempt()
    assert error is None and result is not None and result.remaining == 0, error
    assert state.failures == 0
    assert_every_interval_once(ssh_hub, office)
    # Every acknowledgement lost: the agent sends it all again; the hub counts it once.
    shutil.rmtree(outbox.root)
    shutil.move(copy, outbox.root)
    _, again, error = syncer.attempt()
    assert error is None and again is not None and again.remaining == 0
    assert_every_interval_once(ssh_hub, office)
