"""Health of this machine, measured with psutil.

`HealthCollector.update()` measures and returns a plain dict (the `data` of a `health`
report); showing it is someone else's job. The collector keeps the previous counters so CPU
percentages cover the interval since the last call, as a monitor's should.
"""

from __future__ import annotations

import platform
import socket
import time
from typing import Any

import psutil

NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smbfs",
    "smb3",
    "sshfs",
    "fuse.sshfs",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
    "davfs",
    "fuse.rclone",
}
SKIP_FS = {"squashfs", "tmpfs", "devtmpfs", "overlay", "iso9660", "udf"}


class HealthCollector:
    def __init__(self) -> None:
        # The first cpu_percent() without an interval is always 0.0: prime it now.
        psutil.cpu_percent(percpu=True)
        self._primed_at = time.monotonic()

    def update(self) -> dict[str, Any]:
        if time.monotonic() - self._primed_at < 0.1:
            time.sleep(0.1)
        per_core = psutil.cpu_percent(percpu=True)
        memory = psutil.virtual_memory()
        swap = psutil.swap_memory()
        data: dict[str, Any] = {
            "hostname": socket.gethostname(),
            "os": {
                "system": platform.system(),
                "release": platform.release(),
                "version": platform.version(),
                "machine": platform.machine(),
            },
            "uptime_seconds": int(time.time() - psutil.boot_time()),
            "cpu": {
                "percent": round(sum(per_core) / len(per_core), 1) if per_core else 0.0,
                "per_core": [round(p, 1) for p in per_core],
                "count_logical": psutil.cpu_count() or len(per_core),
                "count_physical": psutil.cpu_count(logical=False),
            },
            "memory": {
                "total": memory.total,
                "available": memory.available,
                "used": memory.total - memory.available,
                "percent": round(memory.percent, 1),
            },
            "swap": {"total": swap.total, "used": swap.used, "percent": round(swap.percent, 1)},
            "disks": disks(),
            "interfaces": interfaces(),
        }
        if hasattr(psutil, "getloadavg") and platform.system() != "Windows":
            data["load"] = [round(x, 2) for x in psutil.getloadavg()]
        return data


def disks() -> list[dict[str, Any]]:
    """Usage of every fixed, local file system (network mounts can hang and are skipped)."""
    found: list[dict[str, Any]] = []
    seen_devices: set[str] = set()
    for part in psutil.disk_partitions(all=False):
        fstype = part.fstype.lower()
        if fstype in NETWORK_FS or fstype in SKIP_FS or "cdrom" in part.opts:
            continue
        if part.device in seen_devices:
            continue
        try:
            usage = psutil.disk_usage(part.mountpoint)
        except (PermissionError, OSError):
            continue
        seen_devices.add(part.device)
        found.append(
            {
                "mount": part.mountpoint,
                "device": part.device,
                "fstype": part.fstype,
                "total": usage.total,
                "used": usage.used,
                "free": usage.free,
                "percent": round(usage.percent, 1),
            }
        )
    return found


def interfaces() -> list[dict[str, Any]]:
    """Every network interface with its state, speed and addresses."""
    stats = psutil.net_if_stats()
    addrs = psutil.net_if_addrs()
    out = []
    for name in sorted(set(stats) | set(addrs)):
        st = stats.get(name)
        ipv4, ipv6, mac = [], [], None
        for addr in addrs.get(name, []):
            if addr.family == socket.AF_INET:
                ipv4.append(addr.address)
            elif addr.family == socket.AF_INET6:
                ipv6.append(addr.address.split("%")[0])
            elif addr.family == psutil.AF_LINK:
                mac = addr.address
        out.append(
            {
                "name": name,
                "up": bool(st.isup) if st else False,
                "speed_mbps": st.speed if st else 0,
                "mtu": st.mtu if st else 0,
                "mac": mac,
                "ipv4": ipv4,
                "ipv6": ipv6,
            }
        )
    return out
