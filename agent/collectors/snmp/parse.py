"""Raw SNMP varbinds → plain data (the `data` of an "snmp" report), and interface rates.

The input is a mapping from numeric OID (no leading dot) to a value: `int` for INTEGER,
counters, gauges and TimeTicks; `bytes` for OCTET STRING; `str` for OBJECT IDENTIFIER and
IpAddress. Nothing here needs pysnmp, so the hub and the tests can use it freely.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agent.collectors.snmp import oids

Value = int | str | bytes
Varbinds = Mapping[str, Value]

IF_STATUS = {1: "up", 2: "down", 3: "testing", 4: "unknown", 5: "dormant", 6: "notPresent"}
IF_STATUS[7] = "lowerLayerDown"
BATTERY_STATUS = {1: "unknown", 2: "normal", 3: "low", 4: "depleted"}
OUTPUT_SOURCE = {1: "other", 2: "none", 3: "normal", 4: "bypass", 5: "battery"}
OUTPUT_SOURCE.update({6: "booster", 7: "reducer"})
SUPPLY_TYPE = {
    1: "other",
    2: "unknown",
    3: "toner",
    4: "wasteToner",
    5: "ink",
    6: "inkCartridge",
    7: "inkRibbon",
    8: "wasteInk",
    9: "opc",
    10: "developer",
    11: "fuserOil",
    12: "solidWax",
    13: "ribbonWax",
    14: "wasteWax",
    15: "fuser",
    16: "coronaWire",
    17: "fuserOilWick",
    18: "cleanerUnit",
    19: "fuserCleaningPad",
    20: "transferUnit",
    21: "tonerCartridge",
    22: "fuserOiler",
    23: "water",
    24: "wasteWater",
    25: "glueWaterAdditive",
    26: "wastePaper",
    27: "bindingSupply",
    28: "bandingSupply",
    29: "stitchingWire",
    30: "shrinkWrap",
    31: "paperWrap",
    32: "staples",
    33: "inserts",
    34: "covers",
}
RECEPTACLE = 4
"""prtMarkerSuppliesClass receptacleThatIsFilled: its level is how full it is."""
STORAGE_KIND = {"1": "other", "2": "ram", "3": "virtual", "4": "disk", "5": "removable"}
STORAGE_KIND.update({"6": "floppy", "7": "cd", "8": "ramdisk", "9": "flash", "10": "network"})
ENTITY_CLASS = {1: "other", 2: "unknown", 3: "chassis", 4: "backplane", 5: "container"}
ENTITY_CLASS.update({6: "powerSupply", 7: "fan", 8: "sensor", 9: "module", 10: "port"})
ENTITY_CLASS.update({11: "stack", 12: "cpu"})


def text(value: Value | None) -> str:
    """A DisplayString as text: UTF-8 where it decodes, else Latin-1; NULs dropped."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        try:
            decoded = value.decode("utf-8")
        except UnicodeDecodeError:
            decoded = value.decode("latin-1")
        return decoded.replace("\x00", "").strip()
    return str(value)


def mac(value: Value | None) -> str:
    if isinstance(value, bytes) and value:
        return ":".join(f"{b:02x}" for b in value)
    return ""


def number(value: Value | None) -> int | None:
    return value if isinstance(value, int) else None


def table(varbinds: Varbinds, entry: str) -> dict[str, dict[int, Value]]:
    """Rows of a conceptual table: index (dotted text) → column number → value."""
    prefix = entry + "."
    rows: dict[str, dict[int, Value]] = {}
    for oid, value in varbinds.items():
        if not oid.startswith(prefix):
            continue
        column, _, index = oid[len(prefix) :].partition(".")
        if column.isdigit() and index:
            rows.setdefault(index, {})[int(column)] = value
    return rows


def _index_key(index: str) -> tuple[int, ...]:
    return tuple(int(p) for p in index.split(".") if p.isdigit())


def system(varbinds: Varbinds) -> dict[str, Any]:
    uptime = number(varbinds.get(oids.SYS_UPTIME))
    return {
        "descr": text(varbinds.get(oids.SYS_DESCR)),
        "object_id": text(varbinds.get(oids.SYS_OBJECT_ID)),
        "uptime_ticks": uptime,
        "contact": text(varbinds.get(oids.SYS_CONTACT)),
        "name": text(varbinds.get(oids.SYS_NAME)),
        "location": text(varbinds.get(oids.SYS_LOCATION)),
    }


def interfaces(varbinds: Varbinds) -> list[dict[str, Any]]:
    """ifTable joined with ifXTable; 64-bit (HC) counters preferred where the device has them."""
    base = table(varbinds, oids.IF_ENTRY)
    ext = table(varbinds, oids.IFX_ENTRY)
    out = []
    for index in sorted(set(base) | set(ext), key=_index_key):
        row, xrow = base.get(index, {}), ext.get(index, {})
        hc_in, hc_out = number(xrow.get(6)), number(xrow.get(10))
        hc = hc_in is not None and hc_out is not None
        high_speed = number(xrow.get(15))
        speed = number(row.get(5))
        if high_speed and (speed is None or speed >= 4294967295 or speed < high_speed * 10**6):
            speed = high_speed * 1_000_000
        out.append(
            {
                "index": int(index) if index.isdigit() else index,
                "name": text(xrow.get(1)) or text(row.get(2)),
                "descr": text(row.get(2)),
                "alias": text(xrow.get(18)),
                "type": number(row.get(3)),
                "mtu": number(row.get(4)),
                "mac": mac(row.get(6)),
                "admin": IF_STATUS.get(number(row.get(7)) or 0, "unknown"),
                "oper": IF_STATUS.get(number(row.get(8)) or 0, "unknown"),
                "speed_bps": speed,
                "last_change_ticks": number(row.get(9)),
                "counter_bits": 64 if hc else 32,
                "in_octets": hc_in if hc else number(row.get(10)),
                "out_octets": hc_out if hc else number(row.get(16)),
                "in_ucast": number(xrow.get(7)) if hc else number(row.get(11)),
                "out_ucast": number(xrow.get(11)) if hc else number(row.get(17)),
                "in_discards": number(row.get(13)),
                "in_errors": number(row.get(14)),
                "out_discards": number(row.get(19)),
                "out_errors": number(row.get(20)),
            }
        )
    return out


def host_resources(varbinds: Varbinds) -> dict[str, Any]:
    loads = [
        v
        for oid, v in sorted(varbinds.items(), key=lambda kv: _index_key(kv[0]))
        if oid.startswith(oids.HR_PROCESSOR_LOAD + ".") and isinstance(v, int)
    ]
    storage = []
    storage_rows = table(varbinds, oids.HR_STORAGE_ENTRY)
    for index, row in sorted(storage_rows.items(), key=lambda r: _index_key(r[0])):
        units, size, used = number(row.get(4)), number(row.get(5)), number(row.get(6))
        if not units or size is None or used is None:
            continue
        kind = text(row.get(2))
        short = kind.rsplit(".", 1)[-1] if kind.startswith(oids.HR_STORAGE_TYPES + ".") else ""
        storage.append(
            {
                "index": int(index) if index.isdigit() else index,
                "descr": text(row.get(3)),
                "kind": STORAGE_KIND.get(short, "other"),
                "size_bytes": size * units,
                "used_bytes": used * units,
                "percent": round(used * 100.0 / size, 1) if size > 0 else None,
            }
        )
    cpu = round(sum(loads) / len(loads), 1) if loads else None
    return {"cpu_percent": cpu, "cpu_loads": loads, "storage": storage}


def supply_percent(level: int | None, capacity: int | None, kind: int | None) -> dict[str, Any]:
    """RFC 3805 prtMarkerSuppliesLevel / MaxCapacity → percent remaining and a state.

    Level -1: no restriction ("unlimited"), -2: unknown, -3: some remains but how much is
    not known ("some"). Capacity -1/-2 or 0: the percent is not known. For a receptacle
    (waste toner) the level is how full it is, so what remains is the free space.
    """
    if level is None:
        return {"percent": None, "state": "unknown"}
    if level == -1:
        return {"percent": None, "state": "unlimited"}
    if level == -3:
        return {"percent": None, "state": "some"}
    if level < 0 or capacity is None or capacity <= 0:
        return {"percent": None, "state": "unknown"}
    level = min(level, capacity)
    left = capacity - level if kind == RECEPTACLE else level
    return {"percent": round(left * 100.0 / capacity, 1), "state": "ok"}


def printer(varbinds: Varbinds) -> dict[str, Any]:
    supplies = []
    for index, row in sorted(
        table(varbinds, oids.PRT_SUPPLIES_ENTRY).items(), key=lambda r: _index_key(r[0])
    ):
        kind_class = number(row.get(4))
        level, capacity = number(row.get(9)), number(row.get(8))
        supplies.append(
            {
                "index": index,
                "descr": text(row.get(6)),
                "type": SUPPLY_TYPE.get(number(row.get(5)) or 0, "other"),
                "receptacle": kind_class == RECEPTACLE,
                "level": level,
                "max_capacity": capacity,
                **supply_percent(level, capacity, kind_class),
            }
        )
    counts = [
        v
        for oid, v in varbinds.items()
        if oid.startswith(oids.PRT_MARKER_LIFE_COUNT + ".") and isinstance(v, int)
    ]
    return {"supplies": supplies, "pages": sum(counts) if counts else None}


def _scalar(varbinds: Varbinds, base: str, column: int) -> Value | None:
    return varbinds.get(f"{base}.{column}.0")


def ups(varbinds: Varbinds) -> dict[str, Any] | None:
    status = number(_scalar(varbinds, oids.UPS_BATTERY, 1))
    source = number(varbinds.get(oids.UPS_OUTPUT_SOURCE))
    if status is None and source is None:
        return None
    voltage = number(_scalar(varbinds, oids.UPS_BATTERY, 5))
    return {
        "manufacturer": text(_scalar(varbinds, oids.UPS_IDENT, 1)),
        "model": text(_scalar(varbinds, oids.UPS_IDENT, 2)),
        "battery_status": BATTERY_STATUS.get(status or 0, "unknown"),
        "seconds_on_battery": number(_scalar(varbinds, oids.UPS_BATTERY, 2)),
        "minutes_remaining": number(_scalar(varbinds, oids.UPS_BATTERY, 3)),
        "charge_percent": number(_scalar(varbinds, oids.UPS_BATTERY, 4)),
        "battery_voltage": voltage / 10.0 if voltage is not None else None,
        "temperature_c": number(_scalar(varbinds, oids.UPS_BATTERY, 7)),
        "output_source": OUTPUT_SOURCE.get(source or 0, "unknown"),
        "on_battery": source == 5,
    }


def entities(varbinds: Varbinds) -> list[dict[str, Any]]:
    """Physical entities that have a serial number (chassis, modules, power supplies)."""
    out = []
    for index, row in sorted(
        table(varbinds, oids.ENT_PHYSICAL_ENTRY).items(), key=lambda r: _index_key(r[0])
    ):
        serial = text(row.get(11))
        if not serial:
            continue
        out.append(
            {
                "index": index,
                "class": ENTITY_CLASS.get(number(row.get(5)) or 0, "other"),
                "name": text(row.get(7)),
                "descr": text(row.get(2)),
                "model": text(row.get(13)),
                "serial": serial,
            }
        )
    return out


def device_data(varbinds: Varbinds) -> dict[str, Any]:
    """Everything a poll found, as the `data` of an "snmp" report (parts absent: left out)."""
    data: dict[str, Any] = {"system": system(varbinds)}
    ifs = interfaces(varbinds)
    if ifs:
        data["interfaces"] = ifs
    host = host_resources(varbinds)
    if host["cpu_loads"] or host["storage"]:
        data["host"] = host
    prt = printer(varbinds)
    if prt["supplies"] or prt["pages"] is not None:
        data["printer"] = prt
    power = ups(varbinds)
    if power:
        data["ups"] = power
    serials = entities(varbinds)
    if serials:
        data["entities"] = serials
    return data


# -- rates -----------------------------------------------------------------------------------

RATE_FIELDS = ("in_octets", "out_octets", "in_ucast", "out_ucast")
ERROR_FIELDS = ("in_errors", "out_errors", "in_discards", "out_discards")
REBOOT_SLACK_SECONDS = 60.0


def counter_delta(prev: int | None, cur: int | None, bits: int) -> int | None:
    """The increase of a counter; one wrap is allowed for 32-bit counters.

    A 64-bit counter never wraps in practice, so a decrease means the counter was reset
    (reboot, line card swap): no delta.
    """
    if prev is None or cur is None:
        return None
    if cur >= prev:
        return cur - prev
    if bits == 32:
        return cur + 2**32 - prev
    return None


def rates(prev: Mapping[str, Any], cur: Mapping[str, Any], wall_seconds: float) -> dict[str, Any]:
    """Per-interface rates between two polls of one device (`device_data` outputs).

    The interval is the device's own sysUpTime difference when it moved forward, else the
    wall-clock time between the polls. When sysUpTime went back and did not merely wrap (the
    device restarted during the interval) the counters started again from zero: no rates,
    `rebooted` is true.
    """
    up_prev = prev.get("system", {}).get("uptime_ticks")
    up_cur = cur.get("system", {}).get("uptime_ticks")
    rebooted = False
    seconds = wall_seconds
    if isinstance(up_prev, int) and isinstance(up_cur, int):
        if up_cur > up_prev:
            seconds = (up_cur - up_prev) / 100.0
        elif up_cur < up_prev:
            wrapped = (up_cur + 2**32 - up_prev) / 100.0  # sysUpTime wraps after 497 days
            if abs(wrapped - wall_seconds) <= REBOOT_SLACK_SECONDS:
                seconds = wrapped
            else:
                rebooted = True
    result: dict[str, Any] = {"interval_seconds": round(seconds, 2), "rebooted": rebooted}
    if rebooted or seconds <= 0:
        result["interfaces"] = {}
        return result
    before = {str(i["index"]): i for i in prev.get("interfaces", [])}
    out: dict[str, dict[str, Any]] = {}
    for iface in cur.get("interfaces", []):
        key = str(iface["index"])
        old = before.get(key)
        if old is None:
            continue
        bits = 64 if iface.get("counter_bits") == 64 and old.get("counter_bits") == 64 else 32
        row: dict[str, Any] = {}
        speed = iface.get("speed_bps")
        for name in RATE_FIELDS:
            delta = counter_delta(old.get(name), iface.get(name), bits)
            per_second = delta / seconds if delta is not None else None
            if name.endswith("octets"):
                bps = per_second * 8 if per_second is not None else None
                if bps is not None and bits == 32 and speed and bps > speed * 1.1:
                    bps = None  # a "wrap" faster than the line: the counter was reset
                row[name.replace("octets", "bps")] = round(bps, 1) if bps is not None else None
            else:
                row[name + "_pps"] = round(per_second, 2) if per_second is not None else None
        for name in ERROR_FIELDS:
            row[name] = counter_delta(old.get(name), iface.get(name), 32)
        if speed and row.get("in_bps") is not None and row.get("out_bps") is not None:
            row["utilisation_percent"] = round(max(row["in_bps"], row["out_bps"]) * 100 / speed, 2)
        out[key] = row
    result["interfaces"] = out
    return result
