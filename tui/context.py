"""What every screen needs to know: the store, the language, the user's role."""

from __future__ import annotations

from dataclasses import dataclass

from foundation.i18n import Lang
from inventory.store.layout import Layout
from inventory.store.store import Store
from tui.config import TuiConfig


@dataclass(frozen=True)
class Context:
    config: TuiConfig
    lang: Lang
    user: str
    role: str

    @property
    def store(self) -> Store:
        return Store(Layout(self.config.hub_dir))

    @property
    def can_write(self) -> bool:
        return self.role == "it"
