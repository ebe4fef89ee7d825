"""The daily (weekly, monthly) summary for management: the period's figures, the same as the
period report's (`inventory.reports.figures`), in a few lines a governor reads on a phone."""

from __future__ import annotations

from foundation.document.model import show
from foundation.i18n import Lang
from inventory.notify.messages import T
from inventory.notify.texts import Words, clock, sms_fit, when
from inventory.notify.translit import latin
from inventory.reports.figures import ReportData

MOST_LISTED = 8
"""Incidents listed by name; the rest are counted."""


def _hours(lang: Lang, minutes: int) -> str:
    return T(lang, "notify.hours", hours=minutes // 60, minutes=minutes % 60)


def summary_words(data: ReportData, lang: Lang, latin_letters: bool = False) -> Words:
    tz = data.tz
    office = data.office.name
    period = data.period.words(lang)
    subject = T(lang, f"notify.subject.summary.{data.period.kind}", office=office, period=period)
    down = [i for i in data.ongoing if i.rule == "device_down"]
    lines = [subject, ""]
    lines.append(
        T(lang, "notify.summary.down", count=len(down), names=", ".join(i.device for i in down))
        if down
        else T(lang, "notify.summary.none_down")
    )
    total = sum(i.minutes for i in data.incidents)
    lines.append(
        T(lang, "notify.summary.incidents", count=len(data.incidents), time=_hours(lang, total))
    )
    for incident in data.incidents[:MOST_LISTED]:
        end = clock(incident.end, tz) if incident.end else T(lang, "notify.summary.ongoing")
        span = f"{when(incident.start, tz)}–{end}"
        lines.append(f"  - {incident.titles[lang]}, {span}")
    if len(data.incidents) > MOST_LISTED:
        lines.append("  " + T(lang, "notify.summary.more", count=len(data.incidents) - MOST_LISTED))
    lines.append(
        T(
            lang,
            "notify.summary.work",
            count=len(data.work),
            time=_hours(lang, data.work_minutes),
            cost=show(data.work_cost, "money"),
            open=len(data.open_work),
        )
    )
    uplink = next((s for s in data.services if s.kind == "outage"), None)
    if uplink is not None and uplink.percent is not None:
        lines.append(T(lang, "notify.summary.uplink", percent=show(uplink.percent, "percent")))
    failed = [b for b in data.backups if b.status == "FAILED"]
    if data.backups:
        lines.append(T(lang, "notify.summary.backups", count=len(data.backups), failed=len(failed)))
        lines += [f"  - {b.machine} {b.label}: {b.error}" for b in failed]
    lines += ["", T(lang, "notify.footer", office=office)]
    sms = T(
        lang,
        "notify.sms.summary",
        period=data.period.label,
        down=len(down),
        incidents=len(data.incidents),
        work=len(data.work),
        failed=len(failed),
    )
    sms = sms_fit(latin(sms) if latin_letters else sms, 2)
    return Words(subject, "\n".join(lines), sms, subject)
