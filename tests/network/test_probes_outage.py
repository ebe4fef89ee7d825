"""Probes and outage classification with targets on loopback addresses."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from agent.collectors.outage import OutageTracker, classify, device_status
from agent.collectors.probes import ProbeResult, probe_all
from agent.settings.network import ProbeTarget
from tests.conftest import require_program
from tests.network.peers import free_tcp_port


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        code = 503 if self.path.startswith("/broken") else 200
        body = b"ok" if code == 200 else b"down for maintenance"
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def web() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def listener() -> Iterator[int]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    yield int(sock.getsockname()[1])
    sock.close()


def closed(kind: str = "tcp", name: str = "", role: str = "external") -> ProbeTarget:
    port = free_tcp_port()
    if kind == "http":
        return ProbeTarget(name=name, role=role, kind="http", url=f"http://127.0.0.1:{port}/")
    return ProbeTarget(name=name, role=role, kind="tcp", host="127.0.0.1", port=port)


def test_ping_tcp_and_http_measure_latency_loss_and_jitter(web: int, listener: int) -> None:
    require_program("ping")
    targets = [
        ProbeTarget(name="loopback", role="gateway", kind="ping", host="127.0.0.1"),
        ProbeTarget(name="erp", role="internal", kind="tcp", host="127.0.0.1", port=listener),
        ProbeTarget(name="portal", kind="http", url=f"http://127.0.0.1:{web}/"),
        ProbeTarget(name="broken", kind="http", url=f"http://127.0.0.1:{web}/broken"),
        closed("tcp", "nothing-listens"),
    ]
    ping, tcp, web_ok, web_broken, dead = probe_all(targets, count=3, timeout=1.0)
    assert ping.up and ping.received == 3 and ping.loss_percent == 0.0
    assert ping.method in ("ping", "icmp-socket", "tcp-fallback")
    assert ping.latency_ms is not None and ping.jitter_ms is not None
    assert tcp.up and tcp.loss_percent == 0.0 and len(tcp.latencies_ms) == 3
    assert web_ok.up and web_ok.status == 200
    assert not web_broken.up and web_broken.status == 503 and web_broken.error == "HTTP 503"
    assert not dead.up and dead.loss_percent == 100.0 and dead.latency_ms is None
    as_json = ping.to_json()
    assert as_json["name"] == "loopback" and as_json["role"] == "gateway"


def test_jitter_is_the_mean_difference_of_successive_round_trips() -> None:
    result = ProbeResult("x", "external", "ping", "x", sent=4, received=3)
    result.latencies_ms = [10.0, 14.0, 12.0]
    assert result.jitter_ms == 3.0
    assert result.loss_percent == 25.0
    assert result.latency_ms == 12.0


def test_internet_down_is_one_event(listener: int) -> None:
    gateway = ProbeTarget(
        name="router", role="gateway", kind="tcp", host="127.0.0.1", port=listener
    )
    externals = [
        closed("tcp", "e-mongolia"),
        closed("http", "tax-portal"),
        closed("tcp", "dns-google"),
    ]
    results = probe_all([gateway, *externals], count=1, timeout=0.5)
    found = classify(results)
    assert found.state == "internet_down"
    assert found.down_targets == ()
    assert set(found.unreachable) == {"e-mongolia", "tax-portal", "dns-google"}
    assert found.lan_up is True

    tracker = OutageTracker()
    start = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    events = tracker.update(found, start)
    assert [e["event"] for e in events] == ["internet_down"]
    # the same outage on the next rounds: no new event
    assert tracker.update(classify(results), start + timedelta(minutes=1)) == []
    assert tracker.update(classify(results), start + timedelta(minutes=2)) == []
    # the uplink comes back
    up = probe_all([gateway, gateway], count=1, timeout=0.5)
    back = [ProbeResult(**{**r.__dict__, "role": "external", "name": "e-mongolia"}) for r in up]
    ended = tracker.update(classify([up[0], *back]), start + timedelta(hours=3))
    assert [e["event"] for e in ended] == ["internet_down_ended"]
    assert ended[0]["seconds"] == 3 * 3600


def test_gateway_down_is_lan_down_and_devices_are_unreachable(listener: int) -> None:
    targets = [
        closed("tcp", "router", role="gateway"),
        closed("tcp", "e-mongolia"),
        ProbeTarget(name="erp", role="internal", kind="tcp", host="127.0.0.1", port=listener),
    ]
    found = classify(probe_all(targets, count=1, timeout=0.5))
    assert found.state == "lan_down"
    assert found.down_targets == ()
    assert found.lan_up is False
    assert device_status(False, found.lan_up) == "unreachable"
    events = OutageTracker().update(found, datetime(2026, 11, 23, tzinfo=UTC))
    assert [e["event"] for e in events] == ["lan_down"]


def test_a_target_is_down_on_its_own_only_when_the_path_is_up(listener: int) -> None:
    gateway = ProbeTarget(
        name="router", role="gateway", kind="tcp", host="127.0.0.1", port=listener
    )
    external = ProbeTarget(
        name="portal", role="external", kind="tcp", host="127.0.0.1", port=listener
    )
    targets = [gateway, external, closed("tcp", "erp", role="internal")]
    found = classify(probe_all(targets, count=1, timeout=0.5))
    assert found.state == "ok"
    assert found.down_targets == ("erp",)
    assert device_status(False, found.lan_up) == "down"
    assert device_status(True, found.lan_up) == "up"
    events = OutageTracker().update(found, datetime(2026, 11, 23, tzinfo=UTC))
    assert events == [{"event": "target_down", "target": "erp"}]
