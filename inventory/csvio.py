"""CSV import and export of device records.

Export writes UTF-8 with a byte-order mark (so Excel opens Cyrillic correctly), a header row
of column names (`key` then `devices.FIELDS`), and quotes fields with commas, quotes or line
breaks. Import reads the same format (with or without the mark): every row is checked first;
if any row is bad nothing is imported and `BadCsv` lists every bad row and why. A good file is
applied in one store write (under the write lock), with one audit entry per changed record.
Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent import atomicio
from agent.i18n import Lang, Problem
from agent.wire import format_ts, utcnow
from inventory import audit, devices
from inventory.layout import Layout
from inventory.records_messages import T

COLUMNS = ("key", *devices.FIELDS)
MAX_BYTES = 20 * 1024 * 1024


class BadCsv(Problem):
    """The file as a whole cannot be read as a device CSV."""

    def __init__(self, file: object, reason: Problem) -> None:
        super().__init__(T, "csv.bad_file", file=file, reason=reason)


@dataclass(frozen=True)
class RowProblem:
    row: int
    problems: list[Problem]

    def text(self, lang: Lang) -> str:
        joined = "; ".join(p.text(lang) for p in self.problems)
        return T(lang, "csv.row", row=self.row, problems=joined)


class BadRows(Problem):
    """Rows that failed the check: nothing was imported."""

    def __init__(self, file: object, rows: list[RowProblem]) -> None:
        joined = " | ".join(r.text("en") for r in rows)
        super().__init__(T, "csv.bad_rows", file=file, count=len(rows), rows=joined)
        self.rows = rows
        self.file = file

    def text(self, lang: Lang) -> str:
        joined = " | ".join(r.text(lang) for r in self.rows)
        return T(lang, "csv.bad_rows", file=self.file, count=len(self.rows), rows=joined)


class _Msg(Problem):
    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(T, key, **values)


def export_text(layout: Layout) -> str:
    """Every record as CSV text (without the byte-order mark)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for doc in devices.list_devices(layout):
        fields = devices.editable(doc)
        row = [doc["key"]]
        for field in devices.FIELDS:
            value = fields[field]
            if field == "macs":
                row.append(" ".join(value or []))
            elif isinstance(value, float) and value.is_integer():
                row.append(str(int(value)))
            else:
                row.append("" if value is None else str(value))
        writer.writerow(row)
    return out.getvalue()


def export_devices(layout: Layout, path: Path) -> int:
    """Write every record to `path` (UTF-8 with BOM); returns how many."""
    text = export_text(layout)
    atomicio.write_bytes(path, text.encode("utf-8-sig"))
    return len(devices.list_devices(layout))


@dataclass(frozen=True)
class ImportResult:
    added: list[str]
    updated: list[str]


def check(layout: Layout, raw: bytes, file: object) -> list[tuple[str | None, dict[str, Any]]]:
    """Parse and validate the whole file: (existing key or None, cleaned fields) per row."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadCsv(file, _Msg("csv.not_utf8")) from None
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise BadCsv(file, _Msg("csv.csv_error", reason=exc)) from None
    if not table or not any(cell.strip() for cell in table[0]):
        raise BadCsv(file, _Msg("csv.no_header"))
    header = [cell.strip() for cell in table[0]]
    unknown = [c for c in header if c not in COLUMNS]
    if unknown or len(set(header)) != len(header):
        raise BadCsv(file, _Msg("csv.bad_columns", columns=", ".join(unknown) or header))
    existing = {d["key"]: d for d in devices.list_devices(layout)}
    tags = {str(d["asset_tag"]): d["key"] for d in existing.values() if d.get("asset_tag")}
    out: list[tuple[str | None, dict[str, Any]]] = []
    bad: list[RowProblem] = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            bad.append(
                RowProblem(
                    number, [_Msg("csv.wrong_cells", count=len(cells), expected=len(header))]
                )
            )
            continue
        row = dict(zip(header, cells, strict=True))
        key = row.pop("key", "").strip() or None
        clean, problems = devices.validate(row)
        found: list[Problem] = list(problems)
        if key is not None and key not in existing:
            found.append(_Msg("devices.unknown", key=key))
        tag = clean.get("asset_tag")
        if tag:
            owner = tags.get(tag)
            if owner is not None and owner != key:
                found.append(devices.FieldProblem("asset_tag", "devices.tag_taken", value=tag))
            tags[tag] = key or f"row {number}"
        if found:
            bad.append(RowProblem(number, found))
        else:
            out.append((key, clean))
    if bad:
        raise BadRows(file, bad)
    return out


def import_devices(layout: Layout, path: Path, who: str) -> ImportResult:
    """Import a CSV file all or nothing; BadCsv / BadRows say why nothing was imported."""
    return import_bytes(layout, path.read_bytes()[:MAX_BYTES], path, who)


def import_bytes(layout: Layout, raw: bytes, path: Path, who: str) -> ImportResult:
    """Import the content of the CSV file `path` (read by the caller, who may be another
    process than the one that writes the store)."""
    raw = raw[:MAX_BYTES]
    rows = check(layout, raw, path)
    with layout.write_lock():
        rows = check(layout, raw, path)  # the records may have changed since the first check
        docs = {d["key"]: d for d in devices.list_devices(layout)}
        now = utcnow()
        added, updated = [], []
        changes: list[tuple[str, Any, Any]] = []
        for key, clean in rows:
            if key is None:
                key = devices._new_key(docs, clean)
                docs[key] = {"key": key, "first_seen": format_ts(now), "status": "in_use"}
                before = None
                added.append(key)
            else:
                before = devices.editable(docs[key])
                updated.append(key)
            doc = docs[key]
            doc.update(clean)
            doc["manual"] = sorted(set(doc.get("manual", [])) | set(clean))
            changes.append((key, before, devices.editable(doc)))
        devices._flag_duplicates(docs, [k for k, _, _ in changes])
        entries = [
            audit.Change(who, "device.import_add" if b is None else "device.import_edit", k, b, a)
            for k, b, a in changes
            if b != a
        ]
        with audit.recorded(layout, *entries, now=now):
            devices._save(layout, docs.values())
    return ImportResult(added, updated)
