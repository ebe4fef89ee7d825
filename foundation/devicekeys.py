"""Device keys: a stable id for this machine, so the hub knows it again after a rename or
reinstall, and the keys of the devices an agent reports about that are not SNMP devices."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from foundation.digest import sha256_hex

LINUX_SOURCES = (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id"))

UPLINK_KEY = "probe:uplink"
"""The office's internet uplink, as the agent's probes report it and the hub's alerts and
network view read it."""


def host_key() -> str:
    """This machine's device key in reports: `host:` and its host id."""
    return f"host:{host_id()}"


def host_id() -> str:
    """Hex id derived from the OS's machine id (Windows MachineGuid, Linux machine-id)."""
    raw = _os_machine_id()
    if not raw:
        # measured: uuid costs the agent service 0.2 MiB, and is needed only where the OS
        # keeps no machine id
        import uuid

        raw = f"node-{uuid.getnode():012x}"
    return sha256_hex(f"soumnet:{raw}")[:16]


def _os_machine_id() -> str | None:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows agents
        try:
            out = subprocess.run(
                ["reg", "query", r"HKLM\SOFTWARE\Microsoft\Cryptography", "/v", "MachineGuid"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout
        except OSError:
            return None
        for line in out.splitlines():
            if "MachineGuid" in line:
                return line.split()[-1]
        return None
    for path in LINUX_SOURCES:
        try:
            text = path.read_text().strip()
        except OSError:
            continue
        if text:
            return text
    return None
