"""A signed report's fields as a scrollable two-column table, labelled in the user's language."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from textual.widgets import DataTable

from backups.fieldlabels import labelled
from foundation.i18n import Lang
from tui.messages import T
from tui.widgets.refill import refill

MAX_VALUE = 400
"""A long list (thousands of changed files) is cut: the table stays quick over SSH."""


def value_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        text = ", ".join(
            v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in value
        )
        text = text or "—"
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    return text if len(text) <= MAX_VALUE else text[:MAX_VALUE] + "…"


class ReportFields(DataTable[str]):
    """Every field with the report's own label, in the report's reading order."""

    def __init__(self, lang: Lang, **kwargs: object) -> None:
        super().__init__(cursor_type="row", **kwargs)  # type: ignore[arg-type]
        self.lang = lang

    def on_mount(self) -> None:
        self.add_column(T(self.lang, "backups.report.field"), key="field")
        self.add_column(T(self.lang, "backups.report.value"), key="value")

    def show(self, report: Mapping[str, Any]) -> None:
        rows: list[tuple[str | None, tuple[str, str]]] = [
            (key, (label, value_text(value))) for key, label, value in labelled(report, self.lang)
        ]
        refill(self, rows)
