"""Real receivers on loopback for the notification tests: an SMTP server (aiosmtpd) and an
HTTP endpoint for Apprise's JSON webhook, and a hub whose alerts the tests drive."""

from __future__ import annotations

import email
import email.policy
import itertools
import json
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from foundation.config import current_user
from foundation.wire import Report
from inventory.notify.service import Notifier
from inventory.records import alerts, devices
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.conftest import write_config
from tui.config import TuiConfig, load

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
"""16:00 in Ulaanbaatar."""
_ids = itertools.count()
ME = f'[users.{current_user()}]\nrole = "it"\n\n'
"""Who runs the tests may use the hub (no address: nothing is sent to them)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Mailbox:
    """What the SMTP server received, as parsed messages."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 OK"

    def bodies(self) -> list[str]:
        with self.lock:
            return [str(m.get_content()) for m in self.messages]

    def ids(self) -> list[str]:
        with self.lock:
            return [str(m["Message-ID"]) for m in self.messages]


class SmtpServer:
    def __init__(self, password: str | None = None) -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        extra: dict[str, Any] = {}
        if password is not None:

            def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
                ok = isinstance(data, LoginPassword) and data.password == password.encode()
                return AuthResult(success=ok, handled=False)

            extra = {"authenticator": check, "auth_require_tls": False}
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port, **extra)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


class Webhook:
    """An HTTP endpoint on loopback that can go away and come back on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.posts: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                hook.posts.append(json.loads(self.rfile.read(size)))
                hook.headers.append(dict(self.headers))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def notify_hub(folder: Path, extra: str) -> TuiConfig:
    config = load(write_config(folder, extra))
    Layout(config.hub_dir).init()
    return config


def report(kind: str, device: str, ts: datetime, data: dict[str, Any]) -> Report:
    return Report(f"r-{next(_ids)}", "agent-1", kind, device, ts, data)


def feed(layout: Layout, *reports: Report) -> None:
    devices.apply_reports(layout, reports)
    Store(layout).apply(reports)


def switch(layout: Layout, ts: datetime, up: bool, address: str = "10.0.0.2") -> None:
    data: dict[str, Any] = {"up": True, "name": "sw"} if up else {"up": False, "status": "down"}
    feed(layout, report("snmp", f"snmp:{address}", ts, data))


def uplink(layout: Layout, ts: datetime, state: str) -> None:
    feed(layout, report("outage", "probe:uplink", ts, {"state": state}))


def lines(iterable: Iterator[str] | list[str]) -> list[str]:
    return [line for text in iterable for line in text.splitlines()]


def down_then_active(config: TuiConfig, notifier: Notifier) -> Layout:
    """Switch `Свич-2` up at T0, down from T0+1 min, an alert (#1) from T0+12 min."""
    layout = Layout(config.hub_dir)
    switch(layout, T0, up=True)
    devices.edit_device(layout, "snmp:10.0.0.2", {"name": "Свич-2"}, "officer")
    switch(layout, T0 + timedelta(minutes=1), up=False)
    for minutes in (1, 12):
        alerts.evaluate(layout, config.alerts, T0 + timedelta(minutes=minutes))
        notifier.plan(T0 + timedelta(minutes=minutes))
    return layout
