"""Kind "software": the programs installed on a PC, device `host:<host id>`, sent as changes
(`foundation.kinds.changes`) when the package database changes, and whole when the hub asks.

`data.source`: `dpkg`, `rpm` or `registry` (Windows: both views of the Uninstall keys).
The document: one key per installed program (`bash`, `libc6:i386`, the registry key name on
Windows) → `{"name", "version", "publisher", "arch", "installed"}` (`installed`: a date, where
the package database keeps one). No figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from foundation.kinds.changes import Changes
from foundation.kinds.changes import parse as parse_changes
from foundation.kinds.fields import JsonObject, obj, text

KIND = "software"


@dataclass(frozen=True)
class Program:
    key: str
    name: str
    version: str | None
    publisher: str | None
    arch: str | None
    installed: str | None


def read(document: JsonObject) -> tuple[Program, ...]:
    """The programs of a software document, by name."""
    out = []
    for key, value in document.items():
        entry = obj(value)
        out.append(
            Program(
                key=str(key),
                name=text(entry.get("name")) or str(key),
                version=text(entry.get("version")),
                publisher=text(entry.get("publisher")),
                arch=text(entry.get("arch")),
                installed=text(entry.get("installed")),
            )
        )
    return tuple(sorted(out, key=lambda p: (p.name.casefold(), p.key)))


def parse(data: JsonObject) -> Changes:
    return parse_changes(data)


def figures(data: JsonObject) -> dict[str, float]:
    return {}
