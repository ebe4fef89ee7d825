"""What a round of polling is given: the devices to ask (`Target`) and the bounds the round
keeps (`PollLimits`).

They live apart from `poller` so that the agent's jobs and commands can build them without
loading asyncio and pysnmp: `poller` is imported only when a poll starts.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.settings.network import SnmpCredentials, SnmpSettings


@dataclass(frozen=True)
class Target(SnmpCredentials):
    """One device to poll; how to authenticate to it is the configured devices' own type."""

    address: str
    port: int = 161
    timeout: float = 1.0
    retries: int = 1
    name: str = ""

    @property
    def key(self) -> str:
        """The device key in reports: `snmp:<address>` (with the port when not 161)."""
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"snmp:{host}" if self.port == 161 else f"snmp:{host}:{self.port}"


@dataclass(frozen=True)
class PollLimits:
    """How a round bounds itself: devices in flight at once, one device's time budget and the
    rows per GETBULK request (the `[snmp]` settings of those names). One object, so the one-shot
    poll, the service's long-lived runtime and the asyncio core take the same thing and `[snmp]`
    is read in one place."""

    concurrency: int = 16
    budget_seconds: float = 60.0
    max_repetitions: int = 25

    @classmethod
    def from_settings(cls, settings: SnmpSettings) -> PollLimits:
        """The limits `[snmp]` configures."""
        return cls(settings.concurrency, settings.device_budget_seconds, settings.max_repetitions)


DEFAULT_LIMITS = PollLimits()
