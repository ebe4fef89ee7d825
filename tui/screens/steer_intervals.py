"""The form for how often an agent reports, sends, polls SNMP devices, probes and reads
its installed programs."""

from __future__ import annotations

from tui.widgets.steer.settings_form import Field, SettingsForm


class IntervalsForm(SettingsForm):
    TITLE_KEY = "steer.form.intervals"
    FIELDS = (
        Field("agent.health_interval_seconds", "number"),
        Field("agent.sync_interval_seconds", "number"),
        Field("snmp.interval_seconds", "number"),
        Field("probes.interval_seconds", "number"),
        Field("agent.software_interval_seconds", "number"),
    )
