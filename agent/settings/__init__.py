"""Typed sections of the one configuration file; each field's docstring is its documentation.

`agent.config` loads and validates the file against these dataclasses. Every field has a
default, so an empty file is a working configuration for the embedded default.
"""
