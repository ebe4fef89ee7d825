"""The service loop's side of steering: what the hub's answer asked for, turned into applied
settings, kept tasks and `steer` reports (kind `foundation.kinds.steer`) in the outbox."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from agent.config import AgentConfig
from agent.steer import settings as hub_settings
from agent.steer.tasks import Tasks
from foundation.devicekeys import host_key
from foundation.kinds.steer import KIND
from foundation.wire import Report, new_report_id, utcnow


@dataclass
class Steering:
    base: AgentConfig
    """The configuration file's own settings: what the hub's are checked and laid over."""
    tasks: Tasks = field(init=False)

    def __post_init__(self) -> None:
        self.tasks = Tasks(self.base.agent_dir)

    def report(
        self, settings: Mapping[str, Any] | None = None, tasks: Sequence[Mapping[str, Any]] = ()
    ) -> Report:
        data: dict[str, Any] = {"tasks": list(tasks)}
        if settings is not None:
            data["settings"] = dict(settings)
        agent = self.base.agent_id
        return Report(new_report_id(agent), agent, KIND, host_key(), utcnow(), data)

    def take(self, steer: Mapping[str, Any]) -> tuple[AgentConfig | None, list[Report]]:
        """The hub's answer: the configuration to run from now on (None: unchanged) and the
        reports that say what was done with it."""
        offer = steer.get("settings")
        outcome = hub_settings.apply(self.base, offer) if isinstance(offer, dict) else None
        offered = steer.get("tasks")
        kept = self.tasks.receive(offered) if isinstance(offered, list) else []
        reports = [self.report(outcome, kept)] if outcome is not None or kept else []
        changed = outcome is not None and outcome.get("state") == "applied"
        return (hub_settings.effective(self.base) if changed else None), reports
