"""The agent's part of the configuration file: `[agent]`, `[snmp]` and `[probes]`, over the
backups' and the shared sections (the agent runs the yearly archive)."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from pathlib import Path

from agent.settings.agent import AgentSettings
from agent.settings.network import ProbeSettings, SnmpSettings
from backups.config import BackupConfig
from foundation.config import load_as, user_dir


@dataclass(frozen=True)
class AgentConfig(BackupConfig):
    agent: AgentSettings = field(default_factory=AgentSettings)
    snmp: SnmpSettings = field(default_factory=SnmpSettings)
    probes: ProbeSettings = field(default_factory=ProbeSettings)

    @property
    def agent_dir(self) -> Path:
        return self.agent.data_dir or user_dir("data") / "agent"

    @property
    def agent_id(self) -> str:
        return self.agent.id or socket.gethostname()


def load(path: Path | str | None = None, required: bool = False) -> AgentConfig:
    return load_as(AgentConfig, path, required)
