"""Notifications inside `serve`: after each evaluation of the alerts the planner queues what
the transitions call for, and the senders deliver it; answers by SMS acknowledge alerts.

Nothing here runs when `[notify]` has no channels.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from foundation.i18n import Lang
from foundation.wire import utcnow
from inventory.config import HubConfig
from inventory.notify import plan
from inventory.notify.channels.base import Channel
from inventory.notify.channels.factory import make_channel
from inventory.notify.channels.sms import SmsChannel
from inventory.notify.journal import Journal, Message
from inventory.notify.messages import T
from inventory.notify.sender import Sender, lines
from inventory.notify.texts import ack_words
from inventory.records import alerts
from inventory.reports import figures
from inventory.reports.period import Period
from inventory.store.layout import Layout

COMPACT_EVERY = timedelta(days=1)
ANSWER = re.compile(r"^\s*(?:OK|ОК|ok|ок|Ok|Ок)\s*#?\s*(\d{1,9})\b", re.IGNORECASE)
"""`OK 17`, `ok #17`, `ОК 17` (Cyrillic letters, as a Mongolian keyboard types them)."""
UPLINK_RULES = ("internet_down", "lan_down")


def same_phone(a: str, b: str) -> bool:
    """`+976 9911-2233` and `99112233` are one number: compared on their last 8 digits."""
    da, db = re.sub(r"\D", "", a), re.sub(r"\D", "", b)
    return bool(da) and bool(db) and da[-8:] == db[-8:]


class Notifier:
    def __init__(
        self, config: HubConfig, layout: Layout, log: Callable[[str], None], lang: Lang
    ) -> None:
        self.config = config
        self.layout = layout
        self.log = log
        self.lang = lang
        self.journal = Journal(layout.notify)
        self.channels: dict[str, Channel] = {
            name: make_channel(settings) for name, settings in config.notify.channels.items()
        }
        self.sender = Sender(
            config.notify,
            config.users,
            config.office,
            self.journal,
            self.channels,
            log,
            lang,
            after_cycle=self._incoming,
        )
        self._compacted: datetime | None = None
        self._journal_failing: str | None = None
        """Why the journal could not be written last time (None: it could)."""
        self.began = _began(layout)

    @property
    def active(self) -> bool:
        return bool(self.channels)

    def start(self) -> None:
        if self.active:
            self.sender.start()

    def stop(self) -> None:
        self.sender.stop()
        self.journal.close()

    def plan(self, now: datetime | None = None) -> list[Message]:
        """Queue what the alert records and the clock call for (run after `alerts.evaluate`)."""
        if not self.active:
            return []
        try:
            queued = self._plan(now or utcnow())
        except OSError as exc:  # the journal cannot be written: decided again next time
            reason = str(exc.strerror or exc)
            if reason != self._journal_failing:  # said once, not at every evaluation
                self.log(T(self.lang, "notify.log.journal", reason=reason))
            self._journal_failing = reason
            return []
        self._journal_failing = None
        return queued

    def _plan(self, now: datetime) -> list[Message]:
        found = alerts.all_alerts(self.layout)
        down = any(a.rule in UPLINK_RULES and a.state in ("active", "pending") for a in found)
        self.sender.set_uplink(down)
        known = {s.key for s in self.journal.statuses()}
        new = plan.plan_alerts(self.config, found, known, now)
        new += plan.plan_summaries(self.config, known, now, self._figures, self.began)
        new += plan.plan_reports(self.config, known, now)
        queued = self.journal.queue(new)
        if queued:
            self.sender.wake()
        if self._compacted is None or now - self._compacted >= COMPACT_EVERY:
            self.journal.compact(now, timedelta(days=self.config.notify.keep_days))
            self._compacted = now
        return queued

    def _figures(self, period: Period) -> figures.ReportData:
        return figures.build(self.config, period)

    # -- answers by SMS --------------------------------------------------------------------

    def _incoming(self, name: str, channel: Channel, now: datetime) -> None:
        """Before each pass of an SMS channel: answers received, SMS the modem did not send."""
        if not isinstance(channel, SmsChannel):
            return
        for key, problem, retry in channel.not_sent(now):
            wait = timedelta(minutes=self.config.notify.channels[name].wait_minutes)
            retry_at = now + wait if retry else None
            self.journal.mark(key, "failed", now, reason=lines(problem), retry_at=retry_at)
            self.log(
                T(self.lang, "notify.log.sms_waiting", channel=name, reason=problem.text(self.lang))
            )
        for sms in channel.received():
            self.answer(name, sms.sender, sms.text)
            channel.done(sms.id)

    def answer(self, channel: str, sender: str, text: str) -> None:
        """An SMS to the hub: `OK N` from a person's phone acknowledges alert N."""
        lang = self.lang
        user = next(
            (u for u, p in self.config.users.items() if p.phone and same_phone(p.phone, sender)),
            None,
        )
        found = ANSWER.match(text)
        if user is None:
            self.log(T(lang, "notify.log.sms_stranger", sender=sender, text=text[:60]))
            return
        person = self.config.users[user]
        if found is None:
            self.log(T(lang, "notify.log.sms_unknown", sender=sender, text=text[:60]))
            return
        no = int(found[1])
        if person.role == "auditor":
            self.log(T(lang, "notify.log.sms_refused", sender=sender, user=user, no=no))
            return
        try:
            alert = alerts.acknowledge(self.layout, no, user, via="sms")
        except alerts.NoSuchAlert as missing:
            self.log(missing.text(lang))
            return
        self.log(T(lang, "notify.log.acked", no=no, user=user))
        words = ack_words(person.lang, no, alert.title(person.lang), person.latin)
        here = plan.Recipient(user, person, channel, self.config.notify.channels[channel], sender)
        key = f"k{no}-{plan.tag(user, channel)}"
        self.journal.queue([plan.message(key, "ack", here, words, utcnow(), alert)])


def _began(layout: Layout) -> datetime | None:
    """When the hub's data folder was made: summaries of periods before it are not sent."""
    try:
        stamp = layout.marker.stat().st_mtime
    except OSError:
        return None
    return datetime.fromtimestamp(stamp).astimezone()
