"""Kind "facts": the machine's hardware and OS, sent at the agent's start and then daily
(`agent.collectors.facts`). A fact the machine does not expose is absent, so every field
may be None. Facts are no measurement over time: no figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from foundation.kinds.fields import JsonObject, flag, obj, objects, text, texts
from foundation.kinds.numbers import whole

KIND = "facts"


@dataclass(frozen=True)
class Part:
    """A component named by its maker: the BIOS, the main board."""

    vendor: str | None
    model: str | None
    version: str | None
    serial: str | None
    date: str | None


@dataclass(frozen=True)
class FixedDisk:
    name: str | None
    model: str | None
    serial: str | None
    size: int | None
    rotational: bool | None
    """Linux only."""
    bus: str | None
    """Windows only."""


@dataclass(frozen=True)
class Adapter:
    name: str | None
    mac: str | None
    ipv4: tuple[str, ...]


@dataclass(frozen=True)
class System:
    name: str | None
    version: str | None
    machine: str | None
    kernel: str | None
    """Linux only."""
    build: str | None
    """Windows only."""


@dataclass(frozen=True)
class Facts:
    hostname: str | None
    make: str | None
    model: str | None
    serial: str | None
    bios: Part
    board: Part
    cpu_model: str | None
    cpu_count_logical: int | None
    cpu_count_physical: int | None
    memory_total: int | None
    disks: tuple[FixedDisk, ...]
    interfaces: tuple[Adapter, ...]
    os: System

    def figures(self) -> dict[str, float]:
        return {}


def _part(data: JsonObject) -> Part:
    return Part(
        vendor=text(data.get("vendor")),
        model=text(data.get("model")),
        version=text(data.get("version")),
        serial=text(data.get("serial")),
        date=text(data.get("date")),
    )


def adapter(data: JsonObject) -> Adapter:
    """A network adapter's name, hardware address and IPv4 addresses (health reports list
    their interfaces the same way, with counters besides)."""
    return Adapter(text(data.get("name")), text(data.get("mac")), texts(data.get("ipv4")))


def parse(data: JsonObject) -> Facts:
    cpu, os = obj(data.get("cpu")), obj(data.get("os"))
    return Facts(
        hostname=text(data.get("hostname")),
        make=text(data.get("make")),
        model=text(data.get("model")),
        serial=text(data.get("serial")),
        bios=_part(obj(data.get("bios"))),
        board=_part(obj(data.get("board"))),
        cpu_model=text(cpu.get("model")),
        cpu_count_logical=whole(cpu.get("count_logical")),
        cpu_count_physical=whole(cpu.get("count_physical")),
        memory_total=whole(data.get("memory_total")),
        disks=tuple(
            FixedDisk(
                name=text(d.get("name")),
                model=text(d.get("model")),
                serial=text(d.get("serial")),
                size=whole(d.get("size")),
                rotational=flag(d.get("rotational")),
                bus=text(d.get("bus")),
            )
            for d in objects(data.get("disks"))
        ),
        interfaces=tuple(adapter(i) for i in objects(data.get("interfaces"))),
        os=System(
            name=text(os.get("name")),
            version=text(os.get("version")),
            machine=text(os.get("machine")),
            kernel=text(os.get("kernel")),
            build=text(os.get("build")),
        ),
    )


def figures(data: JsonObject) -> dict[str, float]:
    return {}
