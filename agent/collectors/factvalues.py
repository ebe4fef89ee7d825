"""What a fact's raw value is worth: firmware placeholders and empty fields are no facts.

Shared by the Linux reader (`agent.collectors.facts`) and the Windows one
(`agent.collectors.facts_windows`), so both drop the same junk the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

JUNK_VALUES = frozenset(
    {
        "",
        "0",
        "none",
        "n/a",
        "na",
        "default string",
        "to be filled by o.e.m.",
        "to be filled by oem",
        "system serial number",
        "system manufacturer",
        "system product name",
        "not specified",
        "not applicable",
        "chassis serial number",
        "oem",
        "o.e.m.",
        "123456789",
        "0123456789",
    }
)
"""Placeholders firmware writes where the maker left a field empty: not facts."""


def clean(value: object) -> str | None:
    """A fact's text without padding, or None for firmware placeholders and non-text."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = " ".join(str(value).replace("\x00", " ").split())
    return None if text.lower() in JUNK_VALUES else text


def drop_empty(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Absent, not null: leave out the facts that were not found (nested too)."""
    out: dict[str, Any] = {}
    for key, value in facts.items():
        if isinstance(value, Mapping):
            value = drop_empty(value)
        if value is None or value == {} or value == []:
            continue
        out[key] = value
    return out
