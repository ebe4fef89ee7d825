"""Software licences the office holds, and how many of their seats the inventory uses.

Kept in `store/licences.json`, one small file, written whole and atomically:

    {"format": 1, "last_id": 3, "licences": [
        {"id": 1, "product": "Microsoft Office 2016", "match": "office professional",
         "seats": 10, "expires": "2027-03-31", "note": "contract 12/2024",
         "changed": "2026-12-04T09:00:00Z", "changed_by": "bat"}, …]}

- `id`: given at `add`, never given again (`last_id` keeps the highest);
- `product`: what the office calls it (required);
- `match`: which installed programs use a seat: a case-insensitive part of the program's name
  (`office professional`), or a pattern with `*` and `?` over the whole name
  (`Microsoft Office * 2016`); default: the product;
- `seats`: how many installs the licence allows (a whole number, null: not counted);
- `expires`: the last day it is valid (`YYYY-MM-DD`, null: perpetual);
- `note`: free text; `changed`, `changed_by`: the last change (UTC, the OS account).

A seat is a device: a PC on which at least one program matches, however many match (the
32- and 64-bit entries of one product count once). Adding, editing and removing are people's
changes: through the door (`inventory.intake.door`), by the roles that may change records,
under the write lock, each in the audit trail (`licence.add|edit|remove`, before and after).
A file that is not this format is named in one line and never replaced by a write. The
commands and the Software screen count days to expiry from the office's date; the alerts
(evaluated with the other rules, which know no office) from the UTC date.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from foundation.i18n import Lang, Problem
from foundation.jsonfile import read_json, write_json
from foundation.wire import format_ts, utcnow
from inventory.records import values
from inventory.risks.software import DevicePrograms, every_device
from inventory.risks.software_messages import T
from inventory.store import audit
from inventory.store.layout import Layout

FORMAT = 1
FIELDS = ("product", "match", "seats", "expires", "note")


class LicenceProblem(Problem):
    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(T, key, **values)


class FieldProblem(LicenceProblem):
    """One bad field of a licence."""

    def __init__(self, field: str, key: str, /, **values: object) -> None:
        super().__init__(key, field=field, **values)
        self.field = field


class InvalidLicence(LicenceProblem):
    """Every bad field of a licence, in one line."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("licence.invalid", problems="; ".join(map(str, problems)))
        self.problems = problems

    def text(self, lang: Lang) -> str:
        return T(lang, "licence.invalid", problems="; ".join(p.text(lang) for p in self.problems))


@dataclass(frozen=True)
class Licence:
    id: int
    product: str
    match: str
    seats: int | None
    expires: date | None
    note: str
    changed: str | None = None
    changed_by: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "product": self.product,
            "match": self.match or None,
            "seats": self.seats,
            "expires": self.expires.isoformat() if self.expires else None,
            "note": self.note or None,
            "changed": self.changed,
            "changed_by": self.changed_by,
        }

    def matches(self, name: str) -> bool:
        """Whether an installed program of this name uses a seat."""
        pattern = (self.match or self.product).casefold()
        if "*" in pattern or "?" in pattern:
            return fnmatch.fnmatchcase(name.casefold(), pattern)
        return pattern in name.casefold()


# -- the file --------------------------------------------------------------------------------


def _damaged(layout: Layout, reason: str) -> LicenceProblem:
    return LicenceProblem("licence.damaged", file=layout.store / "licences.json", reason=reason)


def _path(layout: Layout) -> Any:
    return layout.store / "licences.json"


def _read(layout: Layout) -> tuple[int, list[Licence]]:
    """The highest id given and the licences; LicenceProblem (or DamagedFile) in one line
    when the file is not this format."""
    found = read_json(_path(layout))
    if found is None:
        return 0, []
    if not isinstance(found, dict) or not isinstance(found.get("licences"), list):
        raise _damaged(layout, 'expected {"licences": [...]}')
    if found.get("format", FORMAT) != FORMAT:
        raise _damaged(layout, f"format {found.get('format')!r}")
    out: list[Licence] = []
    for n, doc in enumerate(found["licences"], 1):
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), int):
            raise _damaged(layout, f"licence {n}: no id")
        clean, problems = validate(doc_fields(doc))
        if problems or not clean.get("product"):
            raise _damaged(layout, f"licence {doc['id']}: {problems[0] if problems else 'product'}")
        out.append(_licence(int(doc["id"]), clean, doc))
    last = found.get("last_id")
    top = max((lic.id for lic in out), default=0)
    return max(top, last if isinstance(last, int) else 0), out


def doc_fields(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {f: doc.get(f) for f in FIELDS if f in doc}


def _licence(number: int, clean: Mapping[str, Any], doc: Mapping[str, Any]) -> Licence:
    product = str(clean.get("product") or "")
    return Licence(
        id=number,
        product=product,
        match=str(clean.get("match") or ""),
        seats=clean.get("seats"),
        expires=clean.get("expires"),
        note=str(clean.get("note") or ""),
        changed=doc.get("changed") if isinstance(doc.get("changed"), str) else None,
        changed_by=doc.get("changed_by") if isinstance(doc.get("changed_by"), str) else None,
    )


def licences(layout: Layout) -> list[Licence]:
    """Every licence, by product."""
    return sorted(_read(layout)[1], key=lambda lic: (lic.product.casefold(), lic.id))


def get(layout: Layout, number: int) -> Licence:
    found = next((lic for lic in _read(layout)[1] if lic.id == number), None)
    if found is None:
        raise LicenceProblem("licence.unknown", id=number)
    return found


def _write(layout: Layout, last_id: int, items: Iterable[Licence]) -> None:
    docs = [lic.to_json() for lic in sorted(items, key=lambda lic: lic.id)]
    write_json(_path(layout), {"format": FORMAT, "last_id": last_id, "licences": docs})


# -- validating ------------------------------------------------------------------------------


def validate(
    raw: Mapping[str, Any], partial: bool = False
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Clean fields and every problem; `partial` (an edit) does not require a product."""
    clean: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    for field, value in raw.items():
        if field not in FIELDS:
            problems.append(FieldProblem(field, "licence.bad_field", fields=", ".join(FIELDS)))
            continue
        text = "" if value is None else str(value).strip()
        try:
            clean[field] = _clean(field, value, text)
        except FieldProblem as exc:
            problems.append(exc)
    if not partial and not clean.get("product") and not any(p.field == "product" for p in problems):
        problems.append(FieldProblem("product", "licence.required"))
    return clean, problems


def _clean(field: str, value: Any, text: str) -> Any:
    """Seats and dates are read as everywhere else a person types them (`inventory.records.values`):
    `1 000` seats, `2027.06.30` as on Mongolian documents."""
    if field == "seats":
        try:
            return values.read_count(field, value)
        except values.FieldProblem:
            raise FieldProblem(field, "licence.bad_seats", value=text) from None
    if field == "expires":
        try:
            read = values.read_date(field, value)
        except values.FieldProblem:
            raise FieldProblem(field, "licence.bad_date", value=text) from None
        return None if read is None else date.fromisoformat(read)
    return text or None


# -- changes (the door runs these) -----------------------------------------------------------


def add(layout: Layout, fields: Mapping[str, Any], who: str) -> dict[str, Any]:
    """A new licence; returns it as stored."""
    clean, problems = validate(fields)
    if problems:
        raise InvalidLicence(problems)
    with layout.write_lock():
        last, items = _read(layout)
        stamp = {"changed": format_ts(utcnow()), "changed_by": who}
        made = _licence(last + 1, clean, stamp)
        change = audit.Change(who, "licence.add", f"licence:{made.id}", None, made.to_json())
        with audit.recorded(layout, change):
            _write(layout, made.id, [*items, made])
    return made.to_json()


def edit(layout: Layout, number: int, fields: Mapping[str, Any], who: str) -> dict[str, Any]:
    """Change some fields of a licence (an empty seats, expiry or match clears it)."""
    problems = validate(fields, partial=True)[1]
    if problems:
        raise InvalidLicence(problems)
    with layout.write_lock():
        last, items = _read(layout)
        before = next((lic for lic in items if lic.id == number), None)
        if before is None:
            raise LicenceProblem("licence.unknown", id=number)
        clean, problems = validate({**doc_fields(before.to_json()), **fields})
        if problems:
            raise InvalidLicence(problems)
        stamp = {"changed": format_ts(utcnow()), "changed_by": who}
        after = _licence(number, clean, stamp)
        change = audit.Change(
            who, "licence.edit", f"licence:{number}", before.to_json(), after.to_json()
        )
        with audit.recorded(layout, change):
            _write(layout, last, [after if lic.id == number else lic for lic in items])
    return after.to_json()


def remove(layout: Layout, number: int, who: str) -> dict[str, Any]:
    """Take a licence off the list (the audit trail keeps what it was)."""
    with layout.write_lock():
        last, items = _read(layout)
        gone = next((lic for lic in items if lic.id == number), None)
        if gone is None:
            raise LicenceProblem("licence.unknown", id=number)
        change = audit.Change(who, "licence.remove", f"licence:{number}", gone.to_json(), None)
        with audit.recorded(layout, change):
            _write(layout, last, [lic for lic in items if lic.id != number])
    return gone.to_json()


# -- seats in use ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Usage:
    """A licence with the devices whose programs use its seats."""

    licence: Licence
    devices: tuple[tuple[str, str, str], ...]
    """(device key, label, the matching programs' versions) for each device using a seat."""
    days_left: int | None
    """Days from today to the last valid day (negative: expired; None: perpetual)."""

    @property
    def in_use(self) -> int:
        return len(self.devices)

    @property
    def over(self) -> bool:
        seats = self.licence.seats
        return seats is not None and self.in_use > seats

    def to_json(self) -> dict[str, Any]:
        return {
            **self.licence.to_json(),
            "in_use": self.in_use,
            "over": self.over,
            "days_left": self.days_left,
            "devices": [{"device": d, "label": n, "versions": v} for d, n, v in self.devices],
        }


def usage_of(items: Iterable[Licence], devices: list[DevicePrograms], today: date) -> list[Usage]:
    out = []
    for lic in items:
        using = []
        for device in devices:
            found = sorted({p.version or "?" for p in device.programs if lic.matches(p.name)})
            if found:
                using.append((device.device, device.label, ", ".join(found)))
        left = (lic.expires - today).days if lic.expires else None
        out.append(Usage(lic, tuple(sorted(using, key=lambda u: u[1].casefold())), left))
    return out


def usage(layout: Layout, today: date) -> list[Usage]:
    """Every licence with its seats in use, counted from the inventory."""
    return usage_of(licences(layout), every_device(layout), today)


# -- alerts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A licence condition, as `inventory.records.alerts` turns it into an alert."""

    rule: str
    subject: str
    value: float | None
    threshold: float | None
    detail: str


def findings(layout: Layout, warn_days: float, now: datetime) -> list[Finding]:
    """`licence_seats` (more devices use it than it has seats), `licence_expiring` (it ends
    within `warn_days`) and `licence_expired`. A licence file that cannot be read raises no
    licence alert (every command and the Software screen say why in one line)."""
    try:
        found = usage(layout, now.date())
    except Problem:
        return []
    out = []
    for use in found:
        lic = use.licence
        subject = f"licence:{lic.id}"
        if use.over:
            detail = f"{lic.product}: {use.in_use}/{lic.seats}"
            out.append(Finding("licence_seats", subject, use.in_use, lic.seats, detail))
        if use.days_left is not None and lic.expires is not None:
            detail = f"{lic.product} ({lic.expires.isoformat()})"
            if use.days_left < 0:
                out.append(Finding("licence_expired", subject, -use.days_left, None, detail))
            elif use.days_left <= warn_days:
                out.append(Finding("licence_expiring", subject, use.days_left, warn_days, detail))
    return out
