"""Agents, Audit, Backups, Maintenance and Network: on a store with a few records, what the
screen draws and what its `soumnet-hub … --json` listing prints name the same things with
the same figures (and the figures the store holds)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from foundation.config import current_user
from foundation.wire import Report, format_ts, utcnow
from inventory.cli import main as hub_main
from inventory.intake.agents import Registry
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.tui.conftest import MakeContext
from tests.tui.test_agents_screen import deliver
from tests.tui.test_pilot import sync
from tests.tui.test_snapshots_records import seed_archives, seed_maintenance
from tui.app import SoumnetApp
from tui.context import Context
from tui.messages import T
from tui.screens.base import SoumnetScreen
from tui.widgets.backups.archive_table import ArchiveTable, size_text
from tui.widgets.levels import Levels
from tui.widgets.maintenance.entry_table import EntryTable


def listed(context: Context, capsys: pytest.CaptureFixture[str], *command: str) -> Any:
    """What `soumnet-hub COMMAND --json` prints, run as the OS user made IT staff."""
    path = context.config.path
    assert path is not None
    text, me = path.read_text(encoding="utf-8"), f'[users."{current_user()}"]'
    if me not in text:
        path.write_text(f'{text}\n{me}\nrole = "it"\n', encoding="utf-8")
    capsys.readouterr()
    assert hub_main(["--config", str(path), *command, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


async def reach(app: SoumnetApp, pilot: Pilot[None], key: str) -> SoumnetScreen[Any]:
    await pilot.press(key)
    while not isinstance(app.screen, SoumnetScreen) or not app.screen.loads:
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen


def text(screen: SoumnetScreen[Any], selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def cells(screen: SoumnetScreen[Any], selector: str) -> list[list[str]]:
    table = screen.query_one(selector, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def test_agents_screen_and_agents_list_agree(
    make_context: MakeContext, capsys: pytest.CaptureFixture[str]
) -> None:
    context = make_context(devices=1)
    deliver(context.config, "darga-pc", "hub unreachable")
    Registry(context.config).reject("nyagtlan-pc", "officer")
    rows = listed(context, capsys, "agents", "list")
    assert [(r["agent"], r["state"], r["pending"]) for r in rows] == [
        ("darga-pc", "pending", True),
        ("nyagtlan-pc", "rejected", False),
    ]
    assert [(r["devices"], r["last_error"]) for r in rows] == [(1, "hub unreachable"), (0, None)]

    @sync
    async def screen() -> None:
        app = SoumnetApp(context, ansi=True)
        async with app.run_test(size=(120, 40)) as pilot:
            shown = await reach(app, pilot, "g")
            table = cells(shown, "#agents-table")
            assert [(c[0], c[1]) for c in table] == [(r["agent"], r["hostname"]) for r in rows]
            assert [c[2] for c in table] == [T("en", f"agents.state.{r['state']}") for r in rows]
            pending = sum(r["pending"] for r in rows)
            assert text(shown, "#agents-status") == T(
                "en", "agents.count", count=len(rows), pending=pending
            )
            assert f"devices reported: {rows[0]['devices']}" in text(shown, "#agents-detail")

    screen()


def test_audit_screen_and_audit_list_agree(
    make_context: MakeContext, capsys: pytest.CaptureFixture[str]
) -> None:
    context = make_context(devices=1)
    Registry(context.config).reject("darga-pc", "officer")
    trail = listed(context, capsys, "audit", "list")
    assert [(e["seq"], e["action"]) for e in trail][-2:] == [
        (3, "device.edit"),
        (4, "agent.reject"),
    ]

    @sync
    async def screen() -> None:
        app = SoumnetApp(context, ansi=True)
        async with app.run_test(size=(120, 40)) as pilot:
            shown = await reach(app, pilot, "t")
            table = cells(shown, "#audit-entries")
            newest_first = trail[::-1]
            assert [(c[0], c[2], c[3], c[4]) for c in table] == [
                (str(e["seq"]), e["who"], e["action"], e["target"]) for e in newest_first
            ]
            tz = context.config.office.timezone  # the list keeps UTC; the screen shows office time
            assert [c[1] for c in table] == [
                f"{datetime.fromisoformat(e['ts']).astimezone(tz):%Y-%m-%d %H:%M}"
                for e in newest_first
            ]
            assert text(shown, "#audit-status") == T(
                "en", "audit.count", shown=len(trail), total=len(trail)
            )

    screen()


def test_backups_screen_and_archives_list_agree(
    make_context: MakeContext, capsys: pytest.CaptureFixture[str]
) -> None:
    context = make_context(devices=1)
    seed_archives(context)
    rows = listed(context, capsys, "archives", "list")
    assert [(r["agent"], r["year"], r["status"], r["signature"]) for r in rows] == [
        ("kadr-pc", "2026", "OK", "trusted"),
        ("kadr-pc", "2025", "WARNING", "trusted"),
        ("nyagtlan-pc", "2026", "FAILED", "trusted"),
    ]

    @sync
    async def screen() -> None:
        app = SoumnetApp(context, ansi=True)
        async with app.run_test(size=(120, 40)) as pilot:
            shown = await reach(app, pilot, "b")
            table = shown.query_one(ArchiveTable).rows_shown
            assert [(row[0], row[1], row[3], row[4]) for _path, row in table] == [
                (
                    r["agent"],
                    r["year"],
                    size_text(r["archive_bytes"]),
                    (r["archive_sha256"] or "—")[:12],
                )
                for r in rows
            ]
            assert [path.rsplit("/", 2)[-2:] for path, _row in table] == [
                [r["agent"], r["id"].split("/")[1] + ".report.json"] for r in rows
            ]
            failed = sum(r["status"] == "FAILED" for r in rows)
            sources = len({r["agent"] for r in rows})
            assert text(shown, "#backups-status") == T(
                "en", "backups.count", count=len(rows), sources=sources, failed=failed
            )

    screen()


def test_maintenance_screen_and_maintenance_list_agree(
    make_context: MakeContext, capsys: pytest.CaptureFixture[str]
) -> None:
    context = make_context(devices=3)
    seed_maintenance(context)
    entries = listed(context, capsys, "maintenance", "list")
    assert [(e["number"], e["status"], e["device_label"]) for e in entries] == [
        (3, "open", "002-Бүртгэл-01"),  # the device's name, as its record has it
        (2, "open", "001-darga-pc"),
        (1, "closed", "000-Нягтлан-PC"),
    ]

    @sync
    async def screen() -> None:
        app = SoumnetApp(context, ansi=True)
        async with app.run_test(size=(120, 40)) as pilot:
            shown = await reach(app, pilot, "m")
            table = shown.query_one(EntryTable).rows_shown
            assert [(key, row[1], row[4], row[5]) for key, row in table] == [
                (str(e["number"]), e["date"], e["device_label"], e["description"]) for e in entries
            ]
            assert [row[6] for _key, row in table] == ["85 000"] * len(entries)
            assert text(shown, "#maint-status") == T(
                "en", "maint.count", shown=len(entries), total=len(entries)
            )

    screen()


def seed_network(context: Context) -> None:
    """A switch with two ports (one up, with errors), a printer low on toner, a router probe
    and the uplink's rounds of the last two hours, stored as `serve` stores them."""
    now = utcnow().replace(microsecond=0)
    switch = {
        "status": "up",
        "name": "Гол свич",
        "interfaces": [
            {"index": 1, "name": "ge1", "oper": "up", "in_errors": 3, "out_errors": 1},
            {"index": 2, "name": "ge2", "oper": "down", "in_errors": 0, "out_errors": 0},
        ],
    }
    printer = {
        "status": "down",
        "name": "Printer",
        "printer": {"supplies": [{"descr": "Black", "percent": 9.0, "state": "ok"}]},
    }
    router = {"status": "up", "name": "router", "target": "10.0.0.1", "latency_ms": 2.0}
    reports = [
        ("snmp", "snmp:10.0.0.2", now, switch),
        ("snmp", "snmp:10.0.0.9", now, printer),
        ("probe", "probe:router", now, router),
        *(
            ("outage", "probe:uplink", now - timedelta(hours=h), {
                "state": "ok", "loss_percent": float(h), "latency_ms": 40.0 + h})
            for h in (2, 1, 0)
        ),
    ]  # fmt: skip
    Store(Layout(context.config.hub_dir)).apply(
        [
            Report(str(uuid.uuid4()), "agent-0", kind, key, ts, data)
            for kind, key, ts, data in reports
        ]
    )


def test_network_screen_and_network_json_agree(
    make_context: MakeContext, capsys: pytest.CaptureFixture[str]
) -> None:
    context = make_context(devices=0)
    seed_network(context)
    state = listed(context, capsys, "network")
    devices = state["devices"]
    assert [d["name"] for d in devices] == ["Printer", "Гол свич"]
    assert [t["name"] for t in state["targets"]] == ["router"]
    assert state["uplink"]["state"] == "ok"
    assert [h["loss_percent"] for h in state["hours"]] == [2.0, 1.0, 0.0]

    @sync
    async def screen() -> None:
        app = SoumnetApp(context, ansi=True)
        async with app.run_test(size=(120, 40)) as pilot:
            shown = await reach(app, pilot, "n")
            table = cells(shown, "#net-devices")
            assert [(c[0], c[1]) for c in table] == [
                (d["name"], T("en", f"net.status.{d['status']}")) for d in devices
            ]
            assert [(c[3], c[4], c[5]) for c in table] == [
                ("—", "—", "Black"),
                ("1/2", "4", "—"),
            ]
            assert shown.query_one("#net-loss", Levels).data == [
                h["loss_percent"] for h in state["hours"]
            ]
            assert shown.query_one("#net-latency", Levels).data == [
                h["latency_ms"] for h in state["hours"]
            ]
            assert "router up" in text(shown, "#net-targets")
            assert text(shown, "#net-status") == T("en", "net.count", count=len(devices))

    screen()


def test_network_json_keeps_the_uplink_rounds_stored_fields(
    make_context: MakeContext, capsys: pytest.CaptureFixture[str]
) -> None:
    """`network --json` prints the typed uplink beside the round as stored: its events too."""
    context = make_context(devices=0)
    now = utcnow().replace(microsecond=0)
    event = {"event": "internet_down", "at": format_ts(now)}
    data = {"state": "internet_down", "loss_percent": 100.0, "events": [event]}
    Store(Layout(context.config.hub_dir)).apply(
        [Report(str(uuid.uuid4()), "agent-0", "outage", "probe:uplink", now, data)]
    )
    uplink = listed(context, capsys, "network")["uplink"]
    assert uplink["state"] == "internet_down" and uplink["loss_percent"] == 100.0
    assert uplink["events"] == [event] and uplink["ts"] == format_ts(now)
