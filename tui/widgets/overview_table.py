"""The overview's table: one row per device with its newest health figures."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import DataTable

from foundation.i18n import Lang
from inventory.store.store import DeviceState
from tui.messages import T
from tui.timefmt import ago
from tui.widgets.devices.widths import fit_widths

COLUMNS = ("name", "cpu", "memory", "disk", "seen")
NAME_CAP = 28


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:5.1f}"


class DeviceTable(DataTable[str]):
    """Rows keyed by device key, updated in place so the cursor stays where it was."""

    def __init__(self, lang: Lang, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self._keys: list[str] = []
        self._values: dict[str, list[str]] = {}
        self._widths: tuple[int, ...] = ()
        self._labels = [T(lang, f"overview.col.{column}") for column in COLUMNS]

    def on_mount(self) -> None:
        self._set_columns(fit_widths(self._labels, []))

    def _set_columns(self, widths: tuple[int, ...]) -> None:
        self.clear(columns=True)
        for column, label, width in zip(COLUMNS, self._labels, widths, strict=True):
            self.add_column(label, key=column, width=width)
        self._widths = widths

    def show(self, rows: Sequence[DeviceState]) -> None:
        cells = [
            (
                row.key,
                [
                    row.name,
                    _percent(row.cpu_percent),
                    _percent(row.memory_percent),
                    _percent(row.disk_percent),
                    ago(row.ts, self.lang),
                ],
            )
            for row in rows
        ]
        keys = [key for key, _ in cells]
        widths = fit_widths(self._labels, (values for _, values in cells), {0: NAME_CAP})
        if widths != self._widths:
            self._set_columns(widths)
            self._keys = []
        if keys != self._keys:
            self.clear()
            for key, values in cells:
                self.add_row(*values, key=key)
            self._keys = keys
            self._values = dict(cells)
            return
        # Only changed cells are redrawn: over SSH every repaint is bytes on a slow link.
        for key, values in cells:
            old = self._values.get(key, [])
            for index, (column, value) in enumerate(zip(COLUMNS, values, strict=True)):
                if index >= len(old) or old[index] != value:
                    self.update_cell(key, column, value)
            self._values[key] = values
