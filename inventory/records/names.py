"""How a device is named for a person: by its name and asset tag, never by its record key.

Keys (`host:<id>`, `snmp:<address>`, `manual:3`) identify records and reports; alerts,
reports, the terminal UI and the commands' text output name a device with `label`, so that
the IT officer reads "Лазер принтер (A-17)" where the store says `snmp:192.168.1.20`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

READABLE_PREFIXES = ("snmp:", "probe:", "asset:")
"""Key prefixes followed by something a person recognises: an address, a target's name, an
asset tag."""


def readable_key(key: str) -> str:
    """What is left of a key when no record names it: the address of `snmp:192.168.1.20`,
    the target of `probe:E-Mongolia`, the tag of `asset:A-17`; other keys stay as they are."""
    for prefix in READABLE_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


def label(record: Mapping[str, Any]) -> str:
    """'Name (asset tag)': the name a person gave, or the reported host name; failing both,
    the IP address or what is readable in the key. The tag is left out when it is the name."""
    key = str(record.get("key") or "")
    name = str(record.get("name") or "").strip()
    if not name or name == key:
        name = str(record.get("ip") or "").strip() or readable_key(key)
    tag = str(record.get("asset_tag") or "").strip()
    return f"{name} ({tag})" if tag and tag != name else name


def labels(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Every record's key and alias (report keys matched to it, merged records) → its label."""
    out: dict[str, str] = {}
    for record in records:
        text = label(record)
        for key in (record.get("key"), *record.get("aliases", [])):
            if key:
                out[str(key)] = text
    return out


def label_of(key: str, known: Mapping[str, str], fallback: str = "") -> str:
    """The label of the record `key` belongs to; else `fallback` (a name a report carried),
    else the readable part of the key. A toner alert's `snmp:…#2` names its device."""
    device = key.split("#", 1)[0]
    return known.get(device) or fallback or readable_key(device)
