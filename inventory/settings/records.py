"""Settings of the hub's records: alert thresholds and history retention."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AlertSettings:
    disk_percent: float = 90.0
    """A disk fuller than this (percent) raises a "disk full" alert."""
    device_down_minutes: float = 10.0
    """A device (SNMP or probe target) down for longer than this raises an alert."""
    toner_percent: float = 10.0
    """A printer supply below this level (percent of its capacity) raises an alert."""
    agent_silent_hours: float = 24.0
    """An agent that has sent nothing for this long raises an alert."""
    archive_overdue_days: float = 366.0
    """No yearly archive for this long raises an "archive overdue" alert."""
    licence_days: float = 30.0
    """A software licence that ends within this many days raises a "licence expiring" alert."""
    busy_percent: float = 90.0
    """CPU, memory or a disk at or above this (percent) shows a device as busy on the
    overview and the Devices screen (no alert: the "disk full" alert has its own limit)."""


@dataclass(frozen=True)
class HistorySettings:
    raw_days: int = 7
    """Raw samples are kept this many days, then only their hourly roll-ups."""
    hourly_days: int = 90
    """Hourly roll-ups (min/avg/max) are kept this many days."""
    daily_days: int = 5 * 366
    """Daily roll-ups are kept this many days (default about five years)."""
