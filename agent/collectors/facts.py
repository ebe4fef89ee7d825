"""Hardware facts of this machine: what it is, rather than how it is doing.

Read at the agent's start and once a day (a `facts` report for `host:<host id>`), so the hub's
equipment records learn make, model and serial number without anyone typing them. On Linux
from /sys, /proc and psutil; on Windows from PowerShell's CIM cmdlets
(`agent.collectors.facts_windows`). A fact the machine does not expose, or only to root (serial
numbers often are), is absent, not an error. The field names are documented in the README's facts
table; `make`, `model`, `serial`, `hostname` and `interfaces[].mac/ipv4` are the ones the hub's
records take up.
"""

from __future__ import annotations

import platform
import socket
from pathlib import Path
from typing import Any

import psutil

from agent.collectors.facts_windows import windows_facts
from agent.collectors.factvalues import clean, drop_empty
from agent.config import AgentConfig
from agent.jobs.job import Job
from foundation.devicekeys import host_key
from foundation.wire import Report, new_report_id, utcnow

FACTS_INTERVAL_SECONDS = 24 * 3600
VIRTUAL_BLOCK = ("loop", "ram", "zram", "dm-", "md", "sr", "fd", "nbd")


def _read(path: Path) -> str | None:
    """A small sysfs/procfs file's text; None when absent or readable only by root."""
    try:
        return clean(path.read_bytes().decode("utf-8", "replace"))
    except OSError:
        return None


def _flag(path: Path) -> str | None:
    """A sysfs flag's raw text ("0" is a value here, not a placeholder)."""
    try:
        return path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None


def linux_facts(root: Path = Path("/")) -> dict[str, Any]:
    """Facts from /sys, /proc and /etc under `root` (a test passes a recorded tree)."""
    dmi = root / "sys/class/dmi/id"
    return drop_empty(
        {
            "hostname": socket.gethostname(),
            "make": _read(dmi / "sys_vendor"),
            "model": _read(dmi / "product_name"),
            "serial": _read(dmi / "product_serial"),
            "bios": {
                "vendor": _read(dmi / "bios_vendor"),
                "version": _read(dmi / "bios_version"),
                "date": _bios_date(_read(dmi / "bios_date")),
            },
            "board": {
                "vendor": _read(dmi / "board_vendor"),
                "model": _read(dmi / "board_name"),
                "serial": _read(dmi / "board_serial"),
            },
            "cpu": {
                "model": cpu_model(root / "proc/cpuinfo"),
                "count_logical": psutil.cpu_count(),
                "count_physical": psutil.cpu_count(logical=False),
            },
            "memory_total": psutil.virtual_memory().total,
            "disks": linux_disks(root / "sys/block"),
            "interfaces": interfaces(),
            "os": linux_os(root),
        }
    )


def _bios_date(text: str | None) -> str | None:
    """DMI's MM/DD/YYYY as an ISO date; anything else as it was written."""
    if text and len(text) == 10 and text[2] == "/" and text[5] == "/":
        month, day, year = text.split("/")
        if (month + day + year).isdigit():
            return f"{year}-{month}-{day}"
    return text


def cpu_model(cpuinfo: Path) -> str | None:
    """The first processor's model name (x86 `model name`, ARM `Model`/`Hardware`)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return clean(platform.processor())
    found: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in ("model name", "Model", "Hardware", "cpu model"):
            found.setdefault(key.strip(), value.strip())
    for key in ("model name", "cpu model", "Model", "Hardware"):
        if clean(found.get(key)):
            return clean(found[key])
    return clean(platform.processor())


def _vpd_serial(path: Path) -> str | None:
    """The unit serial number page (VPD 0x80): a 4-byte header, then the text."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    return clean(raw[4:].decode("ascii", "replace")) if len(raw) > 4 else None


def linux_disks(block: Path) -> list[dict[str, Any]]:
    """Every fixed disk's model, serial and size (removable and virtual devices left out)."""
    try:
        names = sorted(p.name for p in block.iterdir())
    except OSError:
        return []
    out = []
    for name in names:
        disk = block / name
        if name.startswith(VIRTUAL_BLOCK) or _flag(disk / "removable") == "1":
            continue
        sectors = _read(disk / "size")
        vendor = _read(disk / "device/vendor")
        model = _read(disk / "device/model")
        out.append(
            drop_empty(
                {
                    "name": name,
                    "model": f"{vendor} {model}" if vendor and model and vendor != "ATA" else model,
                    "serial": _read(disk / "device/serial")
                    or _vpd_serial(disk / "device/vpd_pg80"),
                    "size": int(sectors) * 512 if sectors and sectors.isdigit() else None,
                    "rotational": {"0": False, "1": True}.get(
                        _flag(disk / "queue/rotational") or ""
                    ),
                }
            )
        )
    return out


def linux_os(root: Path) -> dict[str, Any]:
    release: dict[str, str] = {}
    for candidate in ("etc/os-release", "usr/lib/os-release"):
        try:
            text = (root / candidate).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for line in text.splitlines():
            key, sep, value = line.partition("=")
            if sep:
                release[key.strip()] = value.strip().strip("\"'")
        break
    return {
        "name": clean(release.get("PRETTY_NAME") or release.get("NAME")) or platform.system(),
        "version": clean(release.get("VERSION_ID")),
        "kernel": platform.release(),
        "machine": platform.machine(),
    }


def interfaces() -> list[dict[str, Any]]:
    """Each interface's hardware address and IPv4 addresses (loopback left out)."""
    out = []
    for name, addrs in sorted(psutil.net_if_addrs().items()):
        mac = next((a.address for a in addrs if a.family == psutil.AF_LINK), None)
        ipv4 = [a.address for a in addrs if a.family == socket.AF_INET]
        if (mac is None or mac.strip("0:-") == "") and all(ip.startswith("127.") for ip in ipv4):
            continue
        out.append({"name": name, "mac": mac, "ipv4": ipv4})
    return out


def collect() -> dict[str, Any]:
    """This machine's facts, the way its OS offers them."""
    if platform.system() == "Windows":
        return windows_facts()
    return linux_facts()


def facts_report(config: AgentConfig, device: str | None = None) -> Report:

    return Report(
        id=new_report_id(config.agent_id),
        agent=config.agent_id,
        kind="facts",
        device=device or host_key(),
        ts=utcnow(),
        data=collect(),
    )


def facts_jobs(config: AgentConfig) -> list[Job]:
    """Facts at the service's start and then daily."""
    device = host_key()
    return [Job("facts", FACTS_INTERVAL_SECONDS, lambda: [facts_report(config, device)])]
