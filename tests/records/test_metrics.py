"""Metrics export: the Prometheus text format over HTTP, from `serve --metrics`."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from foundation.wire import Report, parse_ts
from inventory.records import alerts, devices
from inventory.reports import metrics
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.conftest import require_program, venv_command
from tui.config import TuiConfig as Config

TS = datetime(2026, 11, 2, 8, 0, 7, tzinfo=UTC)  # not a round number: every digit counts


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
    # labels in name order, as the client library writes them (Prometheus reads any order)
    assert 'soumnet_device_up{device="snmp:10.0.0.2",kind="snmp",name="snmp:10.0.0.2"} 0' in text
    assert 'soumnet_uplink_up{state="ok"} 1' in text
    assert 'soumnet_alerts{rule="disk_full",state="active"} 1' in text
    assert 'soumnet_alerts{rule="device_down",state="pending"} 1' in text
    for line in text.splitlines():
        assert line.startswith("#") or line.startswith("soumnet_"), line


def _stored_last_report(layout: Layout, device: str) -> float:
    """The newest report time of a device as the store holds it, in Unix seconds."""
    return max(parse_ts(s["ts"]).timestamp() for s in Store(layout).latest()[device].values())


def test_values_are_exact(hub: Config) -> None:
    """A Unix time has ten digits: all of them reach the scraper, not six."""
    layout = Layout(hub.hub_dir)
    _fill(layout, hub)
    samples = {
        (s.name, s.labels.get("device")): s.value
        for family in text_string_to_metric_families(metrics.render(layout))
        for s in family.samples
    }
    name = "soumnet_device_last_report_timestamp_seconds"
    assert samples[(name, "host:pc-1")] == _stored_last_report(layout, "host:pc-1")
    assert samples[(name, "host:pc-1")] == TS.timestamp()
    assert samples[("soumnet_device_cpu_percent", "host:pc-1")] == 12.5
    assert samples[("soumnet_device_disk_percent", "host:pc-1")] == 95.0


def test_promtool_accepts_the_exposition(hub: Config) -> None:
    promtool = require_program("promtool")
    layout = Layout(hub.hub_dir)
    _fill(layout, hub)
    done = subprocess.run(
        [promtool, "check", "metrics"],
        input=metrics.render(layout),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert not done.stdout.strip() and not done.stderr.strip(), done.stdout + done.stderr


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


def _start_serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [venv_command("soumnet-hub"), "serve", "--metrics", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_prometheus_scrapes_serve(hub: Config, cli_env: dict[str, str], tmp_path: Path) -> None:
    """A real Prometheus scrapes `serve --metrics` and reads back the store's value exactly."""
    prometheus = require_program("prometheus")
    layout = Layout(hub.hub_dir)
    _fill(layout, hub)
    expected = _stored_last_report(layout, "host:pc-1")
    exporter_port, prometheus_port = _free_port(), _free_port()
    config = tmp_path / "prometheus.yml"
    config.write_text(
        "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
        "scrape_configs:\n  - job_name: soumnet\n"
        f"    static_configs:\n      - targets: ['127.0.0.1:{exporter_port}']\n",
        encoding="utf-8",
    )
    serve = _start_serve(cli_env, exporter_port)
    scraper = subprocess.Popen(
        [
            prometheus,
            f"--config.file={config}",
            f"--storage.tsdb.path={tmp_path / 'tsdb'}",
            f"--web.listen-address=127.0.0.1:{prometheus_port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    query = urllib.parse.urlencode(
        {"query": 'soumnet_device_last_report_timestamp_seconds{device="host:pc-1"}'}
    )
    url = f"http://127.0.0.1:{prometheus_port}/api/v1/query?{query}"
    try:
        found: list[dict] = []
        deadline = time.monotonic() + 60  # a bound for a hung run, not a speed assertion
        while not found and time.monotonic() < deadline:
            assert scraper.poll() is None, scraper.stderr.read() if scraper.stderr else ""
            assert serve.poll() is None, serve.stderr.read() if serve.stderr else ""
            time.sleep(0.25)
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    found = json.load(r)["data"]["result"]
            except (urllib.error.URLError, ConnectionError):
                continue
        assert found, "Prometheus never scraped serve --metrics"
        assert found[0]["metric"]["name"] == 'pc "1"'
        assert float(found[0]["value"][1]) == expected
    finally:
        scraper.terminate()
        serve.terminate()
        assert scraper.wait(timeout=30) == 0
        assert serve.wait(timeout=30) == 0
