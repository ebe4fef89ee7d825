"""Metrics export: the Prometheus text format over HTTP, from `serve --metrics`."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime

import pytest

from agent.config import Config
from agent.wire import Report
from inventory import alerts, devices, metrics
from inventory.layout import Layout
from inventory.store import Store
from tests.conftest import venv_command

TS = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def _fill(layout: Layout, hub: Config) -> None:
    reports = [
        Report(
            "m-1",
            "a",
            "health",
            "host:pc-1",
            TS,
            {
                "hostname": 'pc "1"',
                "cpu": {"percent": 12.5},
                "disks": [{"mount": "/", "percent": 95.0}],
            },
        ),
        Report("m-2", "a", "snmp", "snmp:10.0.0.2", TS, {"up": False, "status": "down"}),
        Report("m-3", "a", "outage", "probe:uplink", TS, {"state": "ok"}),
    ]
    devices.apply_reports(layout, reports)
    Store(layout).apply(reports)
    alerts.evaluate(layout, hub.alerts, TS)


def test_render_exposition_format(hub: Config) -> None:
    layout = Layout(hub.hub_dir)
    _fill(layout, hub)
    text = metrics.render(layout)
    assert "soumnet_devices 2" in text  # the uplink is a probe target, not equipment
    assert 'soumnet_device_cpu_percent{device="host:pc-1",name="pc \\"1\\""} 12.5' in text
    assert 'soumnet_device_up{device="snmp:10.0.0.2",name="snmp:10.0.0.2",kind="snmp"} 0' in text
    assert 'soumnet_uplink_up{state="ok"} 1' in text
    assert 'soumnet_alerts{rule="disk_full",state="active"} 1' in text
    assert 'soumnet_alerts{rule="device_down",state="pending"} 1' in text
    for line in text.splitlines():
        assert line.startswith("#") or line.startswith("soumnet_"), line


def test_bad_address() -> None:
    for bad in ("9101", "host:", "host:99999", "host:x"):
        with pytest.raises(metrics.BadAddress):
            metrics.parse_address(bad)
    assert metrics.parse_address("[::1]:9101") == ("::1", 9101)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_exposes_metrics(hub: Config, cli_env: dict[str, str]) -> None:
    layout = Layout(hub.hub_dir)
    _fill(layout, hub)
    port = _free_port()
    proc = subprocess.Popen(
        [venv_command("soumnet-hub"), "serve", "--metrics", f"127.0.0.1:{port}"],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        body = ""
        for _ in range(200):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
                    assert r.headers["Content-Type"].startswith("text/plain; version=0.0.4")
                    body = r.read().decode("utf-8")
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                time.sleep(0.05)
        assert "soumnet_devices 2" in body
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/other", timeout=5)
    finally:
        proc.terminate()
        assert proc.wait(timeout=30) == 0
