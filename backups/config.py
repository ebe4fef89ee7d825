"""The backups' part of the configuration file: `[backup]` over the shared sections."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from backups.settings import BackupSettings
from foundation.config import BaseConfig, load_as


@dataclass(frozen=True)
class BackupConfig(BaseConfig):
    backup: BackupSettings = field(default_factory=BackupSettings)


def load(path: Path | str | None = None, required: bool = False) -> BackupConfig:
    return load_as(BackupConfig, path, required)
