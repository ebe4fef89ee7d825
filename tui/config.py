"""The terminal UI's part of the configuration file: the rest of `[ui]`, over the hub's."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from foundation.config import load_as
from inventory.config import HubConfig
from tui.settings import UiSettings


@dataclass(frozen=True)
class TuiConfig(HubConfig):
    ui: UiSettings = field(default_factory=UiSettings)


def load(path: Path | str | None = None, required: bool = False) -> TuiConfig:
    return load_as(TuiConfig, path, required)
