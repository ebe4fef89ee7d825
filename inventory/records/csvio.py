"""CSV import and export of device records.

Export writes UTF-8 with a byte-order mark (so Excel opens Cyrillic correctly), a header row
of column names (`key` then `devices.FIELDS`), and quotes fields with commas, quotes or line
breaks. Import reads what an office's Excel writes:

- the encoding: UTF-8 with or without the mark, else Windows-1251 (Excel's "CSV (comma
  delimited)" on a Cyrillic Windows) when the text reads as Cyrillic: no word mixes Latin and
  Cyrillic letters. Windows-1251 has no Ө or Ү and Excel writes '?' for them, so such a file is
  refused with how to save it as UTF-8 rather than stored with broken names. A general
  detector was not used: it chooses among dozens of encodings and guesses short files wrong,
  where an office's Excel writes only UTF-8 or its ANSI code page;
- the separator: `,` or `;` (Excel uses the list separator of the Windows locale), chosen by
  the header row, whose cells must all be column names;
- the values by the rules of `inventory.records.values`; `connected_to` may name a device of the
same file.

Every row is checked first; if any row is bad nothing is imported and `BadRows` lists every
bad row and why. A row with a `key` changes only the cells that differ from the record (an
unchanged export imports as no change at all); a row without one adds a record with its
filled cells. A good file is applied in one store write (under the write lock), with one audit
entry per changed record. Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foundation import atomicio
from foundation.i18n import Lang, Problem
from foundation.wire import format_ts, utcnow
from inventory.records import devices
from inventory.records_messages import T
from inventory.store import audit
from inventory.store.layout import Layout

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


def export_cell(field: str, value: Any) -> str:
    """A stored value as its CSV cell (also what an unchanged cell of an import looks like)."""
    if field == "macs":
        return " ".join(value or [])
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def export_text(layout: Layout) -> str:
    """Every record as CSV text (without the byte-order mark)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for doc in devices.list_devices(layout):
        fields = devices.editable(doc)
        writer.writerow([doc["key"], *(export_cell(f, fields[f]) for f in devices.FIELDS)])
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
    """Records whose row changed at least one field."""
    unchanged: list[str]
    """Records whose row matched them already: nothing written, nothing audited."""
    encoding: str
    separator: str


@dataclass
class Row:
    """One checked row: the record it changes (None: a new one) and its changed fields."""

    number: int
    key: str | None
    fields: dict[str, Any]


@dataclass(frozen=True)
class Checked:
    rows: list[Row]
    encoding: str
    separator: str


CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LOST_LETTER = re.compile(r"\?[\u0400-\u04ff]|[\u0400-\u04ff]\?\?")
"""Where Excel wrote '?' for a letter Windows-1251 lacks: before a Cyrillic letter, or two in
a row after one (a single '?' after a word is a question mark)."""


def _decode(raw: bytes, file: object) -> tuple[str, str]:
    """The file's text and the name of its encoding (see the module text)."""
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1251")
    except UnicodeDecodeError:
        raise BadCsv(file, _Msg("csv.not_utf8")) from None
    words = re.findall(r"[^\W\d_]+", text)
    mixed = any(CYRILLIC.search(w) and re.search(r"[^\u0400-\u04ff]", w) for w in words)
    if mixed or not any(CYRILLIC.search(w) for w in words):
        raise BadCsv(file, _Msg("csv.not_utf8"))
    return text, "Windows-1251"


def _check_letters(table: list[list[str]], file: object) -> None:
    """A Windows-1251 file where Excel wrote '?' for Ө or Ү: refused, naming the rows."""
    lost = [n for n, cells in enumerate(table, start=1) if LOST_LETTER.search("\t".join(cells))]
    if lost:
        rows = ", ".join(map(str, lost[:10])) + (" …" if len(lost) > 10 else "")
        raise BadCsv(file, _Msg("csv.lost_letters", rows=rows))


SEPARATORS = (",", ";")


def _table(text: str, file: object) -> tuple[list[list[str]], str]:
    """The rows of the file and its separator: the one whose header cells are all columns."""
    first = text.splitlines()[0] if text else ""
    if not first.strip():
        raise BadCsv(file, _Msg("csv.no_header"))
    found: tuple[str, list[str]] | None = None
    for sep in SEPARATORS:
        header = [c.strip() for c in next(csv.reader([first], delimiter=sep))]
        if all(c in COLUMNS for c in header):
            found = (sep, header)
            break
        if found is None or len(header) > len(found[1]):
            found = (sep, header)
    assert found is not None
    sep, header = found
    unknown = [c for c in header if c not in COLUMNS]
    if unknown or len(set(header)) != len(header):
        raise BadCsv(
            file,
            _Msg("csv.bad_columns", columns=", ".join(unknown) or header, separator=sep),
        )
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True))
    except csv.Error as exc:
        raise BadCsv(file, _Msg("csv.csv_error", reason=exc)) from None
    return table, sep


NEW = "\0row:"
"""Prefix of a new row's place-holder key while `connected_to` is resolved within the file."""


def check(layout: Layout, raw: bytes, file: object) -> Checked:
    """Parse and validate the whole file: the changes of every row, or BadCsv / BadRows."""
    text, encoding = _decode(raw, file)
    table, separator = _table(text, file)
    if encoding != "UTF-8":
        _check_letters(table, file)
    header = [cell.strip() for cell in table[0]]
    existing = {d["key"]: d for d in devices.list_devices(layout)}
    tags = {str(d["asset_tag"]): d["key"] for d in existing.values() if d.get("asset_tag")}
    out: list[Row] = []
    bad: dict[int, list[Problem]] = {}
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            count = len(cells)
            bad[number] = [_Msg("csv.wrong_cells", count=count, expected=len(header))]
            continue
        row = dict(zip(header, cells, strict=True))
        key = row.pop("key", "").strip() or None
        found: list[Problem] = []
        if key is not None and key not in existing:
            found.append(_Msg("devices.unknown", key=key))
        stored = devices.editable(existing[key]) if key in existing else None
        if stored is not None:  # a cell as the export wrote it is no change
            row = {f: v for f, v in row.items() if v.strip() != export_cell(f, stored[f]).strip()}
        clean, problems = devices.validate(row)
        found += problems
        tag = clean.get("asset_tag")
        if tag:
            owner = tags.get(tag)
            if owner is not None and owner != key:
                found.append(devices.FieldProblem("asset_tag", "devices.tag_taken", value=tag))
            tags[tag] = key or f"row {number}"
        if found:
            bad[number] = found
        else:
            out.append(Row(number, key, clean))
    _resolve_links(layout, existing, out, bad)
    if bad:
        raise BadRows(file, [RowProblem(n, bad[n]) for n in sorted(bad)])
    for checked in out:
        if checked.key is None:
            checked.fields = {f: v for f, v in checked.fields.items() if v not in (None, [])}
        else:
            stored = devices.editable(existing[checked.key])
            checked.fields = {f: v for f, v in checked.fields.items() if v != stored[f]}
    return Checked(out, encoding, separator)


def _resolve_links(
    layout: Layout,
    existing: dict[str, dict[str, Any]],
    rows: list[Row],
    bad: dict[int, list[Problem]],
) -> None:
    """`connected_to` of each row as a key: of a record, or (NEW + row) of a new row."""
    records = {k: dict(d) for k, d in existing.items()}
    for row in rows:
        if row.key is None:
            # the key the row's record will get (an exported file names devices by key)
            will_be = devices._new_key(existing, row.fields)
            aliases = [will_be] if will_be.startswith("asset:") else []
            records[f"{NEW}{row.number}"] = {
                "key": f"{NEW}{row.number}",
                "aliases": aliases,
                **row.fields,
            }
        else:
            records[row.key].update(row.fields)
    for row in rows:
        ref = row.fields.get("connected_to")
        if not ref:
            continue
        try:
            row.fields["connected_to"] = devices.resolve_link(
                layout, "connected_to", ref, records.values()
            )
        except devices.FieldProblem as exc:
            bad.setdefault(row.number, []).append(exc)


def import_devices(layout: Layout, path: Path, who: str) -> ImportResult:
    """Import a CSV file all or nothing; BadCsv / BadRows say why nothing was imported."""
    return import_bytes(layout, path.read_bytes()[:MAX_BYTES], path, who)


def import_bytes(layout: Layout, raw: bytes, path: Path, who: str) -> ImportResult:
    """Import the content of the CSV file `path` (read by the caller, who may be another
    process than the one that writes the store)."""
    raw = raw[:MAX_BYTES]
    check(layout, raw, path)
    with layout.write_lock():
        checked = check(layout, raw, path)  # the records may have changed since the first check
        docs = {d["key"]: d for d in devices.list_devices(layout)}
        now = utcnow()
        added: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        placed: dict[str, str] = {}
        for row in checked.rows:
            if row.key is None:
                row.key = devices._new_key(docs, row.fields)
                docs[row.key] = {"key": row.key, "first_seen": format_ts(now), "status": "in_use"}
                placed[f"{NEW}{row.number}"] = row.key
        changes: list[tuple[str, Any, Any]] = []
        for row in checked.rows:
            key = str(row.key)
            link = row.fields.get("connected_to")
            if isinstance(link, str) and link.startswith(NEW):
                row.fields["connected_to"] = placed[link]
            doc = docs[key]
            before = None if key in placed.values() else devices.editable(doc)
            if before is not None and not row.fields:
                unchanged.append(key)
                continue
            (added if before is None else updated).append(key)
            doc.update(row.fields)
            doc["manual"] = sorted(set(doc.get("manual", [])) | set(row.fields))
            changes.append((key, before, devices.editable(doc)))
        if changes:
            devices._flag_duplicates(docs, [k for k, _, _ in changes])
        entries = [
            audit.Change(who, "device.import_add" if b is None else "device.import_edit", k, b, a)
            for k, b, a in changes
        ]
        with audit.recorded(layout, *entries, now=now):
            if changes:
                devices._save(layout, docs.values())
    return ImportResult(added, updated, unchanged, checked.encoding, checked.separator)
