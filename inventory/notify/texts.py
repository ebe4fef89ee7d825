"""The words of every notification, made once when `serve` decides on the message (so a
message sent after a restart says what it said when queued).

Three forms: the SMS (one part where it can be: Cyrillic makes a part 70 characters), the
e-mail or messenger text (everything a person needs, times in the office's zone), and one line
for a digest of several.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from foundation.i18n import Lang
from foundation.office import OfficeSettings
from inventory.notify.channels.gammu import sms_parts
from inventory.notify.messages import T
from inventory.notify.translit import latin
from inventory.records.alerts import Alert
from inventory.reports.period import Period


def sms_fit(text: str, parts: int) -> str:
    """`text` cut (with …) to at most `parts` SMS parts (as gammu-smsd counts them)."""
    if sms_parts(text) <= parts:
        return text
    while text and sms_parts(text + "…") > parts:
        text = text[:-1]
    return text.rstrip() + "…"


@dataclass(frozen=True)
class Words:
    subject: str
    text: str
    sms: str
    line: str


def when(moment: datetime, tz: ZoneInfo) -> str:
    return f"{moment.astimezone(tz):%Y-%m-%d %H:%M}"


def clock(moment: datetime, tz: ZoneInfo) -> str:
    return f"{moment.astimezone(tz):%H:%M}"


def _sms(text: str, latin_letters: bool, parts: int) -> str:
    return sms_fit(latin(text) if latin_letters else text, parts)


def alert_words(
    alert: Alert,
    event: str,
    lang: Lang,
    office: OfficeSettings,
    severity: str,
    *,
    latin_letters: bool = False,
    parts: int = 1,
    waited_minutes: int = 0,
) -> Words:
    """`event`: `alert` (it began), `end` (it ended), `escalate` (nobody acknowledged it)."""
    tz = office.timezone
    title = alert.title(lang)
    no = alert.no or 0
    began = alert.since
    zone = tz.key
    subject = T(lang, f"notify.subject.{event}", office=office.name, no=no, title=title)
    rule = T.code(lang, "notify.rule", alert.rule)
    lines = [
        T(lang, f"notify.head.{event}", no=no, title=title, minutes=waited_minutes),
        T(lang, "notify.device", name=alert.name or alert.subject, key=alert.subject),
        T(lang, "notify.rule_line", rule=rule, severity=T(lang, f"notify.severity.{severity}")),
        T(lang, "notify.since", when=when(alert.since, tz), zone=zone),
    ]
    if event == "end" and alert.resolved_at is not None:
        minutes = max(0, round((alert.resolved_at - alert.since).total_seconds() / 60))
        lines.append(T(lang, "notify.ended", when=when(alert.resolved_at, tz), minutes=minutes))
    if alert.detail:
        lines.append(T(lang, "notify.detail", detail=alert.detail))
    if event != "end":
        lines += ["", T(lang, "notify.how_to_ack", no=no)]
    lines += ["", T(lang, "notify.footer", office=office.name)]
    if event == "end" and alert.resolved_at is not None:
        span = f"{clock(alert.since, tz)}–{clock(alert.resolved_at, tz)}"
        sms = T(lang, "notify.sms.end", no=no, title=title, span=span)
        line = T(lang, "notify.line.end", no=no, title=title, span=span)
    else:
        sms = T(lang, f"notify.sms.{event}", no=no, title=title, at=clock(began, tz))
        line = T(lang, "notify.line.alert", no=no, title=title, at=when(began, tz))
    return Words(subject, "\n".join(lines), _sms(sms, latin_letters, parts), line)


def digest_words(
    lines: Sequence[str],
    first: datetime,
    last: datetime,
    lang: Lang,
    office: OfficeSettings,
) -> Words:
    """One message for several that waited for a channel (the uplink down, a server away)."""
    tz = office.timezone
    span = T(lang, "notify.digest.span", first=when(first, tz), last=when(last, tz), zone=tz.key)
    subject = T(lang, "notify.subject.digest", office=office.name, count=len(lines))
    body = [T(lang, "notify.digest.head", count=len(lines), span=span), ""]
    body += [f"- {line}" for line in lines]
    body += ["", T(lang, "notify.footer", office=office.name)]
    sms = T(lang, "notify.sms.digest", count=len(lines))
    return Words(subject, "\n".join(body), sms, subject)


def test_words(lang: Lang, office: OfficeSettings, who: str, at: datetime) -> Words:
    text = T(lang, "notify.test.text", office=office.name, who=who, when=when(at, office.timezone))
    subject = T(lang, "notify.subject.test", office=office.name)
    return Words(subject, text, sms_fit(text, 1), text)


def ack_words(lang: Lang, no: int, title: str, latin_letters: bool) -> Words:
    text = T(lang, "notify.sms.acked", no=no, title=title)
    return Words(text, text, _sms(text, latin_letters, 1), text)


def report_words(
    period: Period, files: Sequence[Path], lang: Lang, office: OfficeSettings
) -> Words:
    words = period.words(lang)
    subject = T(lang, "notify.subject.report", office=office.name, period=words)
    names = ", ".join(f.name for f in files)
    text = T(lang, "notify.report.text", period=words, files=names)
    text += "\n\n" + T(lang, "notify.footer", office=office.name)
    return Words(subject, text, subject, subject)
