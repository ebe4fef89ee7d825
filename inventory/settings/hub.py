"""Settings of the hub: where its records live and who may use the terminal UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from foundation.i18n import Lang
from inventory.settings.notify import Severity, SummaryKind, check_hours
from inventory.settings.reports import ScheduledKind

Role = Literal["it", "auditor", "contact"]


@dataclass(frozen=True)
class HubSettings:
    data_dir: Path | None = None
    """Folder of the hub's store, spool and archives; default: the platform's data folder
    (e.g. ~/.local/share/soumnet/hub). A relative path is relative to this file."""
    spool_poll_seconds: float = 1.0
    """How often `soumnet-hub serve` looks for new batches in the spool."""
    max_batch_bytes: int = 8 * 1024 * 1024
    """The largest batch `soumnet-hub ingest` accepts from one agent connection."""
    max_report_bytes: int = 256 * 1024
    """The largest single report; a larger one is rejected with that reason."""
    max_clock_skew_hours: float = 24.0
    """A report stamped further than this in the future is rejected."""
    header_timeout_seconds: float = 30.0
    """`ingest` gives up on a connection whose header line has not arrived within this."""
    batch_timeout_seconds: float = 600.0
    """`ingest` gives up on a batch of reports not received in full within this (4 MiB over a
    slow uplink of 128 kbit/s takes about 260 s)."""
    archive_timeout_seconds: float = 6 * 3600.0
    """`ingest` gives up on an archive delivery (archive, manifest, report) not received in full
    within this; what was received of it is removed and the agent sends it again."""
    max_archive_bytes: int = 64 * 1024**3
    """The most bytes one archive delivery may announce."""
    steer_agents: bool = True
    """Answer each batch with the settings and tasks that wait for its agent (`agents
    settings`, `agents task`); false: agents run on their own files alone."""


def _addresses() -> dict[str, str]:
    return {}


@dataclass(frozen=True)
class UserSettings:
    """`[users.NAME]`: an account of the hub's machine (NAME) and what it is told.

    A person who only receives messages (the governor, a second IT officer without an
    account) has the role `contact`: listed here for the notifications, refused by the hub."""

    role: Role = "it"
    """`it`: everything; `auditor`: read-only backups, reports and audit trail; `contact`:
    messages only."""
    name: str = ""
    """How messages and the audit trail name the person; default: NAME."""
    lang: Lang = "mn"
    """The language of the person's messages."""
    phone: str = ""
    """For SMS channels (`gammu`), e.g. `+97699112233`; also who may answer `OK N`."""
    email: str = ""
    """For e-mail channels (`smtp`)."""
    addresses: dict[str, str] = field(default_factory=_addresses)
    """The person's address on other channels, by channel name (e.g. a Telegram chat id for
    a channel whose URL holds `{to}`; empty for a channel whose URL names its target)."""
    channels: tuple[str, ...] = ()
    """The channels to use; empty: every channel the person has an address for."""
    severities: tuple[Severity, ...] = ("critical", "warning")
    """Which alerts the person is sent; empty: none (summaries only)."""
    rules: tuple[str, ...] = ()
    """Only these rules (e.g. `["archive_failed", "archive_overdue"]`); empty: every rule."""
    quiet_hours: str = ""
    """`HH:MM-HH:MM` in the office's time: then only critical alerts go by SMS (the rest wait
    until the quiet hours end; e-mail and messengers are not held)."""
    summaries: tuple[SummaryKind, ...] = ()
    """Summaries the person is sent at `[notify] summary_at`: `day`, `week`, `month`."""
    reports: tuple[ScheduledKind, ...] = ()
    """Period reports `serve` makes (`[reports] periods`) that the person is sent as
    attachments when made, in the person's language (by e-mail or messenger, never SMS)."""
    escalate_to: str = ""
    """The person (a NAME of `[users]`) sent this person's alerts when they are not
    acknowledged within `[notify] escalate_minutes`."""
    latin: bool = False
    """SMS in Latin letters, for phones that cannot show Cyrillic."""

    def __post_init__(self) -> None:
        check_hours("users.quiet_hours", self.quiet_hours)

    def label(self, user: str) -> str:
        return self.name or user
