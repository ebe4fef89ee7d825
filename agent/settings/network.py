"""Settings of network monitoring: the SNMP devices this agent polls and the reachability probes.

Usually only the always-on hub machine's agent has devices and probes configured; on every
other machine both lists are empty and nothing is polled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

AuthProtocol = Literal["SHA", "SHA224", "SHA256", "SHA384", "SHA512", "MD5"]
PrivProtocol = Literal["AES", "AES192", "AES256", "DES"]
ProbeKind = Literal["ping", "tcp", "http"]
ProbeRole = Literal["gateway", "dns", "external", "internal"]


@dataclass(frozen=True, kw_only=True)
class SnmpCredentials:
    """How to authenticate to one SNMP agent: shared by the configured devices and the
    poller's targets, so the two never drift apart."""

    version: Literal["2c", "3"] = "2c"
    """SNMP version: `2c` (community) or `3` (user with authentication and privacy)."""
    community: str = "public"
    """The read community for version 2c."""
    user: str = ""
    """The SNMPv3 user name (version 3 always uses authPriv)."""
    auth_protocol: AuthProtocol = "SHA"
    """SNMPv3 authentication protocol."""
    auth_key: str = ""
    """SNMPv3 authentication pass phrase (at least 8 characters)."""
    priv_protocol: PrivProtocol = "AES"
    """SNMPv3 privacy (encryption) protocol."""
    priv_key: str = ""
    """SNMPv3 privacy pass phrase (at least 8 characters)."""

    def credentials(self) -> SnmpCredentials:
        """Just the credentials, e.g. to build a poller target from a configured device."""
        return SnmpCredentials(
            **{f: getattr(self, f) for f in SnmpCredentials.__dataclass_fields__}
        )


@dataclass(frozen=True)
class SnmpDevice(SnmpCredentials):
    address: str = ""
    """Host name or IP address of the switch, router, printer or UPS."""
    port: int = 161
    """UDP port of its SNMP agent."""
    name: str = ""
    """A label for lists and reports, e.g. "Switch, server room"; default: its sysName."""
    timeout_seconds: float = 0.0
    """Wait for one answer; 0 means `[snmp] timeout_seconds`."""
    retries: int = -1
    """Resends after a timeout; -1 means `[snmp] retries`."""


def _devices() -> tuple[SnmpDevice, ...]:
    return ()


@dataclass(frozen=True)
class SnmpSettings:
    devices: tuple[SnmpDevice, ...] = field(default_factory=_devices)
    """`[[snmp.devices]]` tables: the devices this agent polls. Empty: no polling."""
    interval_seconds: int = 300
    """How often every device is polled (interface rates are averages over this time)."""
    timeout_seconds: float = 1.0
    """How long to wait for one answer before resending."""
    retries: int = 1
    """Resends after a timeout; a dead device is marked down after timeout × (retries + 1)."""
    concurrency: int = 16
    """How many devices are polled at the same time."""
    device_budget_seconds: float = 60.0
    """The most time one device's whole poll may take; a slower device is cut off."""
    max_repetitions: int = 25
    """Rows asked for per GETBULK request while walking a table."""
    supply_low_percent: float = 15.0
    """A printer supply at or below this level counts as low."""


@dataclass(frozen=True)
class ProbeTarget:
    name: str = ""
    """What the target is, e.g. "E-Mongolia portal"; shown in lists and events."""
    role: ProbeRole = "external"
    """`gateway` (the office router), `dns`, `external` (on the internet) or `internal`."""
    kind: ProbeKind = "ping"
    """`ping` (ICMP echo), `tcp` (connect to `port`) or `http` (GET `url`)."""
    host: str = ""
    """Host name or address for `ping` and `tcp`."""
    port: int = 0
    """TCP port for `tcp` probes."""
    url: str = ""
    """The URL for `http` probes (http:// or https://)."""


def _targets() -> tuple[ProbeTarget, ...]:
    return ()


@dataclass(frozen=True)
class ProbeSettings:
    targets: tuple[ProbeTarget, ...] = field(default_factory=_targets)
    """`[[probes.targets]]` tables: the gateway, DNS, the national e-service portal, the ERP
    server and anything else the office needs to reach. Empty: no probes."""
    interval_seconds: int = 60
    """How often every target is probed."""
    count: int = 3
    """Attempts per target per round (latency, loss and jitter come from these)."""
    timeout_seconds: float = 2.0
    """How long one attempt may take."""
    concurrency: int = 16
    """How many targets are probed at the same time."""
