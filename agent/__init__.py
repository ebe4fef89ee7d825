"""soumnet agent: measures this machine and the office network, keeps reports for the hub."""

__version__ = "0.1.0"
