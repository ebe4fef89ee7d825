"""Device records: one per piece of equipment, merged from agent reports and manual entry.

A record is a dict in `store/devices.json` (table `devices`) keyed by `key` — the device key
of its reports (`host:<id>`, `snmp:<address>`) or, for equipment entered by hand,
`asset:<tag>` / `manual:<n>`. Besides the fields in `FIELDS` a record holds:

- `manual`: the fields a person set. An automatic report never changes them.
- `aliases`: other report keys that belong to this record (matched by serial number).
- `duplicates`: keys of records that share a MAC address or serial with this one but were
  not merged: the IT officer decides (`dismiss_duplicates` or an edit).

Matching: a report for an unknown key whose serial number equals the serial of exactly one
record becomes an alias of that record; one that shares only a MAC address (or a serial with
several records) gets a record of its own, flagged as a possible duplicate. SNMP devices are
matched the same way (serial from ENTITY-MIB, MACs of their interfaces), and a polled device
is also flagged beside a record entered by hand with its IP address. Flags are resolved by
a person: `dismiss_duplicates`, or a merge (`inventory.records.merge`).

Writes by people (`add_device`, `edit_device`, `import_devices` in csvio) take the data
folder's write lock (`Layout.write_lock`), which `serve` also holds while applying a batch,
and each change is recorded in the audit trail with who, when, before and after.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from typing import Any

from foundation.i18n import Lang, Problem
from foundation.jsonfile import read_json
from foundation.kinds import facts, snmp
from foundation.wire import Report, format_ts, utcnow
from inventory.records import values
from inventory.records_messages import T
from inventory.store import audit
from inventory.store.jsonstore import batch
from inventory.store.layout import Layout
from inventory.store.store import PROBE_PREFIX

DEVICE_TYPES = values.CHOICES["type"]
STATUSES = values.CHOICES["status"]

FIELDS = (
    "name",
    "asset_tag",
    "type",
    "make",
    "model",
    "serial",
    "macs",
    "ip",
    "location",
    "connected_to",
    "assigned_to",
    "department",
    "purchase_date",
    "purchase_price",
    "warranty_end",
    "status",
    "notes",
)
"""Editable fields, in the order of the CSV columns. `connected_to` is the key of the switch
(or router) the device hangs off, when known: alerts use it to report one fault once."""

MAC_RE = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")


FieldProblem = values.FieldProblem
"""One field with a bad value (re-exported: the records' callers know it from here)."""


class InvalidDevice(Problem):
    """A record that cannot be saved: every bad field, in one line."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(T, "devices.invalid", problems="; ".join(map(str, problems)))
        self.problems = problems

    def text(self, lang: Lang) -> str:
        joined = "; ".join(p.text(lang) for p in self.problems)
        return T(lang, "devices.invalid", problems=joined)


class UnknownDevice(Problem):
    def __init__(self, key: str) -> None:
        super().__init__(T, "devices.unknown", key=key)


class AmbiguousDevice(Problem):
    """A name that several records carry: the line lists their keys."""

    def __init__(self, key: str, keys: list[str]) -> None:
        super().__init__(T, "devices.ambiguous", key=key, count=len(keys), keys=", ".join(keys))
        self.keys = keys


def normalise_mac(text: str) -> str | None:
    """'AA-BB-CC-DD-EE-FF', 'aabb.ccdd.eeff' -> 'aa:bb:cc:dd:ee:ff'; None if not a MAC."""
    hexdigits = re.sub(r"[^0-9a-fA-F]", "", text)
    if len(hexdigits) != 12 or re.search(r"[^0-9A-Fa-f:.\-\s]", text):
        return None
    mac = ":".join(hexdigits[i : i + 2] for i in range(0, 12, 2)).lower()
    return mac if MAC_RE.match(mac) else None


def validate(raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Clean the given fields (text from a form or CSV, or typed values).

    Returns the cleaned values and every problem found; unknown field names are problems.
    Empty text means "no value" (None, or [] for `macs`).
    """
    clean: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    for field, value in raw.items():
        if field not in FIELDS:
            problems.append(FieldProblem(field, "devices.bad_field"))
            continue
        try:
            clean[field] = _clean(field, value)
        except FieldProblem as exc:
            problems.append(exc)
    return clean, problems


REQUIRED = ("name",)
"""What a person must fill in when entering a record by hand (reports name their own)."""


def validate_entry(
    raw: Mapping[str, Any], new: bool, layout: Layout | None = None
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """`validate` for a person's form: a new record needs every `REQUIRED` field, and an edit
    may not empty one. With `layout`, `connected_to` must name a device of the store. One
    problem per bad field (a missing required one last)."""
    clean, problems = validate(raw)
    if layout is not None:
        problems += _link_problems(layout, clean, list_devices(layout))
    for field in REQUIRED:
        missing = (new and field not in clean) or (field in clean and clean[field] is None)
        if missing and not any(p.field == field for p in problems):
            problems.append(FieldProblem(field, "maint.required"))
    return clean, problems


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _clean(field: str, value: Any) -> Any:
    if field == "macs":
        items = value if isinstance(value, list | tuple) else re.split(r"[\s,;]+", _text(value))
        macs = []
        for item in items:
            if not _text(item):
                continue
            mac = normalise_mac(_text(item))
            if mac is None:
                raise FieldProblem(field, "devices.bad_mac", value=item)
            macs.append(mac)
        return macs
    text = _text(value)
    if not text:
        return None
    if field in ("type", "status"):
        return values.read_choice(field, field, text)
    if field in ("purchase_date", "warranty_end"):
        return values.read_date(field, text)
    if field == "purchase_price":
        return values.read_money(field, value)
    if field == "ip":
        try:
            return str(ipaddress.ip_address(text))
        except ValueError:
            raise FieldProblem(field, "devices.bad_ip", value=text) from None
    if len(text) > 2000:
        raise FieldProblem(field, "devices.too_long", limit=2000)
    return text


# -- reading ---------------------------------------------------------------------------------


def is_equipment(doc: Mapping[str, Any]) -> bool:
    """False for the record of a probe target (`probe:…`) that older hubs kept: a
    target is monitored (network status, availability), not a piece of equipment. Such
    records are left out of every read and dropped by the next write of the records."""
    return not str(doc.get("key", "")).startswith(PROBE_PREFIX)


def list_devices(layout: Layout) -> list[dict[str, Any]]:
    """Every record, by name (or key)."""
    data = read_json(layout.devices) or {}
    docs = [dict(d) for d in (data.get("devices") or {}).values() if is_equipment(d)]
    return sorted(docs, key=lambda d: (str(d.get("name") or d["key"]).casefold(), d["key"]))


def get_device(layout: Layout, key: str) -> dict[str, Any]:
    """The record with `key` (or with `key` among its aliases); UnknownDevice otherwise."""
    for doc in list_devices(layout):
        if doc["key"] == key or key in doc.get("aliases", []):
            return doc
    raise UnknownDevice(key)


def resolve_device(
    layout: Layout, ref: str, records: Iterable[Mapping[str, Any]] | None = None
) -> dict[str, Any]:
    """The record a person means by `ref`: its key (or one of its aliases), its asset tag, or
    its name when no other record has that name (tags and names in any case).

    Every command and form that takes a device reads it here. `records` (default: the store)
    lets a write resolve against what it holds under the lock. UnknownDevice when none fits;
    AmbiguousDevice, listing the keys, when the name is several records'.
    """
    docs = [dict(d) for d in (list_devices(layout) if records is None else records)]
    text = ref.strip()
    for doc in docs:
        if doc["key"] == text or text in doc.get("aliases", []):
            return doc
    wanted = " ".join(text.split()).casefold()
    for field in ("asset_tag", "name"):
        same = [d for d in docs if " ".join(str(d.get(field) or "").split()).casefold() == wanted]
        if len(same) == 1:
            return same[0]
        if same:
            raise AmbiguousDevice(text, sorted(d["key"] for d in same))
    raise UnknownDevice(text)


def resolve_link(
    layout: Layout, field: str, ref: str, records: Iterable[Mapping[str, Any]] | None = None
) -> str:
    """`resolve_device` for a field that names another device: its key, or a FieldProblem."""
    try:
        return str(resolve_device(layout, ref, records)["key"])
    except UnknownDevice:
        raise FieldProblem(field, "devices.unknown_link", value=ref.strip()) from None
    except AmbiguousDevice as exc:
        raise FieldProblem(
            field,
            "devices.ambiguous_link",
            value=ref.strip(),
            count=len(exc.keys),
            keys=", ".join(exc.keys),
        ) from None


def possible_duplicates(layout: Layout) -> list[dict[str, Any]]:
    """Records flagged as possibly the same equipment as another record."""
    return [d for d in list_devices(layout) if d.get("duplicates")]


def editable(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Only the `FIELDS` of a record (for forms, CSV and the audit trail)."""
    return {f: doc.get(f, [] if f == "macs" else None) for f in FIELDS}


# -- writes by people ------------------------------------------------------------------------


def _save(layout: Layout, docs: Iterable[dict[str, Any]]) -> None:
    with batch(layout.devices) as db:
        table = db.table("devices")
        table.truncate()
        table.insert_multiple(sorted(docs, key=lambda d: d["key"]))


def _all(layout: Layout) -> dict[str, dict[str, Any]]:
    data = read_json(layout.devices) or {}
    return {d["key"]: dict(d) for d in (data.get("devices") or {}).values() if is_equipment(d)}


def _new_key(docs: Mapping[str, Any], fields: Mapping[str, Any]) -> str:
    tag = fields.get("asset_tag")
    if tag:
        key = "asset:" + re.sub(r"\s+", "-", str(tag))
        if key not in docs:
            return key
    n = 1
    while f"manual:{n}" in docs:
        n += 1
    return f"manual:{n}"


def add_device(layout: Layout, fields: Mapping[str, Any], who: str) -> str:
    """Create a record entered by hand; returns its key. InvalidDevice lists every problem."""
    return add_devices(layout, [fields], who)[0]


def add_devices(layout: Layout, rows: list[Mapping[str, Any]], who: str) -> list[str]:
    """Create several records in one write (all or nothing); returns their keys."""
    with layout.write_lock():
        docs = _all(layout)
        cleaned = []
        for row in rows:
            clean, problems = validate(row)
            problems += _link_problems(layout, clean, docs.values())
            if problems:
                raise InvalidDevice(problems)
            cleaned.append(clean)
        _check_unique_tags(docs, cleaned)
        keys = []
        now = utcnow()
        for clean in cleaned:
            key = _new_key(docs, clean)
            doc: dict[str, Any] = {"key": key, "first_seen": format_ts(now), **clean}
            doc["manual"] = sorted(clean)
            doc.setdefault("status", "in_use")
            docs[key] = doc
            keys.append(key)
        _flag_duplicates(docs, keys)
        added = (audit.Change(who, "device.add", k, None, editable(docs[k])) for k in keys)
        with audit.recorded(layout, *added, now=now):
            _save(layout, docs.values())
    return keys


def _link_problems(
    layout: Layout, clean: dict[str, Any], records: Iterable[Mapping[str, Any]]
) -> list[FieldProblem]:
    """Turn `connected_to` (a key, asset tag or unique name) into the key it names, in
    place; the problem when it names no device or several."""
    if not clean.get("connected_to"):
        return []
    try:
        clean["connected_to"] = resolve_link(layout, "connected_to", clean["connected_to"], records)
    except FieldProblem as exc:
        return [exc]
    return []


def _check_unique_tags(docs: Mapping[str, Any], cleaned: list[dict[str, Any]]) -> None:
    taken = {str(d.get("asset_tag")) for d in docs.values() if d.get("asset_tag")}
    for clean in cleaned:
        tag = clean.get("asset_tag")
        if tag and tag in taken:
            raise InvalidDevice([FieldProblem("asset_tag", "devices.tag_taken", value=tag)])
        if tag:
            taken.add(tag)


def edit_device(layout: Layout, key: str, changes: Mapping[str, Any], who: str) -> dict[str, Any]:
    """Change fields of a record by hand; they become manual (reports never change them)."""
    with layout.write_lock():
        docs = _all(layout)
        found = docs[resolve_device(layout, key, docs.values())["key"]]
        clean, problems = validate(changes)
        problems += _link_problems(layout, clean, docs.values())
        if problems:
            raise InvalidDevice(problems)
        others = {k: v for k, v in docs.items() if k != found["key"]}
        if clean.get("asset_tag") and clean["asset_tag"] != found.get("asset_tag"):
            _check_unique_tags(others, [clean])
        before = editable(found)
        found.update(clean)
        found["manual"] = sorted(set(found.get("manual", [])) | set(clean))
        _flag_duplicates(docs, [found["key"]])
        change = audit.Change(who, "device.edit", found["key"], before, editable(found))
        with audit.recorded(layout, change):
            _save(layout, docs.values())
    return found


def dismiss_duplicates(layout: Layout, key: str, who: str) -> None:
    """The IT officer checked: this record is not a duplicate of the flagged ones."""
    with layout.write_lock():
        docs = _all(layout)
        doc = docs[resolve_device(layout, key, docs.values())["key"]]
        key = doc["key"]
        before = list(doc.get("duplicates", []))
        doc["not_duplicates"] = sorted(set(doc.get("not_duplicates", [])) | set(before))
        doc["duplicates"] = []
        for other in before:
            if other in docs:
                docs[other]["duplicates"] = [
                    k for k in docs[other].get("duplicates", []) if k != key
                ]
                docs[other]["not_duplicates"] = sorted(
                    set(docs[other].get("not_duplicates", [])) | {key}
                )
        with audit.recorded(layout, audit.Change(who, "device.not_duplicate", key, before, [])):
            _save(layout, docs.values())


def _polled(doc: Mapping[str, Any]) -> bool:
    """A record an SNMP poll reports on (its key or an alias is `snmp:…`)."""
    return any(str(k).startswith("snmp:") for k in (doc["key"], *doc.get("aliases", [])))


def _flag_duplicates(docs: dict[str, dict[str, Any]], keys: Iterable[str]) -> None:
    """Flag (never merge) records that share a serial or a MAC address with `keys`, and a
    polled device's record that shares its IP address with a record not polled (a switch
    entered by hand and then polled). Two polled records on one address (several agents
    behind one IP, on other ports) and two PCs that took turns on an address are not
    flagged by the address alone."""
    for key in keys:
        doc = docs[key]
        serial = doc.get("serial")
        macs = set(doc.get("macs") or [])
        ip = doc.get("ip")
        polled = _polled(doc)
        ignore = set(doc.get("not_duplicates", []))
        for other in docs.values():
            if other["key"] == key or other["key"] in ignore:
                continue
            same = (
                (serial and other.get("serial") == serial)
                or (macs & set(other.get("macs") or []))
                or (ip and other.get("ip") == ip and polled != _polled(other))
            )
            if same:
                for a, b in ((doc, other), (other, doc)):
                    flagged = set(a.get("duplicates", []))
                    flagged.add(b["key"])
                    a["duplicates"] = sorted(flagged)


# -- automatic updates (serve) ---------------------------------------------------------------


def facts_from(report: Report) -> dict[str, Any]:
    """What a report tells about the equipment (name, MACs, IP, make, model, serial, type),
    read through the report kinds (`foundation.kinds`)."""
    if report.kind in ("health", "facts"):
        return _machine_facts(facts.parse(report.data))
    if report.kind == "snmp":
        return _snmp_facts(snmp.parse(report.data))
    return {}


def _macs(found: Iterable[str | None]) -> list[str]:
    macs = {normalise_mac(mac or "") for mac in found}
    return sorted(m for m in macs if m and m != "00:00:00:00:00:00")


def _machine_facts(machine: facts.Facts) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if machine.hostname is not None:
        found["name"] = machine.hostname
    macs = _macs(adapter.mac for adapter in machine.interfaces)
    if macs:
        found["macs"] = macs
    ips = [ip for adapter in machine.interfaces for ip in adapter.ipv4 if not ip.startswith("127.")]
    if ips:
        found["ip"] = ips[0]
    for field, value in (
        ("serial", machine.serial),
        ("make", machine.make),
        ("model", machine.model),
    ):
        if value:
            found[field] = value
    return found


def _snmp_facts(device: snmp.Snmp) -> dict[str, Any]:
    found: dict[str, Any] = {}
    # the configured name and the address are known whether or not the device answered
    if device.name:
        found["name"] = device.name
    if device.address is not None:
        found["ip"] = device.address
    if not device.up:
        return found
    if device.ups is not None:
        found["type"] = "ups"
        if device.ups.manufacturer:
            found["make"] = device.ups.manufacturer
        if device.ups.model:
            found["model"] = device.ups.model
    elif device.printer is not None:
        found["type"] = "printer"
    macs = _macs(interface.mac for interface in device.interfaces)
    if macs:
        found["macs"] = macs
    for entity in device.entities:
        if entity.serial:
            found["serial"] = entity.serial
            if entity.model and "model" not in found:
                found["model"] = entity.model
            break
    return found


def apply_reports(layout: Layout, reports: Iterable[Report]) -> None:
    """Update records from reports (called by `serve` under the write lock).

    Fields a person set are left alone; identity matching is described in the module text.
    """
    merged: dict[str, tuple[Report, dict[str, Any]]] = {}
    for report in sorted(reports, key=lambda r: r.ts):
        if report.device.startswith(PROBE_PREFIX):
            continue  # a monitored target, not equipment: network status shows it
        first, facts = merged.get(report.device, (report, {}))
        merged[report.device] = (first, {**facts, **facts_from(report)})
    if not merged:
        return
    docs = _all(layout)
    changed = False
    for device, (report, facts) in sorted(merged.items()):
        owner = _owner(docs, device, facts)
        if owner is None:
            docs[device] = {
                "key": device,
                "name": facts.get("name") or device,
                "agent": report.agent,
                "first_seen": format_ts(report.ts),
            }
            owner = docs[device]
            changed = True
        manual = set(owner.get("manual", []))
        for field, value in facts.items():
            if field not in manual and owner.get(field) != value:
                owner[field] = value
                changed = True
        if facts.get("serial") or facts.get("macs") or facts.get("ip"):
            before = list(owner.get("duplicates", []))
            _flag_duplicates(docs, [owner["key"]])
            changed = changed or before != owner.get("duplicates", [])
    if changed:
        _save(layout, docs.values())


def _owner(
    docs: dict[str, dict[str, Any]], device: str, facts: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The record a report for `device` belongs to, or None for a new record."""
    if device in docs:
        return docs[device]
    for doc in docs.values():
        if device in doc.get("aliases", []):
            return doc
    serial = facts.get("serial")
    if serial:
        same = [d for d in docs.values() if d.get("serial") == serial]
        if len(same) == 1:
            same[0]["aliases"] = sorted({*same[0].get("aliases", []), device})
            return same[0]
    return None
