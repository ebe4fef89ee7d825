"""Where each part of the hub's data lives under its data folder.

<data>/soumnet-hub.json        marker: format version (written by `init`)
<data>/spool/*.jsonl           acknowledged batches waiting for `serve`
<data>/store/devices.json      device records (TinyDB table `devices`)
<data>/store/latest.json       newest report per device and kind (table `latest`)
<data>/store/history/<device>/raw-YYYY-MM-DD.json   that day's reports (table `samples`)
<data>/store/history/<device>/series-YYYY-MM-DD.json  the same day's figures, by column
<data>/store/history/<device>/hourly-YYYY-MM.json, daily-YYYY.json  roll-ups (see history)
<data>/store/maintenance.json  maintenance log (table `entries`)
<data>/store/alerts.json       alert states (table `alerts`)
<data>/store/notify.jsonl      the notification queue and log (see inventory.notify.journal)
<data>/store/audit/YYYY-MM.json  audit trail shards (table `entries`); audit/head.json: last entry
<data>/store/audit/head.json   seq and hash of the last audit entry
<data>/agents/agents.json      enrolled agents and requests (TinyDB table `agents`)
<data>/agents/steer.json       the hub's settings and tasks for agents (see inventory.steer.book)
<data>/archives/               yearly archives delivered by agents (see inventory.intake.archives)
<data>/archive_receipt_ed25519  the hub's key that signs archive receipts (0600)
<data>/logs/                   serve.log and agent.log of the TUI's embedded run
<data>/records.lock            lock held around every store write (serve and person-writes)
<data>/serve.lock              held by the one running `serve` (its pid inside)
<data>/serve.sock              where `serve` takes people's changes (see inventory.intake.door)

inventory/DESIGN.md describes every file: its format, its writers and its crash rules.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from foundation import atomicio
from foundation.i18n import Problem
from inventory.messages import T

FORMAT_VERSION = 1
MARKER = "soumnet-hub.json"


class NotInitialised(Problem):
    """The data folder is missing or was never set up with `soumnet-hub init`."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(T, key, **values)


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def marker(self) -> Path:
        return self.root / MARKER

    @property
    def spool(self) -> Path:
        return self.root / "spool"

    @property
    def store(self) -> Path:
        return self.root / "store"

    @property
    def devices(self) -> Path:
        return self.store / "devices.json"

    @property
    def latest(self) -> Path:
        return self.store / "latest.json"

    @property
    def history(self) -> Path:
        return self.store / "history"

    @property
    def maintenance(self) -> Path:
        return self.store / "maintenance.json"

    @property
    def alerts(self) -> Path:
        return self.store / "alerts.json"

    @property
    def notify(self) -> Path:
        return self.store / "notify.jsonl"

    @property
    def audit(self) -> Path:
        return self.store / "audit"

    @property
    def audit_head(self) -> Path:
        return self.audit / "head.json"

    @property
    def agents(self) -> Path:
        return self.root / "agents"

    @property
    def steer_file(self) -> Path:
        return self.agents / "steer.json"

    @property
    def agents_file(self) -> Path:
        return self.agents / "agents.json"

    @property
    def archives(self) -> Path:
        return self.root / "archives"

    @property
    def receipt_key(self) -> Path:
        return self.root / "archive_receipt_ed25519"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def records_lock(self) -> Path:
        return self.root / "records.lock"

    @property
    def serve_lock(self) -> Path:
        return self.root / "serve.lock"

    @property
    def socket(self) -> Path:
        return self.root / "serve.sock"

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """Held around every store write, by `serve` and by a person's edit alike, so two
        processes never read-modify-write the same file at once."""
        with self.records_lock.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def device_dir(self, device: str) -> Path:
        return self.history / device_folder(device)

    def raw_shard(self, device: str, ts: datetime) -> Path:
        return self.device_dir(device) / f"raw-{ts:%Y-%m-%d}.json"

    def series_shard(self, device: str, ts: datetime) -> Path:
        return self.device_dir(device) / f"series-{ts:%Y-%m-%d}.json"

    def init(self) -> bool:
        """Create the folders and marker; True when this call created them."""
        created = not self.marker.exists()
        for folder in (self.root, self.spool, self.store, self.history):
            folder.mkdir(parents=True, exist_ok=True)
        if created:
            atomicio.write_text(self.marker, json.dumps({"format": FORMAT_VERSION}))
        return created

    def check(self) -> None:
        """Raise NotInitialised with a one-line reason unless the data folder is usable."""
        if not self.root.is_dir():
            raise NotInitialised("hub.no_data_dir", folder=self.root)
        if not self.marker.is_file():
            raise NotInitialised("hub.not_hub_dir", folder=self.root)
        for folder in (self.spool, self.store):
            if not folder.is_dir():
                raise NotInitialised("hub.part_missing", folder=folder)


def device_folder(device: str) -> str:
    """A file-system-safe folder name, unique per device key."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", device)[:60].strip("._") or "device"
    digest = hashlib.sha256(device.encode("utf-8")).hexdigest()[:10]
    return f"{safe}-{digest}"
