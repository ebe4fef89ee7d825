"""Merging two device records that the IT officer found to be one piece of equipment.

`soumnet-hub devices merge KEEP OTHER` and `m` on a device's page: the record OTHER goes
into KEEP. KEEP's fields stay, except that an empty one, or one only reports filled where a
person set OTHER's, takes OTHER's value (with its "set by a person" mark); MAC addresses
are joined. OTHER's key and aliases become aliases
of KEEP, so everything that names them finds KEEP:

- history: shards stay where they are (`store/history/<report key>/`), and every reader
  (device page, overview, alerts, period reports) reads a record's history through its key
  and its aliases, so no history file is moved, copied or rewritten;
- reports that still arrive for OTHER's report key land on KEEP (`apply_reports` matches
  aliases), so no second record appears;
- alerts keep their subject (a report key) and are named by KEEP (`alerts.all_alerts` names
  them from the records);
- maintenance entries of OTHER are moved to KEEP;
- flags (`duplicates`, `not_duplicates`) and `connected_to` that named OTHER name KEEP.

Write order, each file replaced atomically: the audit entry is staged first (a trail that
cannot be written stops the merge before anything changes), then the maintenance log, then
the device records (OTHER removed and KEEP holding its aliases, in one write), then the audit
entry is put in place. A crash after the maintenance write leaves entries on KEEP and both
records in place: nothing is lost and the same merge can be run again; no write before the
records' touches history.
"""

from __future__ import annotations

from typing import Any

from foundation.i18n import Problem
from inventory.records import devices, maintenance
from inventory.records_messages import T
from inventory.store import audit
from inventory.store.layout import Layout


class SameRecord(Problem):
    def __init__(self, key: str) -> None:
        super().__init__(T, "devices.merge_same", key=key)


def _record(docs: dict[str, dict[str, Any]], key: str) -> dict[str, Any]:
    for doc in docs.values():
        if doc["key"] == key or key in doc.get("aliases", []):
            return doc
    raise devices.UnknownDevice(key)


def merged(keep: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """KEEP with OTHER folded in (neither is changed)."""
    out = dict(keep)
    manual = set(keep.get("manual", []))
    for field in devices.FIELDS:
        if field == "macs":
            macs = sorted({*(keep.get("macs") or []), *(other.get("macs") or [])})
            if macs:
                out["macs"] = macs
            continue
        if other.get(field) in (None, ""):
            continue
        by_person = field in other.get("manual", [])
        if keep.get(field) in (None, "") or (by_person and field not in manual):
            out[field] = other[field]
            if by_person:
                manual.add(field)
    if manual:
        out["manual"] = sorted(manual)
    both = {keep["key"], other["key"]}
    aliases = {*keep.get("aliases", []), other["key"], *other.get("aliases", [])} - {keep["key"]}
    out["aliases"] = sorted(aliases)
    for flag in ("duplicates", "not_duplicates"):
        found = {*keep.get(flag, []), *other.get(flag, [])} - both
        if found or flag in out:
            out[flag] = sorted(found)
    seen = [d["first_seen"] for d in (keep, other) if d.get("first_seen")]
    if seen:
        out["first_seen"] = min(seen)
    if not out.get("agent") and other.get("agent"):
        out["agent"] = other["agent"]
    return out


def merge_devices(layout: Layout, keep: str, other: str, who: str) -> dict[str, Any]:
    """Merge the record OTHER into KEEP (keys or aliases); returns the kept record.

    Audited as `device.merge` with both records before and the kept one after. The write
    order, and why a crash loses nothing, is in the module text."""
    with layout.write_lock():
        docs = devices._all(layout)
        kept, gone = _record(docs, keep), _record(docs, other)
        if kept["key"] == gone["key"]:
            raise SameRecord(other)
        result = merged(kept, gone)
        old = {gone["key"], *gone.get("aliases", [])}
        entries = maintenance._all(layout)
        moved = False
        for entry in entries.values():
            if entry.get("device") in old:
                entry["device"] = kept["key"]
                moved = True
        del docs[gone["key"]]
        docs[kept["key"]] = result
        for doc in docs.values():
            if doc is result:
                continue
            for flag in ("duplicates", "not_duplicates"):
                if gone["key"] in doc.get(flag, []):
                    names = {k for k in doc[flag] if k != gone["key"]} | {kept["key"]}
                    doc[flag] = sorted(names - {doc["key"]})
            if doc.get("connected_to") in old:
                doc["connected_to"] = kept["key"]
        change = audit.Change(
            who, "device.merge", kept["key"], {"keep": kept, "other": gone}, result
        )
        with audit.recorded(layout, change):  # the entry is staged first, stored last
            if moved:
                maintenance._save(layout, entries)
            devices._save(layout, docs.values())
    return result
