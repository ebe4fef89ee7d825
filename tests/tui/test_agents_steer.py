"""The Agents screen steers: what each agent runs against what it should, why it refused, its
tasks; the forms set a layer through the door (audited), a task is queued by key (an archive
only after a yes), and the overview names an agent that refused its settings."""

from __future__ import annotations

import uuid

from textual.widgets import Static, TextArea

from agent.steer.keys import digest
from foundation.wire import Report, utcnow
from inventory.intake import door
from inventory.steer import book as books
from inventory.store import audit
from inventory.store.layout import Layout
from tests.tui.conftest import MakeContext
from tests.tui.test_pilot import open_agents, sync
from tui.app import SoumnetApp
from tui.config import TuiConfig as Config
from tui.screens.confirm import ConfirmScreen
from tui.screens.steer_intervals import IntervalsForm
from tui.screens.steer_probes import ProbesForm
from tui.screens.steer_task import TaskPicker


def text(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


def said(config: Config, agent: str, data: dict[str, object]) -> None:
    """A steer report from `agent`, recorded as `serve` records it."""
    report = Report(
        id=str(uuid.uuid4()),
        agent=agent,
        kind="steer",
        device=f"host:{agent}",
        ts=utcnow(),
        data=data,
    )
    layout = Layout(config.hub_dir)
    with layout.write_lock():
        books.record(layout, [report])


def refuse(config: Config, agent: str) -> None:
    """`agent` refuses the settings it should run now."""
    version, values = books.load(Layout(config.hub_dir)).settings_for(agent)
    reason = {"en": "snmp.interval_seconds: at least 30", "mn": "snmp.interval_seconds: 30-аас"}
    said(
        config,
        agent,
        {
            "settings": {
                "version": version,
                "hash": digest(values),
                "state": "refused",
                "reason": reason,
            }
        },
    )


@sync
async def test_rows_and_details_say_settings_refusal_and_tasks(make_context: MakeContext) -> None:
    context = make_context(devices=1)
    config = context.config
    door.call(
        config, "steer.set", "officer", target="darga-pc", values={"snmp.interval_seconds": 5}
    )
    refuse(config, "darga-pc")
    door.call(config, "steer.task", "officer", target="darga-pc", name="facts")
    [task] = door.call(config, "steer.task", "officer", target="darga-pc", name="status")
    said(
        config,
        "darga-pc",
        {"tasks": [{"id": task["id"], "name": "status", "state": "done", "lines": ["all well"]}]},
    )
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_agents(app, pilot)
        cells = dict(screen._rows)
        assert cells["darga-pc"][4:6] == ["refused", "1"]
        assert cells["nyagtlan-pc"][4:6] == ["-", ""]
        detail = text(screen, "#agents-detail")
        assert "Settings: runs v1, should run v1" in detail
        assert "Refused: snmp.interval_seconds: at least 30" in detail
        assert "Last task: #2 status done: all well" in detail
        assert "Tasks: #2 status done, #1 facts pending" in detail


@sync
async def test_intervals_form_sets_the_agents_layer(make_context: MakeContext) -> None:
    context = make_context(devices=1)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_agents(app, pilot)
        await pilot.press("i")
        assert isinstance(app.screen, IntervalsForm)
        await pilot.press("tab", *"120", "tab", "tab", *"abc", "f6")
        await pilot.pause()
        assert "SNMP poll, s: a whole number" in text(app.screen, "#steer-form-message")
        await pilot.press("end", *["backspace"] * 3, *"600", "f6")
        for _ in range(100):
            if not isinstance(app.screen, IntervalsForm):
                break
            await pilot.pause(0.05)
        else:
            raise AssertionError(text(app.screen, "#steer-form-message"))
        assert app.screen is screen
    layout = Layout(context.config.hub_dir)
    layer = books.load(layout).layers["agent:darga-pc"]
    assert layer["values"] == {"agent.health_interval_seconds": 120, "snmp.interval_seconds": 600}
    [entry] = [e for e in audit.entries(layout) if e["action"] == "agents.settings"]
    assert entry["who"] == "officer"


@sync
async def test_probe_targets_for_all_and_a_refusal_stays_in_the_form(
    make_context: MakeContext,
) -> None:
    context = make_context(devices=1)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_agents(app, pilot)
        await pilot.press("p")
        form = app.screen
        assert isinstance(form, ProbesForm)
        await pilot.press("end", *["backspace"] * 12, *"nowhere", "tab")
        form.query_one(TextArea).insert(
            "gateway, gateway, ping, 192.168.1.1\nERP, internal, tcp, erp, 1433"
        )
        await pilot.press("f6")
        for _ in range(100):
            if "nowhere" in text(form, "#steer-form-message"):
                break
            await pilot.pause(0.05)
        assert "nowhere" in text(form, "#steer-form-message")
        await pilot.press("shift+tab", "end", *["backspace"] * 12, *"all", "f6")
        while isinstance(app.screen, ProbesForm):
            await pilot.pause(0.05)
    targets = books.load(Layout(context.config.hub_dir)).layers["all"]["values"]["probes.targets"]
    assert targets == [
        {"name": "gateway", "role": "gateway", "kind": "ping", "host": "192.168.1.1"},
        {"name": "ERP", "role": "internal", "kind": "tcp", "host": "erp", "port": 1433},
    ]


@sync
async def test_a_task_by_key_and_an_archive_only_after_yes(make_context: MakeContext) -> None:
    context = make_context(devices=1)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_agents(app, pilot)
        await pilot.press("j")
        assert isinstance(app.screen, TaskPicker)
        await pilot.press("3")  # poll
        await pilot.press("j", "1")  # archive: asked first
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.press("j", "1", "y")
        while len(books.load(Layout(context.config.hub_dir)).tasks) < 2:
            await pilot.pause(0.05)
        while "Tasks:" not in text(screen, "#agents-detail"):
            await pilot.pause(0.05)
    tasks = books.load(Layout(context.config.hub_dir)).tasks
    assert [(t["agent"], t["name"], t["state"]) for t in tasks] == [
        ("darga-pc", "poll", "pending"),
        ("darga-pc", "archive", "pending"),
    ]


@sync
async def test_overview_names_an_agent_that_refused(make_context: MakeContext) -> None:
    context = make_context(devices=1)
    door.call(
        context.config, "steer.set", "officer", target="all", values={"snmp.interval_seconds": 5}
    )
    refuse(context.config, "nyagtlan-pc")
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.screen.loads:  # type: ignore[attr-defined]
            await pilot.pause(0.05)
        assert "nyagtlan-pc refused its settings" in text(app.screen, "#overview-agents")
