"""Typed sections of the agent's part of the configuration file; each field's docstring is
its documentation (`agent.config` types the file with them). Every field has a default.
"""
