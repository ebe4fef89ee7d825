"""Texts of the TUI's parts, English and Mongolian; `tui.messages` merges them into one catalog.

Each part keeps its own module so that a screen's words live beside nothing else's.
"""
