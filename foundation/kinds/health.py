"""Kind "health": the agent's machine measured with psutil (`agent.collectors.health`).

The README's health-fields table documents every field; the view holds the ones the hub
reads. Figures kept as history: `cpu_percent`, `memory_percent` and `disk_percent` (the
fullest local file system).
"""

from __future__ import annotations

from dataclasses import dataclass

from foundation.kinds.fields import JsonObject, obj, objects, text
from foundation.kinds.numbers import known, number, whole

KIND = "health"


@dataclass(frozen=True)
class Disk:
    """One local file system."""

    mount: str | None
    device: str | None
    percent: float | None

    @property
    def where(self) -> str:
        """The mount point, else the device: how a person finds the disk."""
        return self.mount or self.device or ""


@dataclass(frozen=True)
class Health:
    hostname: str | None
    uptime_seconds: int | None
    cpu_percent: float | None
    memory_percent: float | None
    swap_percent: float | None
    disks: tuple[Disk, ...]

    @property
    def fullest(self) -> Disk | None:
        """The disk with the highest percent used (the first of equals); None without one."""
        found: Disk | None = None
        for disk in self.disks:
            if disk.percent is not None and (found is None or disk.percent > (found.percent or 0)):
                found = disk
        return found

    @property
    def disk_percent(self) -> float | None:
        fullest = self.fullest
        return fullest.percent if fullest else None

    def figures(self) -> dict[str, float]:
        out = {
            "cpu_percent": self.cpu_percent,
            "memory_percent": self.memory_percent,
            "disk_percent": self.disk_percent,
        }
        return known(out)


def parse(data: JsonObject) -> Health:
    return Health(
        hostname=text(data.get("hostname")),
        uptime_seconds=whole(data.get("uptime_seconds")),
        cpu_percent=number(obj(data.get("cpu")).get("percent")),
        memory_percent=number(obj(data.get("memory")).get("percent")),
        swap_percent=number(obj(data.get("swap")).get("percent")),
        disks=tuple(
            Disk(text(d.get("mount")), text(d.get("device")), number(d.get("percent")))
            for d in objects(data.get("disks"))
        ),
    )


def figures(data: JsonObject) -> dict[str, float]:
    return parse(data).figures()
