"""One rule for which reports speak for a machine, shared by the overview, the Devices
screen and the device page, so they cannot disagree about a machine with several keys."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def kinds_of(record: Mapping[str, Any], latest: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The newest report of each kind for a record and its aliases (the newest wins)."""
    found: dict[str, Any] = {}
    for key in (record["key"], *record.get("aliases", [])):
        for kind, sample in (latest.get(key) or {}).items():
            if kind not in found or str(sample.get("ts", "")) > str(found[kind].get("ts", "")):
                found[kind] = sample
    return found
