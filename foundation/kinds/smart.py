"""Kind "smart": each fixed disk's own health record, device `host:<host id>`.

Read by the agent with `smartctl --json` (smartmontools 7 or later) at its start and daily
(`agent.collectors.smart`); on Windows without smartctl from the storage CIM classes
(`MSFT_PhysicalDisk`, `MSFT_StorageReliabilityCounter`). `data`:

- `source`: `smartctl` (with `version`) or `cim`; `error`: why no disk could be read at all
  (smartctl missing, not allowed), one line;
- `disks`: one object per disk —
  `name` (`sda`, `nvme0`; a Windows disk number), `path` (`/dev/sda`), `type` (smartctl's
  `-d` type: `sat`, `nvme`, `scsi`, `sat` behind a USB bridge …), `protocol` (`ATA`, `NVMe`,
  `SCSI`), `model`, `serial`, `firmware`, `capacity` (bytes), `rotation_rate` (rpm; 0 for
  a solid-state disk), `available` (false: the disk has no SMART or it is off; then
  `reason` says why, and no figure follows), `passed` (the disk's own overall verdict),
  `power_on_hours`, `temperature` (°C), `power_cycles`;
  ATA attributes by their raw values: `reallocated` (5), `reported_uncorrect` (187),
  `command_timeout` (188), `reallocation_events` (196), `pending` (197),
  `uncorrectable` (198), `crc_errors` (199); `failing` (ids of attributes at or below their
  threshold now), `failed_before` (ids that were, in the past);
  NVMe: `critical_warning` (bit mask), `media_errors`, `spare_percent`, `spare_threshold`;
  both: `wear_percent` (how much of its rated life a solid-state disk has used, 0–100+).

A field the disk does not report is absent. Figures kept as history, per disk by name:
`<name>/temperature`, `<name>/reallocated`, `<name>/pending`, `<name>/uncorrectable`,
`<name>/wear_percent`, `<name>/media_errors`, `<name>/power_on_hours`.
"""

from __future__ import annotations

from dataclasses import dataclass

from foundation.kinds.fields import JsonObject, flag, objects, text
from foundation.kinds.numbers import known, whole

KIND = "smart"
TREND = (
    "temperature",
    "reallocated",
    "pending",
    "uncorrectable",
    "wear_percent",
    "media_errors",
    "power_on_hours",
)
"""The per-disk figures kept as history (the device page's trend)."""


@dataclass(frozen=True)
class SmartDisk:
    name: str | None
    path: str | None
    type: str | None
    protocol: str | None
    model: str | None
    serial: str | None
    firmware: str | None
    capacity: int | None
    rotation_rate: int | None
    available: bool | None
    reason: str | None
    passed: bool | None
    power_on_hours: int | None
    temperature: int | None
    power_cycles: int | None
    reallocated: int | None
    reported_uncorrect: int | None
    command_timeout: int | None
    reallocation_events: int | None
    pending: int | None
    uncorrectable: int | None
    crc_errors: int | None
    failing: tuple[int, ...]
    failed_before: tuple[int, ...]
    critical_warning: int | None
    media_errors: int | None
    spare_percent: int | None
    spare_threshold: int | None
    wear_percent: int | None

    @property
    def label(self) -> str:
        """How a person tells the disk apart: its name, else its model or serial."""
        return self.name or self.model or self.serial or "?"

    @property
    def solid_state(self) -> bool | None:
        if self.protocol == "NVMe" or self.rotation_rate == 0:
            return True
        return False if self.rotation_rate else None


@dataclass(frozen=True)
class Smart:
    source: str | None
    version: str | None
    error: str | None
    disks: tuple[SmartDisk, ...]

    def figures(self) -> dict[str, float]:
        out: dict[str, float | None] = {}
        for disk in self.disks:
            if not disk.name or disk.available is False:
                continue
            for field in TREND:
                value = getattr(disk, field)
                out[f"{disk.name}/{field}"] = float(value) if value is not None else None
        return known(out)


def _ids(value: object) -> tuple[int, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(v for v in value if isinstance(v, int) and not isinstance(v, bool))


def disk(d: JsonObject) -> SmartDisk:
    return SmartDisk(
        name=text(d.get("name")),
        path=text(d.get("path")),
        type=text(d.get("type")),
        protocol=text(d.get("protocol")),
        model=text(d.get("model")),
        serial=text(d.get("serial")),
        firmware=text(d.get("firmware")),
        capacity=whole(d.get("capacity")),
        rotation_rate=whole(d.get("rotation_rate")),
        available=flag(d.get("available")),
        reason=text(d.get("reason")),
        passed=flag(d.get("passed")),
        power_on_hours=whole(d.get("power_on_hours")),
        temperature=whole(d.get("temperature")),
        power_cycles=whole(d.get("power_cycles")),
        reallocated=whole(d.get("reallocated")),
        reported_uncorrect=whole(d.get("reported_uncorrect")),
        command_timeout=whole(d.get("command_timeout")),
        reallocation_events=whole(d.get("reallocation_events")),
        pending=whole(d.get("pending")),
        uncorrectable=whole(d.get("uncorrectable")),
        crc_errors=whole(d.get("crc_errors")),
        failing=_ids(d.get("failing")),
        failed_before=_ids(d.get("failed_before")),
        critical_warning=whole(d.get("critical_warning")),
        media_errors=whole(d.get("media_errors")),
        spare_percent=whole(d.get("spare_percent")),
        spare_threshold=whole(d.get("spare_threshold")),
        wear_percent=whole(d.get("wear_percent")),
    )


def parse(data: JsonObject) -> Smart:
    return Smart(
        source=text(data.get("source")),
        version=text(data.get("version")),
        error=text(data.get("error")),
        disks=tuple(disk(d) for d in objects(data.get("disks"))),
    )


def figures(data: JsonObject) -> dict[str, float]:
    return parse(data).figures()
