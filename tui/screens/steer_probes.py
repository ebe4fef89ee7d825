"""The form for the targets an agent probes (gateway, DNS, the portals the office needs)."""

from __future__ import annotations

from tui.widgets.steer.settings_form import Field, SettingsForm


class ProbesForm(SettingsForm):
    TITLE_KEY = "steer.form.probes"
    FIELDS = (
        Field(
            "probes.targets",
            "rows",
            columns=("name", "role", "kind", "host", "port", "url"),
            numbers=("port",),
        ),
    )
