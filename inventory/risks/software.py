"""The installed programs as the hub knows them: one device's list, and "which PCs have X".

Built over the software documents the hub keeps from the agents' changes
(`inventory.risks.documents`, kind `software`); devices are named as the records name them
(a PC's record may know its report key as an alias). A document the hub has asked to have
whole again (`stale`) is shown as it was, marked so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from foundation.kinds.software import KIND, Program, read
from inventory.records.devices import list_devices
from inventory.records.names import label_of, labels
from inventory.risks import documents
from inventory.store.layout import Layout


@dataclass(frozen=True)
class DevicePrograms:
    """One device's installed programs, by name."""

    device: str
    label: str
    updated: datetime | None
    stale: bool
    programs: tuple[Program, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "device": self.device,
            "label": self.label,
            "updated": self.updated.isoformat() if self.updated else None,
            "stale": self.stale,
            "programs": [_program_json(p) for p in self.programs],
        }


@dataclass(frozen=True)
class Install:
    """One program found on one device."""

    device: str
    label: str
    program: Program

    def to_json(self) -> dict[str, Any]:
        return {"device": self.device, "label": self.label, **_program_json(self.program)}


def _program_json(program: Program) -> dict[str, Any]:
    return {
        "key": program.key,
        "name": program.name,
        "version": program.version,
        "publisher": program.publisher,
        "arch": program.arch,
        "installed": program.installed,
    }


def _names(layout: Layout) -> dict[str, str]:
    return labels(list_devices(layout))


def _record_keys(layout: Layout, device: str) -> set[str]:
    """The report keys of the record `device` names (its key and aliases); itself when no
    record names it."""
    for record in list_devices(layout):
        keys = {str(k) for k in (record.get("key"), *record.get("aliases", [])) if k}
        if device in keys:
            return keys
    return {device}


def device_programs(layout: Layout, device: str) -> DevicePrograms | None:
    """The programs of a device (its record key or any of its report keys); None when no
    software document has come for it."""
    keys = _record_keys(layout, device)
    kept = [k for k in documents.every(layout, KIND) if k.device in keys]
    if not kept:
        return None
    newest = max(kept, key=lambda k: k.updated.timestamp() if k.updated else 0.0)
    return DevicePrograms(
        device=newest.device,
        label=label_of(newest.device, _names(layout)),
        updated=newest.updated,
        stale=newest.stale,
        programs=read(newest.document),
    )


def every_device(layout: Layout) -> list[DevicePrograms]:
    """Every device's programs (for counting seats and for the Software screen)."""
    names = _names(layout)
    return [
        DevicePrograms(k.device, label_of(k.device, names), k.updated, k.stale, read(k.document))
        for k in documents.every(layout, KIND)
    ]


def matches(name: str, text: str) -> bool:
    """Whether a program's name contains `text`, whatever the case ("office" finds
    "Microsoft Office Professional Plus 2010")."""
    return text.casefold() in name.casefold()


def find_in(devices: Iterable[DevicePrograms], text: str) -> list[Install]:
    """Every install whose program name contains `text`, by program name then device."""
    wanted = text.strip()
    if not wanted:
        return []
    found = [
        Install(d.device, d.label, p)
        for d in devices
        for p in d.programs
        if matches(p.name, wanted)
    ]
    return sorted(found, key=lambda i: (i.program.name.casefold(), i.label.casefold(), i.device))


def find(layout: Layout, text: str) -> list[Install]:
    """Which PCs have a program whose name contains `text`, with its versions."""
    return find_in(every_device(layout), text)


def versions(installs: Iterable[Install]) -> Mapping[str, int]:
    """How many devices have each version (a summary line: "7.1.0 ×3, 7.0.1 ×1")."""
    counts: dict[str, set[str]] = {}
    for install in installs:
        counts.setdefault(install.program.version or "?", set()).add(install.device)
    return {v: len(d) for v, d in sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0]))}
