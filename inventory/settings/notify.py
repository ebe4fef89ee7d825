"""Settings of notifications: `[notify]` (channels, when to escalate, when summaries go) and
what each person in `[users.NAME]` receives (see `inventory.settings.hub.UserSettings`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Literal

from foundation.settings import SettingsError

ChannelType = Literal["smtp", "apprise", "gammu"]
Severity = Literal["critical", "warning"]
SummaryKind = Literal["day", "week", "month"]
Security = Literal["starttls", "tls", "none"]

_HHMM = r"([01]\d|2[0-3]):[0-5]\d"


def clock(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


def check_clock(key: str, text: str) -> None:
    if not re.fullmatch(_HHMM, text):
        raise SettingsError(key, "settings.expected_time", got=repr(text))


def check_hours(key: str, text: str) -> None:
    """`HH:MM-HH:MM` (may pass midnight) or empty."""
    if text and not re.fullmatch(f"{_HHMM}-{_HHMM}", text):
        raise SettingsError(key, "settings.expected_hours", got=repr(text))


@dataclass(frozen=True)
class ChannelSettings:
    """`[notify.channels.NAME]`: one way messages leave the hub."""

    type: ChannelType = "smtp"
    """`gammu`: SMS through a GSM modem driven by gammu-smsd (works while the uplink is down);
    `smtp`: e-mail; `apprise`: a messenger or webhook named by an Apprise URL."""
    internet: bool | None = None
    """Whether the channel needs the internet: its messages wait while the uplink is down and
    go as one summary when it is back. Default: yes for smtp and apprise, no for gammu."""
    host: str = ""
    """smtp: the mail server."""
    port: int = 0
    """smtp: its port; default 587 for starttls, 465 for tls, 25 for none."""
    security: Security = "starttls"
    user: str = ""
    """smtp: the login name; empty: no login."""
    password_file: Path | None = None
    """smtp: a file holding the password (readable by `serve`'s account alone)."""
    sender: str = ""
    """smtp: the From address."""
    timeout_seconds: float = 30.0
    url: str = ""
    """apprise: the Apprise URL, e.g. `tgram://BOTTOKEN/{to}`, `ntfy://host/topic`,
    `json://host:port/path`; `{to}` is replaced by the person's address for this channel."""
    smsd_config: Path | None = None
    """gammu: the gammu-smsd configuration file (files backend); its folders are read from it."""
    max_parts: int = 2
    """gammu: the longest SMS, in parts (Cyrillic: 70 characters in one part)."""
    wait_minutes: float = 30.0
    """gammu: an SMS still in gammu-smsd's outbox after this is reported (modem missing?)."""

    @property
    def needs_internet(self) -> bool:
        return self.type != "gammu" if self.internet is None else self.internet

    @property
    def smtp_port(self) -> int:
        return self.port or {"starttls": 587, "tls": 465, "none": 25}[self.security]


_NEEDS: dict[str, tuple[str, ...]] = {
    "smtp": ("host", "sender"),
    "apprise": ("url",),
    "gammu": ("smsd_config",),
}

CRITICAL_RULES = ("lan_down", "internet_down", "device_down", "ups_on_battery", "archive_failed")


def _channels() -> dict[str, ChannelSettings]:
    return {}


@dataclass(frozen=True)
class NotifySettings:
    channels: dict[str, ChannelSettings] = field(default_factory=_channels)
    """`[notify.channels.NAME]` tables; none: nothing is sent."""
    critical: tuple[str, ...] = CRITICAL_RULES
    """Rules whose alerts are critical (the others are warnings): only critical ones go by SMS
    during a person's quiet hours."""
    escalate_minutes: float = 30.0
    """An alert not acknowledged this long after it began is sent to the person named in
    `escalate_to`; 0: never."""
    summary_at: str = "08:00"
    """The office's local time at which daily (weekly, monthly) summaries go."""
    retry_seconds: float = 60.0
    """The first wait after a failed send; it doubles on each failure up to `retry_max_seconds`."""
    retry_max_seconds: float = 3600.0
    fold_after_minutes: float = 10.0
    """Messages that waited this long for a channel (uplink down, server away) go as one summary
    when the channel is back, instead of one stale message each."""
    keep_days: int = 90
    """Sent messages stay in the notification log this many days."""

    def __post_init__(self) -> None:
        check_clock("notify.summary_at", self.summary_at)
        for name, channel in self.channels.items():
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", name):
                raise SettingsError(f"notify.channels.{name}", "settings.expected_name", got=name)
            for need in _NEEDS[channel.type]:
                if not getattr(channel, need):
                    raise SettingsError(
                        f"notify.channels.{name}.{need}", "settings.missing", kind=channel.type
                    )

    def severity(self, rule: str) -> Severity:
        return "critical" if rule in self.critical else "warning"
