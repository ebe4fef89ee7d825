"""What every screen needs to know: the store, the language, the user's role."""

from __future__ import annotations

from dataclasses import dataclass

from agent.config import Config
from agent.i18n import Lang
from inventory.layout import Layout
from inventory.store import Store


@dataclass(frozen=True)
class Context:
    config: Config
    lang: Lang
    user: str
    role: str

    @property
    def store(self) -> Store:
        return Store(Layout(self.config.hub_dir))

    @property
    def can_write(self) -> bool:
        return self.role == "it"
