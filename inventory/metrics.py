"""`soumnet-hub serve --metrics HOST:PORT`: the current state in the Prometheus text format.

An aimag-level Prometheus can scrape many soums' hubs. The page is computed from the store on
each request (a read: no lock needed, every store file is replaced atomically), served by the
standard library's HTTP server in a daemon thread of `serve`.
"""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from agent.i18n import Problem
from agent.wire import parse_ts
from inventory import alerts, devices, maintenance
from inventory.layout import Layout
from inventory.records_messages import T
from inventory.store import Store

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class BadAddress(Problem):
    def __init__(self, text: str) -> None:
        super().__init__(T, "metrics.bad_address", address=text)


def parse_address(text: str) -> tuple[str, int]:
    """'127.0.0.1:9101', '[::1]:9101', ':9101' -> (host, port)."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise BadAddress(text)
    return host.strip("[]") or "0.0.0.0", int(port)


def _label(value: object) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(**labels: object) -> str:
    inner = ",".join(f'{k}="{_label(v)}"' for k, v in labels.items())
    return "{" + inner + "}" if inner else ""


def render(layout: Layout) -> str:
    """The exposition text of the hub's current state."""
    store = Store(layout)
    records = devices.list_devices(layout)
    names = {r["key"]: str(r.get("name") or r["key"]) for r in records}
    latest = store.latest()
    out: list[str] = []

    def metric(
        name: str, kind: str, help_text: str, rows: list[tuple[dict[str, Any], float]]
    ) -> None:
        out.append(f"# HELP {name} {help_text}")
        out.append(f"# TYPE {name} {kind}")
        for labels, value in rows:
            out.append(f"{name}{_labels(**labels)} {value:g}")

    metric("soumnet_devices", "gauge", "Device records on the hub.", [({}, float(len(records)))])
    ups: list[tuple[dict[str, Any], float]] = []
    health: dict[str, list[tuple[dict[str, Any], float]]] = {"cpu": [], "memory": [], "disk": []}
    last: list[tuple[dict[str, Any], float]] = []
    uplink: list[tuple[dict[str, Any], float]] = []
    for key, kinds in sorted(latest.items()):
        name = names.get(key, key)
        stamps = [parse_ts(s["ts"]).timestamp() for s in kinds.values()]
        if stamps:
            last.append(({"device": key, "name": name}, max(stamps)))
        for kind in ("snmp", "probe"):
            data = (kinds.get(kind) or {}).get("data") or {}
            if isinstance(data.get("up"), bool):
                ups.append(({"device": key, "name": name, "kind": kind}, float(data["up"])))
        outage = (kinds.get("outage") or {}).get("data") or {}
        if outage.get("state"):
            uplink.append(({"state": outage["state"]}, float(outage["state"] == "ok")))
    for row in store.overview():
        labels = {"device": row.key, "name": row.name}
        for part, value in (
            ("cpu", row.cpu_percent),
            ("memory", row.memory_percent),
            ("disk", row.disk_percent),
        ):
            if value is not None:
                health[part].append((labels, value))
    metric("soumnet_device_up", "gauge", "1 if the device answered its last poll.", ups)
    metric(
        "soumnet_uplink_up", "gauge", "1 if the internet uplink was up in the last round.", uplink
    )
    metric("soumnet_device_cpu_percent", "gauge", "Newest CPU use.", health["cpu"])
    metric("soumnet_device_memory_percent", "gauge", "Newest memory use.", health["memory"])
    metric("soumnet_device_disk_percent", "gauge", "Fullest disk.", health["disk"])
    metric(
        "soumnet_device_last_report_timestamp_seconds", "gauge", "Time of the newest report.", last
    )
    counts = Counter((a.rule, a.state) for a in alerts.all_alerts(layout) if a.state != "resolved")
    metric(
        "soumnet_alerts",
        "gauge",
        "Alerts that are not resolved, by rule and state.",
        [({"rule": r, "state": s}, float(n)) for (r, s), n in sorted(counts.items())],
    )
    open_work = len(maintenance.list_entries(layout, status="open"))
    metric(
        "soumnet_maintenance_open", "gauge", "Open maintenance entries.", [({}, float(open_work))]
    )
    return "\n".join(out) + "\n"


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
