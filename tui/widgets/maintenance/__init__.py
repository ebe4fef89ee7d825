"""Widgets of the Maintenance screen and its entry form."""
