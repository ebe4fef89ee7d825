"""The maintenance log: what was done to which device, when, by whom, at what cost.

Entries live in `store/maintenance.json` (table `entries`), one small file: an office logs a
few entries a week. Every add, edit and close is a person's write: it takes the data folder's
write lock (`Layout.write_lock`, shared with `serve`) and goes into the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from foundation.i18n import Lang, Problem
from foundation.jsonfile import read_json
from foundation.wire import format_ts, utcnow
from inventory.records import devices, values
from inventory.records_messages import T
from inventory.store import audit
from inventory.store.jsonstore import batch
from inventory.store.layout import Layout

KINDS = values.CHOICES["kind"]
ENTRY_STATUSES = values.CHOICES["entry_status"]
FIELDS = (
    "device",
    "date",
    "kind",
    "description",
    "parts",
    "cost",
    "minutes",
    "done_by",
    "status",
    "alerts",
)
"""`minutes`: time spent; `alerts`: ids of linked alerts; `parts`: free text."""


class InvalidEntry(Problem):
    """Every bad field of a maintenance entry, in one line."""

    def __init__(self, problems: list[devices.FieldProblem]) -> None:
        super().__init__(T, "maint.invalid", problems="; ".join(map(str, problems)))
        self.problems = problems

    def text(self, lang: Lang) -> str:
        return T(lang, "maint.invalid", problems="; ".join(p.text(lang) for p in self.problems))


class UnknownEntry(Problem):
    def __init__(self, entry: object) -> None:
        super().__init__(T, "maint.unknown", entry=entry)


def validate(
    layout: Layout, raw: Mapping[str, Any], partial: bool = False
) -> tuple[dict[str, Any], list[devices.FieldProblem]]:
    """Clean fields; `partial` (an edit) does not require device, date, kind, description."""
    clean: dict[str, Any] = {}
    problems: list[devices.FieldProblem] = []
    for field, value in raw.items():
        if field not in FIELDS:
            problems.append(devices.FieldProblem(field, "devices.bad_field"))
            continue
        text = "" if value is None else str(value).strip()
        try:
            clean[field] = _clean(layout, field, value, text)
        except devices.FieldProblem as exc:
            problems.append(exc)
    if not partial:
        for field in ("device", "date", "kind", "description"):
            if not clean.get(field) and not any(p.field == field for p in problems):
                problems.append(devices.FieldProblem(field, "maint.required"))
    return clean, problems


def _clean(layout: Layout, field: str, value: Any, text: str) -> Any:
    if field == "alerts":
        items = value if isinstance(value, list | tuple) else text.split()
        return [str(i) for i in items if str(i).strip()]
    if field == "device":
        return devices.resolve_link(layout, field, text) if text else None
    if field == "date":
        return values.read_date(field, value)
    if field in ("kind", "status"):
        return values.read_choice(field, field if field == "kind" else "entry_status", text)
    if field == "cost":
        return values.read_money(field, value)
    if field == "minutes":
        return values.read_count(field, value)
    return text or None


def _all(layout: Layout) -> dict[int, dict[str, Any]]:
    data = read_json(layout.maintenance) or {}
    return {int(d["number"]): dict(d) for d in (data.get("entries") or {}).values()}


def _save(layout: Layout, docs: Mapping[int, dict[str, Any]]) -> None:
    with batch(layout.maintenance) as db:
        table = db.table("entries")
        table.truncate()
        table.insert_multiple([docs[n] for n in sorted(docs)])


def list_entries(
    layout: Layout,
    device: str | None = None,
    status: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[dict[str, Any]]:
    """Entries (newest date first), filtered by device, status and date range [start, end)."""
    out = []
    for doc in _all(layout).values():
        if device and doc.get("device") != device:
            continue
        if status and doc.get("status") != status:
            continue
        day = date.fromisoformat(doc["date"])
        if (start and day < start) or (end and day >= end):
            continue
        out.append(doc)
    return sorted(out, key=lambda d: (d["date"], d["number"]), reverse=True)


def get_entry(layout: Layout, number: int) -> dict[str, Any]:
    found = _all(layout).get(number)
    if found is None:
        raise UnknownEntry(number)
    return found


def add_entry(layout: Layout, fields: Mapping[str, Any], who: str) -> dict[str, Any]:
    """Log work; `status` defaults to open, `done_by` to `who`. Returns the stored entry."""
    clean, problems = validate(layout, fields)
    if problems:
        raise InvalidEntry(problems)
    with layout.write_lock():
        docs = _all(layout)
        number = max(docs, default=0) + 1
        doc: dict[str, Any] = {f: None for f in FIELDS}
        doc.update(alerts=[], status="open", done_by=who)
        doc.update({k: v for k, v in clean.items() if v is not None or k not in doc})
        doc.update(number=number, created=format_ts(utcnow()), created_by=who)
        if doc["status"] == "closed":
            doc["closed"] = doc["created"]
        docs[number] = doc
        change = audit.Change(who, "maintenance.add", f"maintenance:{number}", None, doc)
        with audit.recorded(layout, change):
            _save(layout, docs)
    return doc


def edit_entry(layout: Layout, number: int, changes: Mapping[str, Any], who: str) -> dict[str, Any]:
    """Change fields of an entry (closing it is `changes={"status": "closed"}`)."""
    clean, problems = validate(layout, changes, partial=True)
    for field in ("device", "date", "kind", "description"):
        if field in clean and not clean[field]:
            problems.append(devices.FieldProblem(field, "maint.required"))
    if problems:
        raise InvalidEntry(problems)
    with layout.write_lock():
        docs = _all(layout)
        if number not in docs:
            raise UnknownEntry(number)
        doc = docs[number]
        before = dict(doc)
        doc.update(clean)
        if clean.get("status") == "closed" and before.get("status") != "closed":
            doc["closed"] = format_ts(utcnow())
        if clean.get("status") == "open":
            doc.pop("closed", None)
        change = audit.Change(who, "maintenance.edit", f"maintenance:{number}", before, doc)
        with audit.recorded(layout, change):
            _save(layout, docs)
    return doc


def close_entry(layout: Layout, number: int, who: str) -> dict[str, Any]:
    return edit_entry(layout, number, {"status": "closed"}, who)
