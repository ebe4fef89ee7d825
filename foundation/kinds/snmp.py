"""Kind "snmp": one poll of a network device, device `snmp:<address>[:port]`
(`agent.jobs.network.snmp_report_data`, `agent.collectors.snmp.parse.device_data`).

A device that did not answer carries `up`, `status`, `error`, `error_kind`, `address` (and
`name` when configured) only; the parts a device lacks (printer, UPS, …) are absent.
Figures: `up`, `latency_ms` (the poll's `elapsed_ms`), `loss_percent` (`reach`).
"""

from __future__ import annotations

from dataclasses import dataclass

from foundation.kinds.fields import JsonObject, flag, obj, objects, part, text, texts
from foundation.kinds.numbers import number, whole
from foundation.kinds.reach import figures as reach_figures

KIND = "snmp"


def _index(value: object) -> str | None:
    """A table row's index as text (dotted text today; a number from an older agent)."""
    if isinstance(value, str):
        return value
    return str(value) if whole(value) is not None else None


@dataclass(frozen=True)
class SnmpSystem:
    """The system group (sysDescr, sysName, sysUpTime, …)."""

    descr: str | None
    object_id: str | None
    uptime_ticks: int | None
    contact: str | None
    name: str | None
    location: str | None


@dataclass(frozen=True)
class Interface:
    index: str | None
    name: str | None
    descr: str | None
    alias: str | None
    mac: str | None
    admin: str | None
    oper: str | None
    speed_bps: int | None
    in_bps: float | None
    out_bps: float | None
    in_errors: int | None
    out_errors: int | None
    utilisation_percent: float | None


@dataclass(frozen=True)
class Supply:
    """A printer's marker supply (toner, drum, waste toner box)."""

    index: str | None
    descr: str | None
    type: str | None
    receptacle: bool | None
    """A container that fills up (waste toner): its level is how full it is."""
    level: float | None
    max_capacity: float | None
    percent: float | None
    """Remaining, as the agent worked it out (None when not known: see `state`)."""
    state: str | None
    """`ok`, `unlimited`, `some` or `unknown`."""

    @property
    def level_percent(self) -> float | None:
        """The level as a percent of the capacity; None for a receptacle, or when the
        device gives no level (the Printer-MIB's negative codes) or no capacity."""
        level, capacity = self.level, self.max_capacity
        if self.receptacle or level is None or capacity is None or level < 0 or capacity <= 0:
            return None
        return 100.0 * level / capacity


@dataclass(frozen=True)
class Printer:
    supplies: tuple[Supply, ...]
    pages: int | None


@dataclass(frozen=True)
class Ups:
    manufacturer: str | None
    model: str | None
    battery_status: str | None
    output_source: str | None
    on_battery: bool | None
    seconds_on_battery: int | None
    minutes_remaining: float | None
    charge_percent: float | None
    battery_voltage: float | None
    temperature_c: float | None


@dataclass(frozen=True)
class Entity:
    """A physical part with a serial number (chassis, module, power supply)."""

    name: str | None
    descr: str | None
    model: str | None
    serial: str | None


@dataclass(frozen=True)
class Snmp:
    up: bool | None
    status: str | None
    """`up`, `down` (no answer while the path to it was up) or `unreachable`."""
    error: str | None
    error_kind: str | None
    """`timeout`, `budget`, `auth` or `snmp`."""
    address: str | None
    name: str | None
    elapsed_ms: float | None
    partial: tuple[str, ...]
    system: SnmpSystem
    interfaces: tuple[Interface, ...]
    interfaces_total: int | None
    """Set when the report kept only some interfaces, to stay under the size limit."""
    cpu_percent: float | None
    printer: Printer | None
    ups: Ups | None
    entities: tuple[Entity, ...]

    @property
    def down(self) -> bool:
        """It says it did not answer, or that it is down."""
        return self.up is False or self.status == "down"


def _interface(i: JsonObject) -> Interface:
    return Interface(
        index=_index(i.get("index")),
        name=text(i.get("name")),
        descr=text(i.get("descr")),
        alias=text(i.get("alias")),
        mac=text(i.get("mac")),
        admin=text(i.get("admin")),
        oper=text(i.get("oper")),
        speed_bps=whole(i.get("speed_bps")),
        in_bps=number(i.get("in_bps")),
        out_bps=number(i.get("out_bps")),
        in_errors=whole(i.get("in_errors")),
        out_errors=whole(i.get("out_errors")),
        utilisation_percent=number(i.get("utilisation_percent")),
    )


def _supply(s: JsonObject) -> Supply:
    return Supply(
        index=_index(s.get("index")),
        descr=text(s.get("descr")),
        type=text(s.get("type")),
        receptacle=flag(s.get("receptacle")),
        level=number(s.get("level")),
        max_capacity=number(s.get("max_capacity")),
        percent=number(s.get("percent")),
        state=text(s.get("state")),
    )


def _printer(value: object) -> Printer | None:
    data = part(value)
    if data is None:
        return None
    return Printer(
        tuple(_supply(s) for s in objects(data.get("supplies"))), whole(data.get("pages"))
    )


def _ups(value: object) -> Ups | None:
    data = part(value)
    if data is None:
        return None
    return Ups(
        manufacturer=text(data.get("manufacturer")),
        model=text(data.get("model")),
        battery_status=text(data.get("battery_status")),
        output_source=text(data.get("output_source")),
        on_battery=flag(data.get("on_battery")),
        seconds_on_battery=whole(data.get("seconds_on_battery")),
        minutes_remaining=number(data.get("minutes_remaining")),
        charge_percent=number(data.get("charge_percent")),
        battery_voltage=number(data.get("battery_voltage")),
        temperature_c=number(data.get("temperature_c")),
    )


def parse(data: JsonObject) -> Snmp:
    system = obj(data.get("system"))
    return Snmp(
        up=flag(data.get("up")),
        status=text(data.get("status")),
        error=text(data.get("error")),
        error_kind=text(data.get("error_kind")),
        address=text(data.get("address")),
        name=text(data.get("name")),
        elapsed_ms=number(data.get("elapsed_ms")),
        partial=texts(data.get("partial")),
        system=SnmpSystem(
            descr=text(system.get("descr")),
            object_id=text(system.get("object_id")),
            uptime_ticks=whole(system.get("uptime_ticks")),
            contact=text(system.get("contact")),
            name=text(system.get("name")),
            location=text(system.get("location")),
        ),
        interfaces=tuple(_interface(i) for i in objects(data.get("interfaces"))),
        interfaces_total=whole(data.get("interfaces_total")),
        cpu_percent=number(obj(data.get("host")).get("cpu_percent")),
        printer=_printer(data.get("printer")),
        ups=_ups(data.get("ups")),
        entities=tuple(
            Entity(
                name=text(e.get("name")),
                descr=text(e.get("descr")),
                model=text(e.get("model")),
                serial=text(e.get("serial")),
            )
            for e in objects(data.get("entities"))
        ),
    )


figures = reach_figures
"""Read straight from the data: a history write must not parse a switch's every port."""
