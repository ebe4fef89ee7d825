"""The lines of a device's page: its record, what its agent and SNMP report, interfaces.

Plain Python (no Textual), so the page's words can be checked without running the UI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from foundation.i18n import Lang
from foundation.kinds import facts, snmp
from foundation.kinds.fields import JsonObject, data_of
from inventory.records import values
from inventory.records.devices import FIELDS
from inventory.records.names import label_of
from inventory.views.network import InterfaceState
from tui.messages import T

CHOICE_FIELDS = {"type": "type", "status": "status"}
"""Fields whose value is a code shown as its word (`inventory.records.values.word`)."""
TICKS_PER_DAY = 100 * 86400


def field_text(lang: Lang, field: str, value: Any) -> str:
    """A stored value as a person reads it (choices translated, lists joined)."""
    if value is None or value == [] or value == "":
        return ""
    if field in CHOICE_FIELDS:
        return values.word(lang, CHOICE_FIELDS[field], value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, int | float) and not isinstance(value, bool):  # the price, in ₮
        whole = float(value).is_integer()
        return f"{value:,.0f}".replace(",", " ") if whole else f"{value:,.2f}"
    return str(value)


def _facts_line(lang: Lang, data: JsonObject) -> str | None:
    found = facts.parse(data)
    parts: list[str] = []
    if found.os.name:
        parts.append(" ".join(v for v in (found.os.name, found.os.version) if v))
    if found.cpu_model:
        threads = found.cpu_count_logical
        parts.append(f"{found.cpu_model} ×{threads}" if threads else found.cpu_model)
    if found.memory_total is not None:
        parts.append(T(lang, "devices.page.memory", gb=f"{found.memory_total / 2**30:.1f}"))
    if found.bios.version:
        parts.append(f"BIOS {found.bios.vendor or ''} {found.bios.version}".replace("  ", " "))
    if not parts:
        return None
    return f"{T(lang, 'devices.page.reported')}: " + " · ".join(parts)


def _system_line(lang: Lang, data: JsonObject) -> str | None:
    system = snmp.parse(data).system
    parts = [v for v in (system.name, system.descr, system.location, system.contact) if v]
    if system.uptime_ticks is not None:
        parts.append(T(lang, "devices.page.uptime", days=system.uptime_ticks // TICKS_PER_DAY))
    if not parts:
        return None
    return f"{T(lang, 'devices.page.system')}: " + " · ".join(parts)


def fact_lines(
    lang: Lang,
    record: Mapping[str, Any],
    kinds: Mapping[str, Any],
    names: Mapping[str, str] | None = None,
) -> list[str]:
    """The record's filled fields (a hand-set one marked *), then the reported facts; the
    records it may duplicate are named by `names` (their labels)."""
    manual = set(record.get("manual", []))
    lines = [f"{T(lang, 'devices.page.key')}: {record['key']}"]
    if record.get("duplicates"):
        keys = ", ".join(label_of(k, names or {}) for k in record["duplicates"])
        lines.append("?= " + T(lang, "devices.page.duplicate", keys=keys))
    for field in FIELDS:
        text = field_text(lang, field, record.get(field))
        if text:
            mark = " *" if field in manual else ""
            lines.append(f"{T(lang, f'devices.field.{field}')}{mark}: {text}")
    if manual:
        lines.append(f"* {T(lang, 'devices.page.manual')}")
    for kind, make in (("facts", _facts_line), ("snmp", _system_line)):
        sample = kinds.get(kind)
        line = make(lang, data_of(sample)) if sample else None
        if line:
            lines.append(line)
    return lines


def _rate(bps: float | None) -> str:
    if bps is None:
        return "—"
    for unit, size in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if bps >= size:
            return f"{bps / size:.1f} {unit}bit/s"
    return f"{bps:.0f} bit/s"


def interface_lines(lang: Lang, interfaces: Sequence[InterfaceState]) -> list[str]:
    return [
        T(
            lang,
            "devices.page.iface",
            name=i.name,
            oper=T(lang, "net.status.up") if i.oper == "up" else T(lang, "net.status.down"),
            rx=_rate(i.in_bps),
            tx=_rate(i.out_bps),
            errors=(i.in_errors or 0) + (i.out_errors or 0),
        )
        for i in interfaces
    ]
