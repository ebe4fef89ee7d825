"""Period reports for management and auditors: a month, quarter, half-year or year.

`soumnet-hub report --period 2026-11|2026-Q3|2026-H1|2026 --format text|html|csv|json|pdf
--lang mn|en`. The figures (`build`) come from the store and are the same in every format:

- availability of each polled device and probe target (share of its samples that were up)
  and of the uplink (share of outage rounds in state `ok`);
- incidents: alerts that were shown (not suppressed) and overlap the period, with duration;
- maintenance work in the period: entries, time spent and cost, per kind;
- supplies: the newest printer supply levels;
- backup status: the newest "backup" report of each machine.

PDF uses fpdf2 with the DejaVu Sans TTF embedded (Cyrillic); HTML is rendered by jinja2.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from foundation import kinds as report_kinds
from foundation.i18n import Lang, Problem
from foundation.kinds import backup as backup_kind
from foundation.kinds import snmp
from foundation.kinds.fields import data_of
from foundation.wire import utcnow
from inventory.records import alerts, devices, maintenance, values
from inventory.records.names import label_of, labels
from inventory.records_messages import T
from inventory.store.layout import Layout
from inventory.store.store import Store

FORMATS = ("text", "html", "csv", "json", "pdf")
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


class BadPeriod(Problem):
    def __init__(self, text: str) -> None:
        super().__init__(T, "report.bad_period", period=text)


class NoFont(Problem):
    def __init__(self) -> None:
        super().__init__(T, "report.no_font")


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date
    """Exclusive."""

    @property
    def start_ts(self) -> datetime:
        return datetime(self.start.year, self.start.month, self.start.day, tzinfo=UTC)

    @property
    def end_ts(self) -> datetime:
        return datetime(self.end.year, self.end.month, self.end.day, tzinfo=UTC)


def parse_period(text: str) -> Period:
    """'2026-11', '2026-Q3', '2026-H1', '2026' -> the period [start, end)."""
    found = re.fullmatch(r"(\d{4})(?:-(?:(\d{2})|Q([1-4])|H([12])))?", text.strip())
    if not found:
        raise BadPeriod(text)
    year = int(found[1])
    if found[2]:
        month = int(found[2])
        if not 1 <= month <= 12:
            raise BadPeriod(text)
        first, months = month, 1
    elif found[3]:
        first, months = 3 * int(found[3]) - 2, 3
    elif found[4]:
        first, months = 6 * int(found[4]) - 5, 6
    else:
        first, months = 1, 12
    last = first + months
    end = date(year + 1, 1, 1) if last > 12 else date(year, last, 1)
    return Period(text.strip(), date(year, first, 1), end)


@dataclass
class Availability:
    key: str
    name: str
    samples: int
    up: int

    @property
    def percent(self) -> float:
        return 100.0 * self.up / self.samples if self.samples else 0.0


@dataclass
class ReportData:
    period: Period
    office: str
    devices: int
    uplink: Availability | None
    availability: list[Availability] = field(default_factory=list)
    incidents: list[dict[str, Any]] = field(default_factory=list)
    maintenance: list[dict[str, Any]] = field(default_factory=list)
    work_by_kind: dict[str, dict[str, float]] = field(default_factory=dict)
    supplies: list[dict[str, Any]] = field(default_factory=list)
    backups: list[dict[str, Any]] = field(default_factory=list)

    @property
    def minutes_total(self) -> float:
        return sum(k["minutes"] for k in self.work_by_kind.values())


def build(
    layout: Layout, period: Period, office: str = "", now: datetime | None = None
) -> ReportData:
    """Every figure of the report, from the store, as it stands at `now`.

    An incident still open is timed to `now` and marked ongoing while the period lasts; in
    a period that has ended it is timed to the period's end (it was still open then)."""
    now = now or utcnow()
    store = Store(layout)
    records = devices.list_devices(layout)
    names = labels(records)
    latest = store.latest()
    data = ReportData(period, office, len(records), None)
    for key, kinds in sorted(latest.items()):
        kind = next((k for k in ("snmp", "probe", "outage") if k in kinds), None)
        if kind is None:
            continue
        reported = str((kinds[kind].get("data") or {}).get("name") or "")
        found = Availability(key, label_of(key, names, reported), 0, 0)
        for sample in _samples_in(store, key, period):
            if sample.get("kind") != kind:
                continue
            found.samples += 1
            found.up += int(report_kinds.figures(kind, data_of(sample)).get("up") == 1.0)
        if not found.samples:
            continue
        if kind == "outage":
            data.uplink = found
        else:
            data.availability.append(found)
    for alert in alerts.all_alerts(layout):
        if alert.state in ("pending", "suppressed"):
            continue
        ended = alert.resolved_at
        if alert.since >= period.end_ts or (ended is not None and ended < period.start_ts):
            continue
        ongoing = ended is None and now < period.end_ts
        until = min(ended or now, period.end_ts, now)
        minutes = max(0.0, (until - max(alert.since, period.start_ts)).total_seconds() / 60)
        data.incidents.append(
            {
                "id": alert.id,
                "rule": alert.rule,
                "subject": alert.subject,
                "name": alert.name,
                "since": alert.since.isoformat(),
                "resolved_at": ended.isoformat() if ended else None,
                "minutes": round(minutes),
                "ongoing": ongoing,
                "title_en": alert.title("en"),
                "title_mn": alert.title("mn"),
            }
        )
    data.incidents.sort(key=lambda i: i["since"])
    data.maintenance = sorted(
        (
            {**entry, "device_name": label_of(str(entry.get("device") or ""), names)}
            for entry in maintenance.list_entries(layout, start=period.start, end=period.end)
        ),
        key=lambda e: (e["date"], e["number"]),
    )
    for entry in data.maintenance:
        work = data.work_by_kind.setdefault(entry["kind"], {"count": 0, "minutes": 0, "cost": 0})
        work["count"] += 1
        work["minutes"] += entry.get("minutes") or 0
        work["cost"] += entry.get("cost") or 0
    for key, kinds in sorted(latest.items()):
        polled = snmp.parse(data_of(kinds.get("snmp")))
        for supply in polled.printer.supplies if polled.printer else ():
            pct = supply.level_percent
            if pct is not None:
                data.supplies.append(
                    {
                        "device": label_of(key, names, polled.name or ""),
                        "supply": supply.descr,
                        "percent": round(pct),
                    }
                )
        backup = kinds.get("backup")
        if backup:
            run = backup_kind.parse(data_of(backup))
            data.backups.append(
                {
                    "device": label_of(key, names),
                    "label": run.label,
                    "created": run.created or backup.get("ts"),
                    "ok": not run.failed,
                }
            )
    return data


def _samples_in(store: Store, key: str, period: Period) -> list[dict[str, Any]]:
    folder = store.layout.device_dir(key)
    out: list[dict[str, Any]] = []
    first, last = f"raw-{period.start:%Y-%m-%d}.json", f"raw-{period.end:%Y-%m-%d}.json"
    for shard in sorted(folder.glob("raw-*.json")):
        if first <= shard.name < last:
            out.extend(store._table_docs(shard, "samples"))
    return out


# -- rendering -------------------------------------------------------------------------------


def _hours(minutes: float) -> str:
    return f"{minutes / 60:.1f}"


def lines(data: ReportData, lang: Lang) -> list[tuple[str, str]]:
    """The report as (style, text) lines: style is 'h1', 'h2' or 'p'; text and PDF use it."""
    out: list[tuple[str, str]] = [
        ("h1", T(lang, "report.title", period=data.period.label, office=data.office).strip()),
        (
            "p",
            T(
                lang,
                "report.range",
                start=data.period.start.isoformat(),
                end=(data.period.end - timedelta(days=1)).isoformat(),
                devices=data.devices,
            ),
        ),
        ("h2", T(lang, "report.availability")),
    ]
    if data.uplink:
        out.append(("p", T(lang, "report.uplink", percent=f"{data.uplink.percent:.1f}")))
    for row in data.availability:
        out.append(("p", f"{row.name}: {row.percent:.1f} % ({row.up}/{row.samples})"))
    if not data.uplink and not data.availability:
        out.append(("p", T(lang, "report.none")))
    out.append(("h2", T(lang, "report.incidents", count=len(data.incidents))))
    for inc in data.incidents:
        title = inc["title_mn"] if lang == "mn" else inc["title_en"]
        took = T(lang, "report.took", hours=_hours(inc["minutes"]))
        if inc.get("ongoing"):
            took = T(lang, "report.ongoing", took=took)
        out.append(("p", f"{inc['since'][:16].replace('T', ' ')}  {title}  ({took})"))
    out.append(
        (
            "h2",
            T(
                lang,
                "report.maintenance",
                count=len(data.maintenance),
                hours=_hours(data.minutes_total),
            ),
        )
    )
    for kind, figures in sorted(data.work_by_kind.items()):
        out.append(
            (
                "p",
                T(
                    lang,
                    "report.work_kind",
                    kind=values.word(lang, "kind", kind),
                    count=int(figures["count"]),
                    hours=_hours(figures["minutes"]),
                    cost=f"{figures['cost']:,.0f}".replace(",", " "),
                ),
            )
        )
    for entry in data.maintenance:
        out.append(
            (
                "p",
                f"{entry['date']}  {entry['device_name']}  {entry['description']}"
                f"  [{values.word(lang, 'entry_status', entry['status'])}]",
            )
        )
    out.append(("h2", T(lang, "report.supplies")))
    for supply in data.supplies:
        out.append(("p", f"{supply['device']}: {supply['supply']} {supply['percent']} %"))
    if not data.supplies:
        out.append(("p", T(lang, "report.none")))
    out.append(("h2", T(lang, "report.backups")))
    for backup in data.backups:
        failed = "" if backup["ok"] else f" {T(lang, 'report.backup_failed')}"
        out.append(("p", f"{backup['device']}: {backup['label']} {backup['created']}{failed}"))
    if not data.backups:
        out.append(("p", T(lang, "report.no_backups")))
    return out


def render_text(data: ReportData, lang: Lang) -> str:
    out = []
    for style, text in lines(data, lang):
        if style == "h1":
            out += [text, "=" * len(text)]
        elif style == "h2":
            out += ["", text, "-" * len(text)]
        else:
            out.append("  " + text)
    return "\n".join(out) + "\n"


def to_json(data: ReportData) -> dict[str, Any]:
    out = asdict(data)
    out["period"] = {
        "label": data.period.label,
        "start": data.period.start.isoformat(),
        "end": data.period.end.isoformat(),
    }
    for row, raw in zip(
        [data.uplink, *data.availability], [out["uplink"], *out["availability"]], strict=True
    ):
        if row is not None and raw is not None:
            raw["percent"] = round(row.percent, 2)
    out["minutes_total"] = data.minutes_total
    return out


def render_csv(data: ReportData, lang: Lang) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["section", "name", "value", "detail"])
    if data.uplink:
        writer.writerow(
            ["availability", "uplink", f"{data.uplink.percent:.2f}", data.uplink.samples]
        )
    for row in data.availability:
        writer.writerow(["availability", row.name, f"{row.percent:.2f}", row.samples])
    for inc in data.incidents:
        title = inc["title_mn"] if lang == "mn" else inc["title_en"]
        writer.writerow(["incident", title, inc["minutes"], inc["since"]])
    for kind, figures in sorted(data.work_by_kind.items()):
        writer.writerow(["maintenance", kind, figures["minutes"], figures["cost"]])
    for supply in data.supplies:
        writer.writerow(
            ["supply", f"{supply['device']}: {supply['supply']}", supply["percent"], ""]
        )
    for backup in data.backups:
        writer.writerow(["backup", backup["device"], backup["label"], backup["created"]])
    return "\ufeff" + out.getvalue()


HTML = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}
h2{border-bottom:1px solid #999}</style>
</head><body>
{% for style, text in lines %}{% if style == "h1" %}<h1>{{ text }}</h1>
{% elif style == "h2" %}<h2>{{ text }}</h2>
{% else %}<p>{{ text }}</p>
{% endif %}{% endfor %}</body></html>
"""


def render_html(data: ReportData, lang: Lang) -> str:
    # Imported here, as fpdf is below: +0.2 s and +37 MiB RSS that the hub's other commands and
    # `serve` (whose door loads this module) never pay.
    import jinja2

    env = jinja2.Environment(autoescape=True)
    body = lines(data, lang)
    return env.from_string(HTML).render(lang=lang, title=body[0][1], lines=body)


def font_file() -> Path:
    for folder in FONT_DIRS:
        path = folder / "DejaVuSans.ttf"
        if path.is_file():
            return path
    raise NoFont()


def render_pdf(data: ReportData, lang: Lang) -> bytes:
    from fpdf import FPDF  # see render_html

    font = font_file()
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(font))
    bold = font.with_name("DejaVuSans-Bold.ttf")
    pdf.add_font("DejaVu", "B", str(bold if bold.is_file() else font))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    sizes = {"h1": 16, "h2": 13, "p": 10}
    for style, text in lines(data, lang):
        pdf.set_font("DejaVu", "B" if style != "p" else "", sizes[style])
        if style == "h2":
            pdf.ln(3)
        pdf.multi_cell(0, sizes[style] * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def render(data: ReportData, fmt: str, lang: Lang) -> bytes:
    if fmt == "pdf":
        return render_pdf(data, lang)
    if fmt == "json":
        return json.dumps(to_json(data), ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "csv":
        return render_csv(data, lang).encode("utf-8")
    if fmt == "html":
        return render_html(data, lang).encode("utf-8")
    return render_text(data, lang).encode("utf-8")
