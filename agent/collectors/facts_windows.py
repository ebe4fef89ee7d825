"""Hardware facts on Windows, from PowerShell's CIM cmdlets (no native Python dependency).

One PowerShell run gathers every class as one JSON document (`ConvertTo-Json`); `parse`
turns it into the same facts `agent.collectors.facts.linux_facts` gives. ConvertTo-Json writes a
class with one instance as an object and several as an array, and absent properties as null: both
shapes are accepted. The tests feed `parse` recorded outputs.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from agent.collectors.factvalues import clean, drop_empty
from agent.messages import T
from foundation.i18n import Problem

POWERSHELL_TIMEOUT_SECONDS = 120.0
SCRIPT = r"""
$ErrorActionPreference = 'SilentlyContinue'
function D($d) { if ($d) { $d.ToUniversalTime().ToString('yyyy-MM-dd') } }
[pscustomobject]@{
  ComputerSystem = Get-CimInstance Win32_ComputerSystem |
    Select-Object Name, Manufacturer, Model, TotalPhysicalMemory
  BIOS = Get-CimInstance Win32_BIOS |
    Select-Object Manufacturer, SMBIOSBIOSVersion, SerialNumber,
      @{n='ReleaseDate'; e={ D $_.ReleaseDate }}
  BaseBoard = Get-CimInstance Win32_BaseBoard | Select-Object Manufacturer, Product, SerialNumber
  Processor = Get-CimInstance Win32_Processor |
    Select-Object Name, NumberOfCores, NumberOfLogicalProcessors
  DiskDrive = Get-CimInstance Win32_DiskDrive |
    Select-Object DeviceID, Model, SerialNumber, Size, MediaType, InterfaceType
  NetworkAdapter = Get-CimInstance Win32_NetworkAdapter -Filter 'PhysicalAdapter=True' |
    Select-Object InterfaceIndex, NetConnectionID, Name, MACAddress
  NetworkAdapterConfiguration = Get-CimInstance Win32_NetworkAdapterConfiguration `
    -Filter 'IPEnabled=True' | Select-Object InterfaceIndex, MACAddress, IPAddress
  OperatingSystem = Get-CimInstance Win32_OperatingSystem |
    Select-Object Caption, Version, BuildNumber, OSArchitecture
} | ConvertTo-Json -Depth 4 -Compress
"""
COMMAND = ["powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass"]
IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
DOTNET_DATE = re.compile(r"^/Date\((-?\d+)\)/$")


def windows_facts() -> dict[str, Any]:
    """Run the CIM queries; a PowerShell that fails or says nothing useful is a Problem."""
    try:
        done = subprocess.run(
            [*COMMAND, "-Command", SCRIPT],
            capture_output=True,
            timeout=POWERSHELL_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Problem(T, "agent.facts.powershell_failed", reason=str(exc)) from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise Problem(
            T,
            "agent.facts.powershell_failed",
            reason=reason[-1] if reason else f"exit status {done.returncode}",
        )
    return parse(done.stdout.decode("utf-8-sig", "replace"))


def _many(value: object) -> list[Mapping[str, Any]]:
    """ConvertTo-Json: one instance is an object, several an array, none null."""
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, Mapping)]
    return []


def _one(value: object) -> Mapping[str, Any]:
    found = _many(value)
    return found[0] if found else {}


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():  # UInt64 may arrive as text
        return int(value.strip())
    return None


def _date(value: object) -> str | None:
    """`yyyy-MM-dd` as the script writes it; the `/Date(ms)/` of older PowerShell too."""
    if isinstance(value, Mapping):  # Windows PowerShell 5.1 may wrap a DateTime
        value = value.get("value")
    if not isinstance(value, str):
        return None
    found = DOTNET_DATE.match(value)
    if found:
        return datetime.fromtimestamp(int(found.group(1)) / 1000, UTC).date().isoformat()
    return clean(value[:10])


def _mac(value: object) -> str | None:
    text = clean(value)
    return text.replace("-", ":").lower() if text else None


def parse(text: str) -> dict[str, Any]:
    """Facts from the script's JSON output; a document that is not one is a Problem."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise Problem(T, "agent.facts.bad_output", reason=str(exc)[:80]) from None
    if not isinstance(doc, Mapping):
        raise Problem(T, "agent.facts.bad_output", reason=type(doc).__name__)
    system = _one(doc.get("ComputerSystem"))
    bios = _one(doc.get("BIOS"))
    board = _one(doc.get("BaseBoard"))
    cpus = _many(doc.get("Processor"))
    os_info = _one(doc.get("OperatingSystem"))
    cores = [_int(c.get("NumberOfCores")) for c in cpus]
    threads = [_int(c.get("NumberOfLogicalProcessors")) for c in cpus]
    return drop_empty(
        {
            "hostname": clean(system.get("Name")),
            "make": clean(system.get("Manufacturer")),
            "model": clean(system.get("Model")),
            "serial": clean(bios.get("SerialNumber")) or clean(board.get("SerialNumber")),
            "bios": {
                "vendor": clean(bios.get("Manufacturer")),
                "version": clean(bios.get("SMBIOSBIOSVersion")),
                "date": _date(bios.get("ReleaseDate")),
            },
            "board": {
                "vendor": clean(board.get("Manufacturer")),
                "model": clean(board.get("Product")),
                "serial": clean(board.get("SerialNumber")),
            },
            "cpu": {
                "model": clean(cpus[0].get("Name")) if cpus else None,
                "count_logical": sum(t for t in threads if t) or None,
                "count_physical": sum(c for c in cores if c) or None,
            },
            "memory_total": _int(system.get("TotalPhysicalMemory")),
            "disks": _disks(doc.get("DiskDrive")),
            "interfaces": _interfaces(
                doc.get("NetworkAdapter"), doc.get("NetworkAdapterConfiguration")
            ),
            "os": {
                "name": clean(os_info.get("Caption")),
                "version": clean(os_info.get("Version")),
                "build": clean(os_info.get("BuildNumber")),
                "machine": clean(os_info.get("OSArchitecture")),
            },
        }
    )


def _disks(value: object) -> list[dict[str, Any]]:
    out = []
    for disk in _many(value):
        if str(disk.get("MediaType") or "").lower().startswith("removable"):
            continue
        out.append(
            drop_empty(
                {
                    "name": clean(disk.get("DeviceID")),
                    "model": clean(disk.get("Model")),
                    "serial": clean(disk.get("SerialNumber")),
                    "size": _int(disk.get("Size")),
                    "bus": clean(disk.get("InterfaceType")),
                }
            )
        )
    return out


def _interfaces(adapters: object, configs: object) -> list[dict[str, Any]]:
    """Physical adapters with their MAC, and the IPv4 addresses of those that have IP."""
    ips: dict[int | None, list[str]] = {}
    for conf in _many(configs):
        found = conf.get("IPAddress")
        addresses = [found] if isinstance(found, str) else found if isinstance(found, list) else []
        ips[_int(conf.get("InterfaceIndex"))] = [
            a for a in addresses if isinstance(a, str) and IPV4.match(a)
        ]
    out = []
    for adapter in _many(adapters):
        mac = _mac(adapter.get("MACAddress"))
        if mac is None:
            continue
        out.append(
            {
                "name": clean(adapter.get("NetConnectionID")) or clean(adapter.get("Name")),
                "mac": mac,
                "ipv4": ips.get(_int(adapter.get("InterfaceIndex")), []),
            }
        )
    return out
