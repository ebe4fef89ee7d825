"""Typed views the screens and the command line draw; no Textual here, rules decided once."""
