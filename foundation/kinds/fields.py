"""Tolerant readers of the JSON a report carries, shared by every kind.

Reports come from agents of every age: a field may be missing, null or of another type than
today's agent writes. A reader never raises; what is not there in the expected type is None
(or empty, for lists), and the view built from it says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

JsonObject = Mapping[str, Any]
"""A JSON object as `json.loads` gives it (a report's `data`, or a part of it)."""

EMPTY: JsonObject = {}


def obj(value: object) -> JsonObject:
    """A nested JSON object, or an empty one when the value is not an object."""
    return value if isinstance(value, Mapping) else EMPTY


def objects(value: object) -> tuple[JsonObject, ...]:
    """The JSON objects of a list (other items are skipped); empty when it is not a list."""
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, Mapping))


def text(value: object) -> str | None:
    """A string, or None."""
    return value if isinstance(value, str) else None


def texts(value: object) -> tuple[str, ...]:
    """The strings of a list (other items are skipped)."""
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, str))


def flag(value: object) -> bool | None:
    """A boolean, or None (a 0/1 number is not a boolean here)."""
    return value if isinstance(value, bool) else None


def part(value: object) -> JsonObject | None:
    """A nested object that may be absent (a printer, a UPS): None when it is not one."""
    return value if isinstance(value, Mapping) else None


def data_of(sample: JsonObject | None) -> JsonObject:
    """The `data` of a stored report (the store's newest of a kind, a raw sample); empty
    when there is no report or it has no data object."""
    return obj(sample.get("data")) if sample is not None else EMPTY
