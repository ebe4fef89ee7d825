"""The form for the devices an agent's SNMP poller asks (switches, printers, UPS)."""

from __future__ import annotations

from tui.widgets.steer.settings_form import Field, SettingsForm


class SnmpForm(SettingsForm):
    TITLE_KEY = "steer.form.snmp"
    FIELDS = (
        Field("snmp.devices", "rows", columns=("address", "port", "name"), numbers=("port",)),
    )
