"""Typed sections of the hub's part of the configuration file; each field's docstring is
its documentation (`inventory.config` types the file with them). Every field has a default.
"""
