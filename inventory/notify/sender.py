"""Delivery: one thread per channel takes its waiting messages from the journal and sends them,
so a mail server that is away does not hold up the SMS.

Each send is marked in the journal before (`try`) and after (`sent`/`failed`). A failure that
trying again can help is retried after `retry_seconds`, doubling up to `retry_max_seconds`;
the channel then waits for that rather than trying the next message into the same wall. While
the uplink is down, channels that need the internet send nothing; when they can again, messages
that waited longer than `fold_after_minutes` go as one digest per person.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from foundation.i18n import Lang, Problem
from foundation.office import OfficeSettings
from foundation.wire import utcnow
from inventory.notify.channels.base import Channel, DeliveryFailed
from inventory.notify.journal import Journal, Status
from inventory.notify.messages import T
from inventory.notify.plan import tag
from inventory.notify.texts import digest_words
from inventory.settings.hub import UserSettings
from inventory.settings.notify import NotifySettings

SEND_EVERY_SECONDS = 2.0
FOLDABLE = ("alert", "end", "escalate")


class Handing(Protocol):
    """A channel that hands messages to a local daemon (gammu-smsd) and can say, by key,
    whether it already holds one: a send cut off by a crash is then not repeated."""

    def state(self, key: str) -> str: ...


def backoff(settings: NotifySettings, attempts: int) -> timedelta:
    seconds = settings.retry_seconds * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, settings.retry_max_seconds))


def lines(problem: Problem) -> dict[str, str]:
    return {"en": problem.text("en"), "mn": problem.text("mn")}


class Sender:
    def __init__(
        self,
        settings: NotifySettings,
        people: Mapping[str, UserSettings],
        office: OfficeSettings,
        journal: Journal,
        channels: Mapping[str, Channel],
        log: Callable[[str], None],
        lang: Lang,
        after_cycle: Callable[[str, Channel, datetime], None] | None = None,
    ) -> None:
        self.settings = settings
        self.people = people
        self.office = office
        self.journal = journal
        self.channels = dict(channels)
        self.log = log
        self.lang = lang
        self.after_cycle = after_cycle
        self.uplink_down = threading.Event()
        self._stop = threading.Event()
        self._wake = {name: threading.Event() for name in self.channels}
        self._resume: set[str] = set()
        self._threads: list[threading.Thread] = []

    # -- threads ---------------------------------------------------------------------------

    def start(self) -> None:
        for name in self.channels:
            thread = threading.Thread(target=self._run, args=(name,), name=f"notify-{name}")
            thread.daemon = True
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        for event in self._wake.values():
            event.set()
        for thread in self._threads:
            thread.join(timeout)

    def wake(self) -> None:
        for event in self._wake.values():
            event.set()

    def set_uplink(self, down: bool) -> None:
        """What the uplink probe says; when it comes back, waiting messages go at once."""
        if down:
            self.uplink_down.set()
            return
        if self.uplink_down.is_set():
            self.uplink_down.clear()
            self._resume.update(self.channels)
            self.wake()

    def _run(self, name: str) -> None:
        event = self._wake[name]
        while not self._stop.is_set():
            try:
                self.cycle(name)
            except OSError as exc:  # the journal itself could not be written (a full disk)
                self.log(T(self.lang, "notify.log.journal", reason=exc.strerror or exc))
            except Exception as exc:  # a channel's surprise must not stop its thread for good
                self.log(T(self.lang, "notify.log.crashed", channel=name, reason=repr(exc)))
            event.wait(SEND_EVERY_SECONDS)
            event.clear()

    # -- one pass --------------------------------------------------------------------------

    def cycle(self, name: str, now: datetime | None = None) -> int:
        """Send what is due on channel `name`; returns how many messages went."""
        now = now or utcnow()
        channel = self.channels[name]
        if self.after_cycle is not None:
            self.after_cycle(name, channel, now)
        if channel.internet and self.uplink_down.is_set():
            return 0
        resume = name in self._resume
        self._resume.discard(name)
        waiting = [s for s in self.journal.statuses() if s.message.channel == name and s.waiting]
        due = [s for s in waiting if s.due(now) or (resume and _not_held(s, now))]
        if channel.internet:
            due = self._fold(due, now)
        sent = 0
        for status in sorted(due, key=lambda s: s.message.created):
            if self._stop.is_set():
                break
            outcome = self._send(channel, status, now)
            if outcome is True:
                sent += 1
            elif outcome is None:
                break  # the channel is away: the rest wait for its retry
        return sent

    def _send(self, channel: Channel, status: Status, now: datetime) -> bool | None:
        """True: sent; False: given up on this message; None: failed, to be retried."""
        m = status.message
        if status.state == "sending" and hasattr(channel, "state"):
            held: Handing = channel  # type: ignore[assignment]
            if held.state(m.key) != "absent":  # handed over just before a crash
                self.journal.mark(m.key, "sent", now)
                return True
        self.journal.mark(m.key, "try", now)
        try:
            channel.send(m.key, m.to, m.subject, m.text, [Path(f) for f in m.attach])
        except DeliveryFailed as failed:
            attempts = status.attempts + 1
            retry_at = now + backoff(self.settings, attempts) if failed.retry else None
            self.journal.mark(m.key, "failed", now, reason=lines(failed.problem), retry_at=retry_at)
            if attempts == 1 or retry_at is None:
                key = "notify.log.retry" if retry_at else "notify.log.gave_up"
                self.log(
                    T(
                        self.lang,
                        key,
                        channel=m.channel,
                        person=m.person,
                        subject=m.subject,
                        reason=failed.problem.text(self.lang),
                    )
                )
            return None if failed.retry else False
        self.journal.mark(m.key, "sent", utcnow())
        if status.attempts:
            self.log(
                T(
                    self.lang,
                    "notify.log.sent_late",
                    channel=m.channel,
                    person=m.person,
                    tries=status.attempts + 1,
                )
            )
        return True

    def _fold(self, due: list[Status], now: datetime) -> list[Status]:
        """Per person, messages that waited long go as one digest (the rest as they are)."""
        after = timedelta(minutes=self.settings.fold_after_minutes)
        by_person: dict[str, list[Status]] = {}
        for status in due:
            if status.message.kind in FOLDABLE:
                by_person.setdefault(status.message.person, []).append(status)
        out = [s for s in due if s.message.kind not in FOLDABLE]
        for person, group in by_person.items():
            stale = any(now - s.message.created >= after for s in group)
            if len(group) < 2 or not stale:
                out.extend(group)
                continue
            group.sort(key=lambda s: s.message.created)
            first = group[0].message
            who = self.people.get(person)
            lang: Lang = who.lang if who else "mn"
            words = digest_words(
                [s.message.line for s in group], first.created, now, lang, self.office
            )
            digest = replace(
                first,
                key=f"d-{tag(*(s.key for s in group))}",
                kind="digest",
                subject=words.subject,
                text=words.text,
                line=words.line,
                created=now,
                not_before=None,
                alert=None,
                no=None,
            )
            self.journal.fold(digest, [s.key for s in group])
            out.append(Status(digest))
        return out


def _not_held(status: Status, now: datetime) -> bool:
    held = status.message.not_before
    return status.waiting and (held is None or held <= now)
