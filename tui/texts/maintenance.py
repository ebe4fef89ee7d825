"""Texts of the maintenance part of the TUI: key -> (English, Mongolian)."""

TEXTS: dict[str, tuple[str, str]] = {}
