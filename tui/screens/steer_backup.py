"""The form for an agent's yearly archive: what it takes, for whom, and when."""

from __future__ import annotations

from tui.widgets.steer.settings_form import Field, SettingsForm


class BackupForm(SettingsForm):
    TITLE_KEY = "steer.form.backup"
    FIELDS = (
        Field("backup.sources", "words"),
        Field("backup.recipients", "words"),
        Field("backup.month", "number"),
        Field("backup.day", "number"),
        Field("backup.time", "number", text=True),
    )
