"""A month of an office as the period reports see it: 16 pieces of equipment, a month of
uplink rounds and service probes with an internet outage, a switch and a printer polled by
SNMP, 13 maintenance entries costing 695 000 ₮ in all, an archive run, and a switch that went
down on the 19th and is still down when the report is made (the 20th at noon)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from foundation.wire import Report
from inventory.config import HubConfig
from inventory.records import alerts, devices, maintenance
from inventory.store.layout import Layout
from inventory.store.store import Store

NOW = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
"""Noon of 20 November in Ulaanbaatar."""
MONTH_START = datetime(2026, 10, 31, 16, 0, tzinfo=UTC)
"""Midnight of 1 November in Ulaanbaatar."""
OUTAGE = (datetime(2026, 11, 10, 2, 0, tzinfo=UTC), datetime(2026, 11, 10, 5, 0, tzinfo=UTC))
SWITCH_DOWN = datetime(2026, 11, 19, 1, 30, tzinfo=UTC)
COST_TOTAL = 695_000

EQUIPMENT = (
    # name, asset tag, type, status, warranty end
    ("Засаг даргын ПК", "НС-001", "pc", "in_use", "2027-01-15"),
    ("Нягтлангийн ПК", "НС-002", "pc", "in_use", "2028-05-01"),
    ("Кассын ПК", "НС-003", "pc", "in_use", ""),
    ("Хурлын танхимын зөөврийн", "НС-004", "laptop", "in_use", "2026-12-31"),
    ("Архивын ПК", "НС-005", "pc", "spare", ""),
    ("Хуучин ПК", "НС-006", "pc", "retired", "2020-01-01"),
    ("Бүртгэлийн ПК", "НС-007", "pc", "in_repair", ""),
    ("Үндсэн свич", "НС-008", "switch", "in_use", ""),
    ("Рутер", "НС-009", "router", "in_use", ""),
    ("Принтер HP 402", "НС-010", "printer", "in_use", "2027-02-10"),
    ("Принтер Canon", "НС-011", "printer", "in_use", ""),
    ("Сканнер", "НС-012", "scanner", "in_use", ""),
    ("Тог баригч", "НС-013", "ups", "in_use", ""),
    ("Проектор", "НС-014", "projector", "spare", ""),
    ("Wi-Fi цэг", "НС-015", "access_point", "in_use", ""),
    ("Камер", "НС-016", "camera", "in_use", ""),
)

WORK = (
    # day, tag, kind, description, minutes, cost, parts, done_by, status
    (
        3,
        "НС-007",
        "repair",
        "Тэжээлийн блок солив",
        90,
        185_000,
        "Тэжээлийн блок 500W",
        "bolor",
        "closed",
    ),
    (4, "НС-010", "maintenance", "Хор сольж цэвэрлэв", 30, 95_000, "Хор CF259A", "bolor", "closed"),
    (5, "НС-001", "user_support", "Имэйл тохируулав", 20, 0, "", "bolor", "closed"),
    (6, "НС-002", "upgrade", "Санах ой нэмэв", 45, 120_000, "8 GB DDR4", "bat", "closed"),
    (9, "НС-008", "maintenance", "Свичийн порт шалгав", 60, 0, "", "bat", "closed"),
    (10, "НС-009", "incident", "Интернэт тасалдлыг шалгав", 180, 0, "", "bolor", "closed"),
    (11, "НС-003", "repair", "Гар солив", 15, 35_000, "USB гар", "bolor", "closed"),
    (12, "НС-011", "repair", "Цаас гацалт засав", 40, 0, "", "bat", "closed"),
    (13, "НС-004", "installation", "Проекторт холбов", 25, 0, "", "bolor", "closed"),
    (16, "НС-012", "repair", "Ролик солив", 50, 60_000, "Ролик", "bat", "closed"),
    (
        17,
        "НС-013",
        "maintenance",
        "Батарей солив",
        60,
        200_000,
        "12V 9Ah батарей",
        "bolor",
        "closed",
    ),
    (18, "НС-015", "user_support", "Нууц үг шинэчлэв", 10, 0, "", "bat", "closed"),
    (19, "НС-008", "repair", "Свич ажиллахгүй байна", 120, 0, "", "bolor", "open"),
)

_ids = itertools.count()


def rep(kind: str, device: str, ts: datetime, data: dict[str, Any]) -> Report:
    return Report(f"s-{next(_ids)}", "hub-agent", kind, device, ts, data)


def feed(layout: Layout, reports: list[Report]) -> None:
    devices.apply_reports(layout, reports)
    Store(layout).apply(reports)


def _rounds(ts: datetime) -> list[Report]:
    down = OUTAGE[0] <= ts < OUTAGE[1]
    state = "internet_down" if down else "ok"
    switch_up = ts < SWITCH_DOWN
    return [
        rep("outage", "probe:uplink", ts, {"state": state}),
        rep("probe", "probe:erp", ts, {"name": "ERP", "up": not down, "role": "external"}),
        rep(
            "probe",
            "probe:emongolia",
            ts,
            {"name": "E-Mongolia", "up": not down, "role": "external"},
        ),
        rep("snmp", "snmp:10.0.0.2", ts, {"up": switch_up, "name": "Үндсэн свич"}),
    ]


ADDED_IN_NOVEMBER = ("НС-015", "НС-016")


def seed(config: HubConfig, monkeypatch: pytest.MonkeyPatch) -> Layout:
    """The store; people's edits are dated as they would have been (the clock of the records
    and the audit trail set to October, 7 November, 12 November)."""
    layout = Layout(config.hub_dir)
    keys: dict[str, str] = {}
    clock = [datetime(2026, 10, 20, 3, 0, tzinfo=UTC)]
    for module in ("inventory.records.devices", "inventory.store.audit"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: clock[0])
    for name, tag, kind, status, warranty in EQUIPMENT:
        if tag in ADDED_IN_NOVEMBER:
            clock[0] = datetime(2026, 11, 7, 3, 0, tzinfo=UTC)
        fields = {"name": name, "asset_tag": tag, "type": kind, "status": status}
        if warranty:
            fields["warranty_end"] = warranty
        if tag == "НС-008":
            fields["ip"] = "10.0.0.2"
        keys[tag] = devices.add_device(layout, fields, "bolor")
    # an hour's rounds for the whole month up to now; evaluated around the two faults
    ts = MONTH_START
    day: list[Report] = []
    while ts < NOW:
        near = any(abs((ts - t).total_seconds()) <= 4 * 3600 for t in (*OUTAGE, SWITCH_DOWN))
        if near or ts >= NOW - timedelta(hours=2):
            feed(layout, [*day, *_rounds(ts)])
            day = []
            alerts.evaluate(layout, config.alerts, ts)
        else:
            day.extend(_rounds(ts))
            if len(day) >= 96:
                feed(layout, day)
                day = []
        ts += timedelta(hours=1)
    feed(layout, day)
    printer = {
        "up": True,
        "name": "Принтер HP 402",
        "printer": {
            "supplies": [{"index": 1, "descr": "Хар хор", "level": 7, "max_capacity": 100}],
            "pages": 48213,
        },
    }
    feed(layout, [rep("snmp", "snmp:10.0.0.9", NOW - timedelta(hours=1), printer)])
    archive = {
        "label": "personnel-2026",
        "status": "OK",
        "created": "2026-11-15T06:00:00+00:00",
        "archive": "personnel-2026-20261115T060000Z.tar.zst.age",
        "archive_bytes": 734_003_200,
        "file_count": 51234,
    }
    feed(layout, [rep("facts", "host:hub", MONTH_START, {"hostname": "soum-hub"})])
    feed(layout, [rep("backup", "host:hub", datetime(2026, 11, 15, 6, 5, tzinfo=UTC), archive)])
    for day_no, tag, kind, text, minutes, cost, parts, who, status in WORK:
        entry = maintenance.add_entry(
            layout,
            {
                "device": keys[tag],
                "date": date(2026, 11, day_no).isoformat(),
                "kind": kind,
                "description": text,
                "minutes": minutes,
                "cost": cost,
                "parts": parts,
                "done_by": who,
            },
            "bolor",
        )
        if status == "closed":
            maintenance.close_entry(layout, entry["number"], "bolor")
    # retired on the 12th (in the period): an edit of the record, in the audit trail
    clock[0] = datetime(2026, 11, 12, 3, 0, tzinfo=UTC)
    devices.edit_device(layout, keys["НС-014"], {"status": "retired"}, "bolor")
    return layout
