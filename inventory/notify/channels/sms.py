"""The SMS channel as the sender sees it: `gammu.GammuChannel` with the sender's `send`
(the subject is not sent: an SMS has none), and SMS that waited too long in gammu-smsd's outbox
reported as not sent."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from foundation.i18n import Problem
from foundation.wire import utcnow
from inventory.notify.channels.gammu import GammuChannel, GammuSettings, Incoming, SmsState
from inventory.notify.messages import T
from inventory.settings.notify import ChannelSettings

RECHECK = timedelta(minutes=1)
"""How often SMS handed to gammu-smsd are looked for in its folders."""


class SmsChannel:
    internet: bool

    def __init__(self, settings: ChannelSettings) -> None:
        assert settings.smsd_config is not None  # NotifySettings checks it
        self.gammu = GammuChannel(
            GammuSettings(settings.smsd_config, settings.max_parts, settings.wait_minutes)
        )
        self.internet = settings.needs_internet
        self._handed: dict[str, datetime] = {}
        self._looked = datetime.min.replace(tzinfo=utcnow().tzinfo)

    def send(self, key: str, to: str, subject: str, text: str, attach: Sequence[Path] = ()) -> None:
        self.gammu.send(key, to, text)
        self._handed[key] = utcnow()

    def state(self, key: str) -> SmsState:
        try:
            return self.gammu.state(key)
        except Problem:
            return "absent"  # smsd's folders unreadable: sending again says why

    def not_sent(self, now: datetime) -> list[tuple[str, Problem, bool]]:
        """SMS handed over that gammu-smsd has not sent within `wait_minutes` (to be tried
        again: the same key finds it still waiting, so it is never queued twice), or that it
        gave up on (not retried); each said once."""
        if now - self._looked < RECHECK:
            return []
        self._looked = now
        found: list[tuple[str, Problem, bool]] = []
        for key in list(self._handed):
            try:
                state = self.gammu.state(key)
                late = self.gammu.stale(key) if state == "queued" else None
            except Problem:
                continue
            if state == "error":
                found.append((key, Problem(T, "sms.gave_up"), False))
            elif late is not None:
                found.append((key, late, True))
            elif state == "queued":
                continue
            del self._handed[key]
        return found

    def received(self) -> list[Incoming]:
        try:
            return self.gammu.received()
        except Problem:
            return []

    def done(self, incoming_id: str) -> None:
        self.gammu.done(incoming_id)

    def check(self) -> Problem | None:
        return self.gammu.check()
