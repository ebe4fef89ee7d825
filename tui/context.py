"""What every screen needs to know: the store, the language, the user's role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from foundation.i18n import Lang
from inventory.store.layout import Layout
from inventory.store.store import Store
from tui.config import TuiConfig
from tui.messages import T

if TYPE_CHECKING:
    from textual.widget import Widget


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

    def refused(self, where: Widget) -> bool:
        """True, after saying so in `where`, when the user's role may not write: every write
        of the UI asks here, so a read-only role meets the same refusal on every screen."""
        if self.can_write:
            return False
        where.notify(T(self.lang, "write.refused"), severity="error")
        return True
