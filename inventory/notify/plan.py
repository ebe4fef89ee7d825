"""What to send to whom: decided by `serve` (the store's single writer) from the alert records,
as messages with keys that make deciding again harmless.

Each key names one transition of one alert (by its number) for one person on one channel:
`a17-s-…` it began, `a17-x-…` sent on to a second person because nobody acknowledged it,
`a17-e-…` it ended (to everyone who was told it began). Summaries: `s-day-2026-12-03-…`. The
planner runs after every evaluation of the alerts; a key already in the journal is not queued
again, so a crash anywhere between deciding and sending neither loses nor doubles a message.

Dependencies keep the count down: a suppressed alert (behind a dead switch, behind an internet
outage) has no number and no message; only the alert that explains them is sent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from datetime import time as clock_time

from inventory.config import HubConfig
from inventory.notify.journal import Message
from inventory.notify.summary import summary_words
from inventory.notify.texts import Words, alert_words, report_words
from inventory.records.alerts import Alert
from inventory.reports.figures import ReportData
from inventory.reports.period import Period, containing
from inventory.reports.periodreport import file_name
from inventory.settings.hub import UserSettings
from inventory.settings.notify import ChannelSettings, clock

ENDS_WITHIN = timedelta(days=7)
"""An alert resolved longer ago than this is not looked at again (its end went long ago)."""


@dataclass(frozen=True)
class Recipient:
    user: str
    person: UserSettings
    channel: str
    settings: ChannelSettings
    to: str


def tag(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:10]


def address(person: UserSettings, name: str, channel: ChannelSettings) -> str | None:
    """The person's address on a channel, or None when they have none there."""
    if channel.type == "gammu":
        return person.phone or None
    if channel.type == "smtp":
        return person.email or None
    if name in person.addresses:
        return person.addresses[name]
    return None if "{to}" in channel.url else ("" if name in person.channels else None)


def recipients(config: HubConfig, user: str) -> list[Recipient]:
    """Where one person is reached: the channels they name, else every one they have an
    address for."""
    person = config.users.get(user)
    if person is None:
        return []
    found: list[Recipient] = []
    names = person.channels or tuple(config.notify.channels)
    for name in names:
        channel = config.notify.channels.get(name)
        if channel is None:
            continue
        to = address(person, name, channel)
        if to is not None:
            found.append(Recipient(user, person, name, channel, to))
    return found


def wants(person: UserSettings, rule: str, severity: str) -> bool:
    return severity in person.severities and (not person.rules or rule in person.rules)


def quiet_until(person: UserSettings, now: datetime, config: HubConfig) -> datetime | None:
    """The end of the person's quiet hours when `now` falls in them, else None."""
    if not person.quiet_hours:
        return None
    first, _, last = person.quiet_hours.partition("-")
    start, end = clock(first), clock(last)
    tz = config.office.timezone
    local = now.astimezone(tz)
    at = local.time()
    inside = start <= at < end if start < end else (at >= start or at < end)
    if not inside:
        return None
    day = local.date() if at < end else local.date() + timedelta(days=1)
    return datetime.combine(day, end, tz)


def message(
    key: str, kind: str, r: Recipient, words: Words, now: datetime, alert: Alert | None = None
) -> Message:
    """The message to one recipient: the SMS form on an SMS channel, else the full text."""
    sms = r.settings.type == "gammu"
    return Message(
        key=key,
        kind=kind,
        person=r.user,
        channel=r.channel,
        to=r.to,
        subject=words.subject,
        text=words.sms if sms else words.text,
        line=words.line,
        created=now,
        alert=alert.id if alert else None,
        no=alert.no if alert else None,
    )


def plan_alerts(
    config: HubConfig, found: Iterable[Alert], known: set[str], now: datetime
) -> list[Message]:
    """Messages for alerts that began, ended or waited too long for an acknowledgement."""
    notify = config.notify
    if not notify.channels:
        return []
    out: list[Message] = []
    escalate = timedelta(minutes=notify.escalate_minutes)
    for alert in found:
        if not alert.no:
            continue
        if alert.resolved_at is not None and now - alert.resolved_at > ENDS_WITHIN:
            continue
        severity = notify.severity(alert.rule)
        told: dict[str, list[Recipient]] = {}
        for user, person in config.users.items():
            for r in recipients(config, user):
                start = f"a{alert.no}-s-{tag(user, r.channel)}"
                sent_on = f"a{alert.no}-x-{tag(user, r.channel)}"
                if start in known or sent_on in known:
                    told.setdefault(user, []).append(r)
                elif alert.state != "resolved" and wants(person, alert.rule, severity):
                    out.append(
                        _held(_for(config, alert, "alert", r, now, severity), r, now, config)
                    )
                    known.add(start)
                    told.setdefault(user, []).append(r)
        if alert.state == "resolved":
            for user, reached in told.items():
                for r in reached:
                    key = f"a{alert.no}-e-{tag(user, r.channel)}"
                    if key not in known:
                        ended = _for(config, alert, "end", r, now, severity, key=key)
                        out.append(_held(ended, r, now, config))
                        known.add(key)
            continue
        if alert.acked_by or not escalate or alert.activated_at is None:
            continue
        if now - alert.activated_at < escalate:
            continue
        for user in list(told):
            second = config.users[user].escalate_to
            if not second or second in told:
                continue
            for r in recipients(config, second):
                key = f"a{alert.no}-x-{tag(second, r.channel)}"
                if key not in known:
                    minutes = round((now - alert.activated_at).total_seconds() / 60)
                    words = _alert_words(config, alert, "escalate", r, severity, minutes)
                    out.append(message(key, "escalate", r, words, now, alert))
                    known.add(key)
            told[second] = recipients(config, second)
    return out


def _alert_words(
    config: HubConfig, alert: Alert, event: str, r: Recipient, severity: str, minutes: int = 0
) -> Words:
    return alert_words(
        alert,
        event,
        r.person.lang,
        config.office,
        severity,
        latin_letters=r.person.latin,
        parts=r.settings.max_parts,
        waited_minutes=minutes,
    )


def _for(
    config: HubConfig,
    alert: Alert,
    event: str,
    r: Recipient,
    now: datetime,
    severity: str,
    key: str | None = None,
) -> Message:
    key = key or f"a{alert.no}-s-{tag(r.user, r.channel)}"
    words = _alert_words(config, alert, event, r, severity)
    return message(key, event, r, words, now, alert)


def _held(queued: Message, r: Recipient, now: datetime, config: HubConfig) -> Message:
    """An SMS of a warning during the person's quiet hours waits until they end."""
    if r.settings.type != "gammu" or queued.alert is None:
        return queued
    rule = queued.alert.partition(":")[0]
    if config.notify.severity(rule) == "critical":
        return queued
    until = quiet_until(r.person, now, config)
    if until is None:
        return queued
    return replace(queued, not_before=until)


# -- summaries -------------------------------------------------------------------------------


def due_summaries(
    config: HubConfig, now: datetime, since: datetime | None = None
) -> Iterator[tuple[str, Period]]:
    """(person, period) of every summary due at `now`: the last whole period of each kind a
    person asked for, from `summary_at` on the day after it (a period that ended before
    `since`, when the hub began, is not summarised)."""
    tz = config.office.timezone
    local = now.astimezone(tz)
    at: clock_time = clock(config.notify.summary_at)
    for user, person in config.users.items():
        for kind in person.summaries:
            period = containing(kind, local.date()).previous()
            due = datetime.combine(period.end, at, tz)
            if now < due:
                period = period.previous()
                due = datetime.combine(period.end, at, tz)
            ended = datetime.combine(period.end, clock_time(), tz)
            if since is not None and ended < since:
                continue
            yield user, period


def plan_summaries(
    config: HubConfig,
    known: set[str],
    now: datetime,
    figures: Callable[[Period], ReportData],
    since: datetime | None = None,
) -> list[Message]:
    out: list[Message] = []
    made: dict[Period, ReportData] = {}
    for user, period in due_summaries(config, now, since):
        for r in recipients(config, user):
            key = f"s-{period.kind}-{period.label}-{tag(user, r.channel)}"
            if key in known:
                continue
            if period not in made:
                made[period] = figures(period)
            words = summary_words(made[period], r.person.lang, r.person.latin)
            out.append(message(key, "summary", r, words, now))
            known.add(key)
    return out


def plan_reports(config: HubConfig, known: set[str], now: datetime) -> list[Message]:
    """The period reports `serve` has made, to the people who asked for them: once every file
    of the period in the person's language is in the reports folder (a report being made is
    waited for), on each channel but SMS."""
    from_tz = now.astimezone(config.office.timezone).date()
    out: list[Message] = []
    for user, person in config.users.items():
        for kind in person.reports:
            period = containing(kind, from_tz).previous()
            files = [
                config.reports_dir / file_name(period, fmt, person.lang)
                for fmt in config.reports.formats
            ]
            if not all(f.exists() for f in files):
                continue
            words = report_words(period, files, person.lang, config.office)
            for r in recipients(config, user):
                key = f"r-{period.kind}-{period.label}-{tag(user, r.channel)}"
                if r.settings.type == "gammu" or key in known:
                    continue
                made = message(key, "report", r, words, now)
                out.append(replace(made, attach=tuple(str(f) for f in files)))
                known.add(key)
    return out
