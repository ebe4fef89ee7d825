"""Widgets of the Backups screen and its report view."""
