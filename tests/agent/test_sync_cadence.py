"""Routine reports travel in batches every `sync_interval_seconds`; news goes at once."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from agent.delivery.transport import DeliveryError, Payload
from agent.jobs.job import Job
from agent.service import loop as service
from agent.service.loop import Agent, Changes
from foundation.wire import Report, new_report_id, utcnow
from tests.agent.helpers import agent_config
from tui.config import TuiConfig as Config


def report(kind: str, device: str, **data: Any) -> Report:
    return Report(new_report_id("pc-1"), "pc-1", kind, device, utcnow(), data)


def test_news_is_a_backup_an_uplink_event_or_a_changed_up_state() -> None:
    changes = Changes()
    assert not changes.urgent([report("health", "host:a", cpu_percent=3.0)])
    assert changes.urgent([report("backup", "host:a", status="OK")])
    assert not changes.urgent([report("outage", "probe:uplink", state="ok", events=[])])
    assert changes.urgent([report("outage", "probe:uplink", events=[{"event": "internet_down"}])])
    # the first sighting of a device is not news; a change of its up/down state is
    assert not changes.urgent([report("snmp", "snmp:10.0.0.2", up=True)])
    assert not changes.urgent([report("snmp", "snmp:10.0.0.2", up=True)])
    assert changes.urgent([report("snmp", "snmp:10.0.0.2", up=False)])
    assert not changes.urgent([report("probe", "probe:gw", up=True)])
    assert changes.urgent([report("probe", "probe:gw", up=False)])
    assert not changes.urgent([report("probe", "probe:gw", up=False)])


class Recorder:
    """A hub that acknowledges every report and notes when each batch came."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.times: list[float] = []

    def exchange(self, payload: Payload) -> dict[str, Any]:
        body = payload if isinstance(payload, bytes) else payload.read()
        self.times.append(time.monotonic())
        if self.fail:
            raise DeliveryError("[Errno 101] Network is unreachable")
        ids = [json.loads(line)["id"] for line in body.decode().splitlines()[1:] if line]
        return {"ok": True, "accepted": ids, "rejected": []}


def run_for(config: Config, transport: Recorder, seconds: float) -> None:
    agent = Agent(config, log=lambda line: None, transport=transport)
    worker = threading.Thread(target=agent.run)
    worker.start()
    time.sleep(seconds)
    agent.stop.set()
    worker.join(10)
    assert not worker.is_alive()


@pytest.fixture
def flapping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    """An agent whose only job sees a probe target go down on its third run."""
    config = agent_config(tmp_path / "pc")
    config = dataclasses.replace(
        config, agent=dataclasses.replace(config.agent, sync_interval_seconds=300)
    )
    runs = iter(range(1_000_000))

    def probe() -> list[Report]:
        return [report("probe", "probe:gw", up=next(runs) < 2)]

    monkeypatch.setattr(service, "JOB_FACTORIES", (lambda c: [Job("probe", 0.5, probe)],))
    return config


def test_a_change_is_sent_at_once_routine_reports_wait(flapping: Config) -> None:
    hub = Recorder()
    run_for(flapping, hub, 3.0)
    # at start, then when the target went down (third run, about 1 s in); not again
    # before the routine interval of 300 s, although the job ran about six times
    assert len(hub.times) == 2
    assert 0.8 < hub.times[1] - hub.times[0] < 2.0


def test_news_does_not_cut_short_the_back_off_from_a_failing_hub(flapping: Config) -> None:
    hub = Recorder(fail=True)
    run_for(flapping, hub, 3.0)
    assert len(hub.times) == 1  # the next try waits for retry_min_seconds
