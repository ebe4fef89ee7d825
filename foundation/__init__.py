"""What every part of soumnet stands on and that imports nothing else of it: the wire format,
the configuration file, the translation layer, atomic file writes, the command-line frame."""

__version__ = "0.1.0"
