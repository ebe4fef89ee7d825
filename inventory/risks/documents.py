"""The documents agents send as changes (kinds `posture` and `software`), as the hub builds
them: `<store>/documents/<kind>/<device folder>.json`, one JSON file per device and kind.

Each file: `device`, `agent`, `kind`, `hash` (the document's digest, `foundation.kinds.changes`),
`updated` (the time of the newest report applied), `document` (key → value), and `stale`
(true when a report could not be applied: it changed another document than the one kept; the
hub has asked the agent for the whole one with the `scan` task, and the kept document is shown
as it was until it comes).

`serve` applies reports in the order they were made, under the write lock; a report applied
again (a batch repeated after a crash) changes nothing, because its changes name as `base`
a document the hub no longer holds, while its `hash` is the one kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from foundation.jsonfile import read_json, write_json
from foundation.kinds import changes
from foundation.kinds.fields import obj
from foundation.wire import Report, format_ts, parse_ts
from inventory.store.layout import Layout, device_folder

KINDS = ("posture", "software")


@dataclass(frozen=True)
class Kept:
    device: str
    agent: str
    kind: str
    hash: str | None
    updated: datetime | None
    document: dict[str, Any]
    stale: bool


def _path(layout: Layout, kind: str, device: str) -> Any:
    return layout.store / "documents" / kind / f"{device_folder(device)}.json"


def _kept(found: Any) -> Kept | None:
    if not isinstance(found, dict) or not isinstance(found.get("document"), dict):
        return None
    updated = found.get("updated")
    return Kept(
        device=str(found.get("device") or ""),
        agent=str(found.get("agent") or ""),
        kind=str(found.get("kind") or ""),
        hash=found.get("hash") if isinstance(found.get("hash"), str) else None,
        updated=parse_ts(updated) if isinstance(updated, str) else None,
        document=dict(found["document"]),
        stale=found.get("stale") is True,
    )


def get(layout: Layout, kind: str, device: str) -> Kept | None:
    """The document kept for one device (None: none has come yet)."""
    return _kept(read_json(_path(layout, kind, device)))


def every(layout: Layout, kind: str) -> list[Kept]:
    """Every device's document of a kind, by device key."""
    folder = layout.store / "documents" / kind
    out = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        found = _kept(read_json(path))
        if found is not None:
            out.append(found)
    return sorted(out, key=lambda k: k.device)


def record(layout: Layout, reports: Iterable[Report]) -> set[str]:
    """Apply the reports of the document kinds; returns the agents that must send theirs whole
    (the caller asks them with the `scan` task). The caller holds the write lock."""
    wanted: set[str] = set()
    mine = sorted((r for r in reports if r.kind in KINDS), key=lambda r: r.ts)
    cache: dict[tuple[str, str], Kept | None] = {}
    dirty: set[tuple[str, str]] = set()
    for report in mine:
        key = (report.kind, report.device)
        if key not in cache:
            cache[key] = get(layout, *key)
        kept = cache[key]
        view = changes.parse(obj(report.data))
        if kept is not None and view.hash is not None and view.hash == kept.hash:
            continue  # applied before
        if kept is not None and kept.updated is not None and report.ts < kept.updated:
            continue  # older than what is kept (a whole document has replaced it)
        built = changes.apply(kept.document if kept else None, view)
        if built is None:
            if kept is None or not kept.stale:
                base = kept or Kept(report.device, report.agent, report.kind, None, None, {}, True)
                cache[key] = replace(base, stale=True)
                dirty.add(key)
            wanted.add(report.agent)
            continue
        cache[key] = Kept(
            report.device, report.agent, report.kind, view.hash, report.ts, built, False
        )
        dirty.add(key)
    for kind, device in sorted(dirty):
        kept = cache[(kind, device)]
        if kept is None:
            continue
        write_json(
            _path(layout, kind, device),
            {
                "device": kept.device,
                "agent": kept.agent,
                "kind": kept.kind,
                "hash": kept.hash,
                "updated": format_ts(kept.updated) if kept.updated else None,
                "document": kept.document,
                "stale": kept.stale,
            },
        )
    return wanted
