"""The hub's part of the configuration file: `[hub]`, `[users]`, `[alerts]`, `[history]`,
`[enrolment]`, `[reports]` and `[notify]`, over the agent's (the hub's machine runs an agent
too)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from agent.config import AgentConfig
from foundation.config import current_user, load_as, user_dir
from foundation.settings import SettingsError
from inventory.settings.enrolment import EnrolmentSettings
from inventory.settings.hub import HubSettings, UserSettings
from inventory.settings.notify import NotifySettings
from inventory.settings.records import AlertSettings, HistorySettings
from inventory.settings.reports import ReportSettings


def _users() -> dict[str, UserSettings]:
    return {}


@dataclass(frozen=True)
class HubConfig(AgentConfig):
    hub: HubSettings = field(default_factory=HubSettings)
    alerts: AlertSettings = field(default_factory=AlertSettings)
    history: HistorySettings = field(default_factory=HistorySettings)
    enrolment: EnrolmentSettings = field(default_factory=EnrolmentSettings)
    reports: ReportSettings = field(default_factory=ReportSettings)
    notify: NotifySettings = field(default_factory=NotifySettings)
    users: dict[str, UserSettings] = field(default_factory=_users)
    """`[users.NAME]` tables: who may run the terminal UI, and in which role."""

    def __post_init__(self) -> None:
        channels = self.notify.channels
        for user, person in self.users.items():
            for name in person.channels:
                if name not in channels:
                    known = ", ".join(sorted(channels)) or "-"
                    raise SettingsError(
                        f"users.{user}.channels", "settings.no_channel", got=name, known=known
                    )
            for kind in person.reports:
                if kind not in self.reports.periods or person.lang not in self.reports.langs:
                    raise SettingsError(
                        f"users.{user}.reports", "settings.no_report", kind=kind, lang=person.lang
                    )
            if person.escalate_to and person.escalate_to not in self.users:
                raise SettingsError(
                    f"users.{user}.escalate_to", "settings.no_user", got=person.escalate_to
                )

    @property
    def hub_dir(self) -> Path:
        return self.hub.data_dir or user_dir("data") / "hub"

    @property
    def reports_dir(self) -> Path:
        return self.reports.folder or self.hub_dir / "reports"

    def role_of(self, user: str | None = None) -> str | None:
        """The configured role of `user` (default: who is logged in), or None."""
        name = user or current_user()
        found = self.users.get(name)
        return found.role if found else None


def load(path: Path | str | None = None, required: bool = False) -> HubConfig:
    return load_as(HubConfig, path, required)
