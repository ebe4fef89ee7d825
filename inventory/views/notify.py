"""The notification log as `soumnet-hub notify log` and the Notifications screen show it:
every message sent, waiting or failed, newest first, with the reason of its last failure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from foundation.i18n import Lang
from foundation.wire import format_ts
from inventory.config import HubConfig
from inventory.notify import journal
from inventory.notify.messages import T
from inventory.records import alerts
from inventory.records.alerts import Alert
from inventory.store.layout import Layout


@dataclass(frozen=True)
class NotifyRow:
    key: str
    created: datetime
    state: str
    """queued, sending, sent, failed (given up), retrying (failed, tried again later), folded."""
    kind: str
    channel: str
    person: str
    to: str
    subject: str
    attempts: int
    sent_at: datetime | None
    retry_at: datetime | None
    reason: dict[str, str]
    alert_no: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "created": format_ts(self.created),
            "state": self.state,
            "kind": self.kind,
            "channel": self.channel,
            "person": self.person,
            "to": self.to,
            "subject": self.subject,
            "attempts": self.attempts,
            "sent_at": format_ts(self.sent_at) if self.sent_at else None,
            "retry_at": format_ts(self.retry_at) if self.retry_at else None,
            "reason": self.reason or None,
            "alert": self.alert_no,
        }

    def line(self, lang: Lang, config: HubConfig) -> str:
        """One line: when (office time), state, channel, person, subject, and why not."""
        tz = config.office.timezone
        state = T(lang, f"notify.state.{self.state}")
        who = config.users.get(self.person)
        person = who.label(self.person) if who else self.person
        when = f"{self.created.astimezone(tz):%Y-%m-%d %H:%M}"
        text = "\t".join((when, state, self.channel, person, self.subject))
        if self.reason:
            text += "\t" + (self.reason.get(lang) or self.reason.get("en", ""))
        return text


@dataclass(frozen=True)
class NotifyView:
    rows: tuple[NotifyRow, ...]
    alerts: tuple[Alert, ...] = ()
    """Open alerts, newest first: what can be acknowledged."""
    channels: tuple[str, ...] = ()

    @property
    def waiting(self) -> int:
        return sum(1 for r in self.rows if r.state in ("queued", "sending", "retrying"))

    @property
    def failed(self) -> int:
        return sum(1 for r in self.rows if r.state == "failed")

    def by_channel(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for row in self.rows:
            counts = out.setdefault(row.channel, {})
            counts[row.state] = counts.get(row.state, 0) + 1
        return out


def _state(status: journal.Status) -> str:
    if status.state == "failed" and status.retry_at is not None:
        return "retrying"
    return status.state


def notify_view(layout: Layout, config: HubConfig | None = None, limit: int = 0) -> NotifyView:
    """The log (its newest `limit` rows, all when 0) and the open alerts."""
    found = journal.read(layout.notify).values()
    rows = [
        NotifyRow(
            key=s.key,
            created=s.message.created,
            state=_state(s),
            kind=s.message.kind,
            channel=s.message.channel,
            person=s.message.person,
            to=s.message.to,
            subject=s.message.subject,
            attempts=s.attempts,
            sent_at=s.sent_at,
            retry_at=s.retry_at,
            reason=dict(s.reason),
            alert_no=s.message.no,
        )
        for s in found
    ]
    rows.sort(key=lambda r: (r.created, r.key), reverse=True)
    opened = tuple(alerts.open_alerts(layout))
    channels = tuple(config.notify.channels) if config is not None else ()
    return NotifyView(tuple(rows[:limit] if limit else rows), opened, channels)
