"""The hub's store: applying reports and reading device state.

Every write is idempotent and keyed by report id, so a batch applied twice (after a crash
between the store write and the spool removal, or a second delivery by an agent) leaves
each report stored once. No write touches more than the few small files one batch needs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tinydb import Query

from foundation.jsonfile import read_json
from foundation.wire import Report, format_ts, parse_ts
from inventory.records.names import label
from inventory.store import history
from inventory.store.jsonstore import AppendCache, FileCache, batch, table
from inventory.store.layout import Layout
from inventory.views.devices import figures_of, kinds_of, last_seen

PROBE_PREFIX = "probe:"


@dataclass(frozen=True)
class DeviceState:
    """One row of the overview: a device and its newest health figures."""

    key: str
    name: str
    ts: datetime | None
    """Its newest report of any kind (the Devices list's "last seen"), not only health's."""
    cpu_percent: float | None
    memory_percent: float | None
    disk_percent: float | None


class Store:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        # the files `apply` rewrites, kept between batches (serve keeps one Store)
        self.cache = FileCache()
        self.raw = AppendCache()

    # -- writing (only `soumnet-hub serve` calls these) -------------------------------------

    def apply(self, reports: Iterable[Report]) -> int:
        """Store `reports`; returns how many were new. Safe to repeat."""
        by_shard: dict[tuple[str, str], list[Report]] = defaultdict(list)
        items = list(reports)
        rolled = [r for r in items if history.is_rolled_up(r)]
        rolled_ids = {r.id for r in rolled}
        for report in items:
            if report.id in rolled_ids:
                continue  # already rolled up by the agent: straight to the hourly level
            by_shard[(report.device, report.ts.strftime("%Y-%m-%d"))].append(report)
        added = history.add_rolled_up(self.layout, rolled) if rolled else 0
        for group in by_shard.values():
            added += self._add_samples(group)
        self._update_latest([r for r in items if r.id not in rolled_ids])  # not a state
        self._register_devices(items)
        return added

    def _add_samples(self, reports: list[Report]) -> int:
        first = reports[0]
        raw = self.layout.raw_shard(first.device, first.ts)
        have = self.raw.keys(raw, "samples", "id")
        new: dict[str, Report] = {}
        for report in reports:
            if report.id not in have:
                new.setdefault(report.id, report)
        if not new:
            return 0
        samples = [_sample(r) for r in new.values()]
        # the figures first: a crash in between is repaired when the batch is applied again;
        # a day begun without a series shard gets its earlier samples' figures too
        series = self.layout.series_shard(first.device, first.ts)
        earlier = self._table_docs(raw, "samples") if have and not series.exists() else []
        history.add_series(self.cache, series, earlier + samples)
        return self.raw.add(raw, "samples", samples, "id")

    def _update_latest(self, reports: list[Report]) -> None:
        newest: dict[tuple[str, str], Report] = {}
        for report in reports:
            key = (report.device, report.kind)
            if key not in newest or report.ts >= newest[key].ts:
                newest[key] = report
        if not newest:
            return
        path = self.layout.latest
        data = self.cache.read(path)
        data = {} if data is None else data
        changed = False
        with self.cache.changing(path):
            docs = {doc["device"]: doc for doc in table(data, "latest", path).values()}
            for (device, kind), report in newest.items():
                doc = docs.setdefault(device, {"device": device, "kinds": {}})
                current = doc["kinds"].get(kind)
                if current and parse_ts(current["ts"]) > report.ts:
                    continue
                doc["kinds"][kind] = _sample(report)
                changed = True
            if changed:
                ordered = sorted(docs.values(), key=lambda d: d["device"])
                data["latest"] = {str(n): doc for n, doc in enumerate(ordered, 1)}
        if changed:
            self.cache.write(path, data)

    def _register_devices(self, reports: list[Report]) -> None:
        seen: dict[str, Report] = {}
        for report in reports:
            if not report.device.startswith(PROBE_PREFIX):  # a probe target is not equipment
                seen.setdefault(report.device, report)
        known: set[str] = set()
        records = (self.cache.read(self.layout.devices) or {}).get("devices") or {}
        for doc in records.values():
            known.add(doc["key"])
            known.update(doc.get("aliases", []))  # report keys matched to a record by serial
        missing = [r for key, r in seen.items() if key not in known]
        if not missing:
            return
        with batch(self.layout.devices) as db:
            table = db.table("devices")
            device = Query()
            for report in missing:
                if table.contains(device.key == report.device):
                    continue
                table.insert(
                    {
                        "key": report.device,
                        "name": _name_from(report),
                        "agent": report.agent,
                        "first_seen": format_ts(report.ts),
                    }
                )

    # -- reading (any process) --------------------------------------------------------------

    def _table_docs(self, path: Any, table: str) -> list[dict[str, Any]]:
        data = read_json(path) or {}
        return list((data.get(table) or {}).values())

    def devices(self) -> list[dict[str, Any]]:
        """Every equipment record (an old record of a probe target is not one)."""
        docs = self._table_docs(self.layout.devices, "devices")
        return [d for d in docs if not str(d.get("key", "")).startswith(PROBE_PREFIX)]

    def latest(self) -> dict[str, dict[str, Any]]:
        return {
            doc["device"]: doc["kinds"] for doc in self._table_docs(self.layout.latest, "latest")
        }

    def overview(self) -> list[DeviceState]:
        """Every known device with its newest CPU, memory and disk figures, by name."""
        latest = self.latest()
        rows = []
        for device in self.devices():
            kinds = kinds_of(device, latest)
            figures = figures_of(kinds)
            rows.append(
                DeviceState(
                    key=device["key"],
                    name=label(device),
                    ts=last_seen(kinds),
                    cpu_percent=figures.cpu_percent,
                    memory_percent=figures.memory_percent,
                    disk_percent=figures.disk_percent,
                )
            )
        return sorted(rows, key=lambda r: (r.name.casefold(), r.key))

    def samples(self, device: str) -> Iterator[dict[str, Any]]:
        """Every stored raw sample of `device`, oldest shard first."""
        folder = self.layout.device_dir(device)
        for shard in sorted(folder.glob("raw-*.json")):
            yield from self._table_docs(shard, "samples")

    def all_sample_ids(self) -> list[str]:
        """Every stored report id (with repeats, if any were ever stored twice)."""
        ids: list[str] = []
        for shard in sorted(self.layout.history.glob("*/raw-*.json")):
            ids.extend(doc["id"] for doc in self._table_docs(shard, "samples"))
        return ids


def _sample(report: Report) -> dict[str, Any]:
    doc = report.to_json()
    doc.pop("v", None)
    return doc


def _name_from(report: Report) -> str:
    for key in ("hostname", "name", "sysName"):
        value = report.data.get(key)
        if isinstance(value, str) and value:
            return value
    return report.device
