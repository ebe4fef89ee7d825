"""A period report's figures as a document: the sections a governor's office files, in the
order a reader asks (summary, equipment, availability, incidents, maintenance, printers,
archives, what is still open), with names instead of keys and words instead of codes.

Every time on it is in the office's time zone; every amount a whole number of tögrög."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from foundation.document.model import (
    Chart,
    Column,
    Document,
    Fact,
    Facts,
    Paragraph,
    Section,
    Signature,
    Table,
    Value,
)
from foundation.i18n import Lang
from inventory.records import values
from inventory.reports.figures import Availability, EquipmentItem, ReportData, Work
from inventory.reports.messages import T

STATUSES = values.CHOICES["status"]


def document(data: ReportData, lang: Lang) -> Document:
    office = data.office
    first = data.start.astimezone(data.tz).date()
    last = (data.end.astimezone(data.tz) - timedelta(days=1)).date()
    made = T(
        lang,
        "doc.made",
        first=first.isoformat(),
        last=last.isoformat(),
        made=_local(data, data.made).strftime("%Y-%m-%d %H:%M"),
        zone=str(data.tz),
    )
    sections = (
        _summary(data, lang),
        _equipment(data, lang),
        _availability(data, lang),
        _incidents(data, lang),
        _work(data, lang),
        _printers(data, lang),
        _backups(data, lang),
        _open(data, lang),
    )
    organisation = tuple(line for line in (office.aimag, office.soum, office.name) if line)
    return Document(
        lang=lang,
        title=T(lang, "doc.title"),
        subtitle=data.period.words(lang),
        organisation=organisation,
        made=made,
        sections=sections,
        signatures=(
            Signature(
                T(lang, "doc.prepared"), office.prepared_by.name, office.prepared_by.position
            ),
            Signature(
                T(lang, "doc.approved"), office.approved_by.name, office.approved_by.position
            ),
        ),
        metadata={"author": office.name, "subject": data.period.words(lang)},
    )


def _local(data: ReportData, ts: datetime) -> datetime:
    return ts.astimezone(data.tz)


def _hours(minutes: float) -> float:
    return round(minutes / 60, 1)


# -- sections ----------------------------------------------------------------------------


def _summary(data: ReportData, lang: Lang) -> Section:
    equipment = sum(sum(c.values()) for c in data.types.values())
    uplink = next((s for s in data.services if s.kind == "outage"), None)
    shown: Value = (
        f"{uplink.percent:.1f} % ({_measured(data, uplink, lang)})"
        if uplink is not None and uplink.percent is not None
        else T(lang, "summary.not_measured")
    )
    failed = sum(1 for b in data.backups if b.status == "FAILED")
    facts = (
        Fact(T(lang, "summary.devices"), equipment, "int"),
        Fact(T(lang, "summary.uplink"), shown),
        Fact(
            T(lang, "summary.incidents"),
            T(
                lang,
                "summary.incidents_value",
                count=len(data.incidents),
                ongoing=len(data.ongoing),
            ),
        ),
        Fact(T(lang, "summary.work"), len(data.work), "int"),
        Fact(T(lang, "summary.hours"), _hours(data.work_minutes), "hours"),
        Fact(T(lang, "summary.cost"), data.work_cost, "money"),
        Fact(T(lang, "summary.backups"), failed, "int"),
    )
    return Section(T(lang, "summary"), (Facts(facts),))


def _equipment(data: ReportData, lang: Lang) -> Section:
    none = T(lang, "doc.none")
    columns = (
        Column(T(lang, "equipment.type"), width=2),
        *(Column(values.word(lang, "status", s), "int") for s in STATUSES),
        Column(T(lang, "equipment.total"), "int"),
    )
    rows: tuple[tuple[Value, ...], ...] = tuple(
        (
            values.word(lang, "type", kind),
            *(counts.get(s, 0) for s in STATUSES),
            sum(counts.values()),
        )
        for kind, counts in sorted(data.types.items(), key=lambda i: _type_order(i[0]))
    )
    total: tuple[Value, ...] = (
        T(lang, "equipment.total"),
        *(sum(c.get(s, 0) for c in data.types.values()) for s in STATUSES),
        sum(sum(c.values()) for c in data.types.values()),
    )
    local_end = data.until.astimezone(data.tz).date()
    return Section(
        T(lang, "equipment"),
        (
            Table(columns, rows, T(lang, "equipment.by_type"), total if rows else None, none),
            _items(lang, "equipment.added", "equipment.date", data.added),
            _items(lang, "equipment.retired", "equipment.date", data.retired),
            _items(
                lang, "equipment.warranties", "equipment.warranty_end", data.warranties, local_end
            ),
        ),
    )


def _items(
    lang: Lang,
    title: str,
    day_title: str,
    items: list[EquipmentItem],
    days_from: date | None = None,
) -> Table:
    """Equipment named with its tag, type and a day; with `days_from`, the days left to it."""
    columns: tuple[Column, ...] = (
        Column(T(lang, "equipment.name"), width=3),
        Column(T(lang, "equipment.asset_tag"), width=1.5),
        Column(T(lang, "equipment.type"), width=1.5),
        Column(T(lang, day_title), "date", 1.3),
    )
    if days_from is not None:
        columns += (Column(T(lang, "equipment.days_left"), "int"),)
    rows = tuple(
        (
            i.name,
            i.asset_tag or None,
            values.word(lang, "type", i.type),
            i.day,
            *(((i.day - days_from).days if i.day else None,) if days_from is not None else ()),
        )
        for i in items
    )
    return Table(columns, rows, T(lang, title), empty=T(lang, "doc.none"))


def _type_order(kind: str) -> int:
    types = values.CHOICES["type"]
    return types.index(kind) if kind in types else len(types)


def _availability(data: ReportData, lang: Lang) -> Section:
    none = T(lang, "doc.none")
    columns = (
        Column(T(lang, "availability.name"), width=3),
        Column(T(lang, "availability.percent"), "percent"),
        Column(T(lang, "availability.measured"), width=2),
    )

    def rows(found: Iterable[Availability]) -> tuple[tuple[Value, ...], ...]:
        return tuple(
            (
                T(lang, "availability.uplink") if a.kind == "outage" else a.name,
                a.percent,
                _measured(data, a, lang),
            )
            for a in found
        )

    blocks: list[Chart | Table] = []
    measured_days = [d for d in data.uplink_days if d.percent is not None]
    if measured_days:
        hourly = data.period.kind == "day"
        blocks.append(
            Chart(
                T(lang, "chart.uplink_hours" if hourly else "chart.uplink_days"),
                tuple(_slot_label(data, d.day, i, hourly) for i, d in enumerate(data.uplink_days)),
                # a day nothing was measured is a gap, not 0 %
                tuple(d.percent if d.percent is not None else math.nan for d in data.uplink_days),
                "%",
                "bar" if len(data.uplink_days) <= 62 else "line",
                y_max=100.0,
            )
        )
    blocks.append(Table(columns, rows(data.services), T(lang, "availability.services"), empty=none))
    blocks.append(Table(columns, rows(data.devices), T(lang, "availability.devices"), empty=none))
    return Section(T(lang, "availability"), tuple(blocks))


def _slot_label(data: ReportData, day: date, index: int, hourly: bool) -> str:
    if hourly:
        return f"{index:02d}"
    text = str(day)
    return text[8:10] if data.period.kind == "month" else text[5:10]


def _measured(data: ReportData, row: Availability, lang: Lang) -> str:
    """`99.2 % of 30 days` when most of the period was measured; else how long it was."""
    if row.share >= 0.1:
        percent = f"{100 * row.share:.1f}"
        if data.period.kind == "day":
            return T(lang, "availability.share_day", percent=percent)
        days = max(1, round(row.elapsed / 86400))
        return T(lang, "availability.share", percent=percent, days=days)
    minutes = row.measured / 60
    if minutes < 120:
        return T(lang, "availability.minutes", count=round(minutes))
    if minutes < 48 * 60:
        return T(lang, "availability.hours", count=round(minutes / 60))
    return T(lang, "availability.days", count=round(minutes / 1440))


def _incidents(data: ReportData, lang: Lang) -> Section:
    columns = (
        Column(T(lang, "incidents.start"), "datetime", 2.0),
        Column(T(lang, "incidents.end"), width=2.0),
        Column(T(lang, "incidents.hours"), "hours", 0.8),
        Column(T(lang, "incidents.cause"), width=1.2),
        Column(T(lang, "incidents.what"), width=4),
    )
    rows = tuple(
        (
            _local(data, i.start),
            _local(data, i.end)
            if i.end
            else T(lang, "incidents.ongoing" if i.ongoing else "incidents.open_at_end"),
            _hours(i.minutes),
            T(lang, f"cause.{i.cause}"),
            i.titles[lang],
        )
        for i in data.incidents
    )
    total: tuple[Value, ...] = (
        T(lang, "incidents.total", count=len(rows)),
        "",
        _hours(sum(i.minutes for i in data.incidents)),
        "",
        "",
    )
    blocks: list[Chart | Table] = []
    if data.period.kind != "day" and data.incidents:
        weeks = _weeks(data)
        counts = Counter(
            (_local(data, i.start).date() - timedelta(days=_local(data, i.start).weekday()))
            for i in data.incidents
        )
        blocks.append(
            Chart(
                T(lang, "chart.incidents_weeks"),
                tuple(w.isoformat()[5:] for w in weeks),
                tuple(float(counts.get(w, 0)) for w in weeks),
                "",
            )
        )
    blocks.append(Table(columns, rows, total=total if rows else None, empty=T(lang, "doc.none")))
    return Section(T(lang, "incidents"), tuple(blocks))


def _weeks(data: ReportData) -> list[date]:
    first = data.start.astimezone(data.tz).date()
    monday = first - timedelta(days=first.weekday())
    last = (data.until.astimezone(data.tz) - timedelta(seconds=1)).date()
    out = []
    while monday <= last:
        out.append(monday)
        monday += timedelta(days=7)
    return out


def _work(data: ReportData, lang: Lang) -> Section:
    none = T(lang, "doc.none")
    columns = (
        Column(T(lang, "work.date"), "date", 1.3),
        Column(T(lang, "work.device"), width=2),
        Column(T(lang, "work.asset_tag"), width=1.3),
        Column(T(lang, "work.kind"), width=1.3),
        Column(T(lang, "work.description"), width=3),
        Column(T(lang, "work.done_by"), width=1.3),
        Column(T(lang, "work.parts"), width=1.5),
        Column(T(lang, "work.hours"), "hours", 0.8),
        Column(T(lang, "work.cost"), "money", 1.2),
    )
    rows = tuple(
        (
            w.day,
            w.device or None,
            w.asset_tag or None,
            values.word(lang, "kind", w.kind),
            w.description,
            w.done_by or None,
            w.parts or None,
            _hours(w.minutes),
            w.cost,
        )
        for w in data.work
    )
    total: tuple[Value, ...] = (
        T(lang, "work.total"),
        *([""] * 6),
        _hours(data.work_minutes),
        data.work_cost,
    )
    blocks: list[Table | Chart | Paragraph] = [
        Paragraph(T(lang, "work.time_spent", hours=f"{data.work_minutes / 60:.1f}")),
        Table(columns, rows, T(lang, "work.entries"), total if rows else None, none),
    ]
    by_kind = _sums(data.work, lambda w: values.word(lang, "kind", w.kind))
    for title, column, grouped in (
        ("work.by_kind", "work.kind", by_kind),
        ("work.by_device", "work.device", _sums(data.work, lambda w: w.device)),
        ("work.by_person", "work.done_by", _sums(data.work, lambda w: w.done_by)),
    ):
        blocks.append(_sum_table(lang, T(lang, title), T(lang, column), grouped, data))
    if data.work:
        blocks.append(
            Chart(
                T(lang, "chart.work_kinds"),
                tuple(by_kind),
                tuple(_hours(m) for _, m, _ in by_kind.values()),
                T(lang, "work.hours"),
            )
        )
    return Section(T(lang, "work"), tuple(blocks))


def _sums(work: list[Work], key: Callable[[Work], str]) -> dict[str, tuple[int, int, int]]:
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for w in work:
        entry = found[key(w)]
        entry[0] += 1
        entry[1] += w.minutes
        entry[2] += w.cost
    return {k: (v[0], v[1], v[2]) for k, v in sorted(found.items(), key=lambda i: -i[1][1])}


def _sum_table(
    lang: Lang,
    title: str,
    column: str,
    grouped: dict[str, tuple[int, int, int]],
    data: ReportData,
) -> Table:
    columns = (
        Column(column, width=3),
        Column(T(lang, "work.count"), "int"),
        Column(T(lang, "work.hours"), "hours"),
        Column(T(lang, "work.cost"), "money", 1.3),
    )
    rows = tuple((name, n, _hours(m), c) for name, (n, m, c) in grouped.items())
    total: tuple[Value, ...] = (
        T(lang, "work.total"),
        len(data.work),
        _hours(data.work_minutes),
        data.work_cost,
    )
    return Table(columns, rows, title, total if rows else None, T(lang, "doc.none"))


def _printers(data: ReportData, lang: Lang) -> Section:
    none = T(lang, "doc.none")
    return Section(
        T(lang, "printers"),
        (
            Table(
                (
                    Column(T(lang, "printers.printer"), width=2),
                    Column(T(lang, "printers.supply"), width=2),
                    Column(T(lang, "printers.level"), "percent"),
                ),
                tuple((s.device, s.supply, float(s.percent)) for s in data.supplies),
                T(lang, "printers.supplies"),
                empty=none,
            ),
            Table(
                (
                    Column(T(lang, "printers.printer"), width=2),
                    Column(T(lang, "printers.count"), "int"),
                ),
                tuple((p.device, p.pages) for p in data.pages),
                T(lang, "printers.pages"),
                empty=none,
            ),
        ),
    )


def _backups(data: ReportData, lang: Lang) -> Section:
    columns = (
        Column(T(lang, "backups.machine"), width=1.6),
        Column(T(lang, "backups.label"), width=1.6),
        Column(T(lang, "backups.status"), width=1.4),
        Column(T(lang, "backups.files"), "int"),
        Column(T(lang, "backups.size"), "bytes"),
        Column(T(lang, "backups.made"), "datetime", 1.5),
        Column(T(lang, "backups.age"), "int", 0.8),
        Column(T(lang, "backups.restore_test"), width=1.6),
        Column(T(lang, "backups.expires"), "date", 1.2),
    )
    rows = []
    for run in data.backups:
        status = (
            T(lang, f"status.{run.status}")
            if run.status in ("OK", "WARNING", "FAILED")
            else run.status
        )
        if run.error:
            status = f"{status}: {run.error}"
        tested = (
            f"{run.restore_test.isoformat()} {T(lang, f'status.{run.restore_status}')}"
            if run.restore_test and run.restore_status in ("PASSED", "FAILED")
            else T(lang, "backups.never_tested")
        )
        rows.append(
            (
                run.machine,
                run.label,
                status,
                run.files,
                run.size,
                _local(data, run.made) if run.made else None,
                (data.until - run.made).days if run.made else None,
                tested,
                run.expires,
            )
        )
    return Section(
        T(lang, "backups"), (Table(columns, tuple(rows), empty=T(lang, "backups.none")),)
    )


def _open(data: ReportData, lang: Lang) -> Section:
    local_until = data.until.astimezone(data.tz).date()
    blocks: list[Table | Paragraph] = []
    if data.open_work:
        blocks.append(
            Table(
                (
                    Column(T(lang, "work.number"), "int", 0.6),
                    Column(T(lang, "work.date"), "date", 1.3),
                    Column(T(lang, "work.device"), width=2),
                    Column(T(lang, "work.description"), width=4),
                    Column(T(lang, "open.days"), "int", 0.8),
                ),
                tuple(
                    (w.number, w.day, w.device, w.description, (local_until - w.day).days)
                    for w in data.open_work
                ),
                T(lang, "open.work"),
            )
        )
    if data.ongoing:
        blocks.append(
            Table(
                (
                    Column(T(lang, "incidents.start"), "datetime", 1.5),
                    Column(T(lang, "incidents.hours"), "hours", 0.8),
                    Column(T(lang, "incidents.what"), width=5),
                ),
                tuple(
                    (_local(data, i.start), _hours(i.minutes), i.titles[lang]) for i in data.ongoing
                ),
                T(lang, "open.incidents"),
            )
        )
    if not blocks:
        blocks.append(Paragraph(T(lang, "open.nothing")))
    return Section(T(lang, "open"), tuple(blocks))
