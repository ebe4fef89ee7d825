"""`soumnet-hub serve --metrics HOST:PORT`: the current state in the Prometheus text format.

An aimag-level Prometheus can scrape many soums' hubs. The page is computed from the store on
each request (a read: no lock needed, every store file is replaced atomically), served by the
standard library's HTTP server in a daemon thread of `serve`.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.metrics_core import GaugeMetricFamily, Metric

from foundation.i18n import Problem
from foundation.kinds import outage, probe, snmp
from foundation.kinds.fields import data_of
from foundation.wire import parse_ts
from inventory.records import alerts, devices, maintenance
from inventory.records_messages import T
from inventory.store.layout import Layout
from inventory.store.store import Store
from inventory.views.notify import notify_view

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4  # the format generate_latest writes


class BadAddress(Problem):
    def __init__(self, text: str) -> None:
        super().__init__(T, "metrics.bad_address", address=text)


def parse_address(text: str) -> tuple[str, int]:
    """'127.0.0.1:9101', '[::1]:9101', ':9101' -> (host, port)."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise BadAddress(text)
    return host.strip("[]") or "0.0.0.0", int(port)


class StoreCollector:
    """The hub's state, read from the store at each scrape (nothing is kept in between)."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout

    def collect(self) -> Iterator[Metric]:
        layout = self.layout
        store = Store(layout)
        records = devices.list_devices(layout)
        names = {r["key"]: str(r.get("name") or r["key"]) for r in records}
        yield GaugeMetricFamily("soumnet_devices", "Device records on the hub.", len(records))
        ups = GaugeMetricFamily(
            "soumnet_device_up",
            "1 if the device answered its last poll.",
            labels=["device", "name", "kind"],
        )
        uplink = GaugeMetricFamily(
            "soumnet_uplink_up",
            "1 if the internet uplink was up in the last round.",
            labels=["state"],
        )
        last = GaugeMetricFamily(
            "soumnet_device_last_report_timestamp_seconds",
            "Time of the newest report.",
            labels=["device", "name"],
        )
        for key, kinds in sorted(store.latest().items()):
            name = names.get(key, key)
            stamps = [parse_ts(s["ts"]).timestamp() for s in kinds.values()]
            if stamps:
                last.add_metric([key, name], max(stamps))
            for kind, up in (
                ("snmp", snmp.parse(data_of(kinds.get("snmp"))).up),
                ("probe", probe.parse(data_of(kinds.get("probe"))).up),
            ):
                if up is not None:
                    ups.add_metric([key, name, kind], float(up))
            state = outage.parse(data_of(kinds.get("outage"))).state
            if state:
                uplink.add_metric([state], float(state == "ok"))
        health = {
            part: GaugeMetricFamily(
                f"soumnet_device_{part}_percent", help_text, labels=["device", "name"]
            )
            for part, help_text in (
                ("cpu", "Newest CPU use."),
                ("memory", "Newest memory use."),
                ("disk", "Fullest disk."),
            )
        }
        for row in store.overview():
            for part, value in (
                ("cpu", row.cpu_percent),
                ("memory", row.memory_percent),
                ("disk", row.disk_percent),
            ):
                if value is not None:
                    health[part].add_metric([row.key, row.name], value)
        yield ups
        yield uplink
        yield from health.values()
        yield last
        alert_counts = GaugeMetricFamily(
            "soumnet_alerts",
            "Alerts that are not resolved, by rule and state.",
            labels=["rule", "state"],
        )
        counts = Counter(
            (a.rule, a.state) for a in alerts.all_alerts(layout) if a.state != "resolved"
        )
        for (rule, state), n in sorted(counts.items()):
            alert_counts.add_metric([rule, state], n)
        yield alert_counts
        open_work = len(maintenance.list_entries(layout, status="open"))
        yield GaugeMetricFamily("soumnet_maintenance_open", "Open maintenance entries.", open_work)
        messages = GaugeMetricFamily(
            "soumnet_notify_messages",
            "Notifications in the queue and log, by channel and state (queued, sending,"
            " retrying: waiting; failed: given up).",
            labels=["channel", "state"],
        )
        for channel, states in sorted(notify_view(layout).by_channel().items()):
            for state, n in sorted(states.items()):
                messages.add_metric([channel, state], n)
        yield messages


def render(layout: Layout) -> str:
    """The exposition text of the hub's current state.

    Written by the Prometheus client library: every digit of a value (a Unix time has ten)
    and the escaping of labels as Prometheus reads them. A registry of its own per page: the
    library's global default registry would be state shared by the whole process."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(StoreCollector(layout))
    return generate_latest(registry).decode("utf-8")


def start(layout: Layout, host: str, port: int) -> ThreadingHTTPServer:
    """Serve `/metrics` in a daemon thread; call `.shutdown()` on the result to stop."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?")[0] not in ("/metrics", "/"):
                self.send_error(404)
                return
            try:
                body = render(layout).encode("utf-8")
            except Problem as exc:
                self.send_error(500, str(exc))
                return
            self.send_response(200)
            self.send_header("Content-Type", CONTENT_TYPE)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # a scrape every 15 s would flood the log

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()
    return server
