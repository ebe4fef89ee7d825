"""Pilot tests: every screen reached by letter, Cyrillic twin and F-key; roles; language."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from inventory.intake.agents import Registry
from inventory.store.layout import Layout
from tests.tui.conftest import MakeContext
from tui.app import SCREENS, SoumnetApp, wants_ansi
from tui.keys import keys_for
from tui.screens.agents import AGENT_KEYS, AgentsScreen
from tui.screens.audit import AuditScreen
from tui.screens.backups import BackupsScreen
from tui.screens.help import HelpScreen
from tui.screens.network import NetworkScreen
from tui.screens.overview import OverviewScreen


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test on its own event loop (no async pytest plugin is installed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


@sync
async def test_it_officer_switches_screens_by_letter_twin_and_fkey(
    make_context: MakeContext,
) -> None:
    app = SoumnetApp(make_context(devices=5), ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 5  # a probe target is not a device
        uplink = str(app.screen.query_one("#overview-uplink", Static).render())
        assert "Internet: DOWN" in uplink
        for key, expected in (
            ("n", NetworkScreen),
            ("o", OverviewScreen),
            ("и", NetworkScreen),  # n on the Mongolian layout
            ("ү", OverviewScreen),  # o on the Mongolian layout
            ("f3", NetworkScreen),
            ("f2", OverviewScreen),
            ("h", HelpScreen),
            ("f1", HelpScreen),
            ("х", HelpScreen),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, expected), key
        await pilot.press("f10")
        await pilot.pause()
    assert app.return_code == 0


@sync
async def test_help_lists_every_key_from_the_bindings(make_context: MakeContext) -> None:
    app = SoumnetApp(make_context(lang="mn"), ansi=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        keys = {str(r[0]) for r in rows}
        assert {"o / ү / F2", "n / и / F3", "h / х / F1", "r / ж / F5", "q / ф / F10"} <= keys
        assert any("Сүлжээ" in str(r[1]) for r in rows)
        bound = {b.id for b in app._bindings.key_to_bindings.get("f3", [])}
        assert bound == {"screen.network"}


@sync
async def test_refresh_rereads_the_store(make_context: MakeContext) -> None:
    from tests.tui.conftest import fill_store

    context = make_context(devices=2)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 2
        fill_store(context.config, 4)  # same keys dev-0000..1 plus two new devices
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 4


@sync
async def test_auditor_cannot_open_it_screens(make_context: MakeContext) -> None:
    app = SoumnetApp(make_context(role="auditor"), ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AuditScreen)  # the first screen an auditor may see
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        shown = {str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        assert "o / ү / F2" not in shown
        for key in ("o", "f2", "n", "f3", "ү", "и"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen), key
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, AuditScreen)
        # Pressed through the action directly, too: the app refuses with a message.
        app.action_show("overview")
        await pilot.pause()
        assert isinstance(app.screen, AuditScreen)
        assert any("may not open" in n.message for n in app._notifications)


@sync
async def test_mongolian_everywhere(make_context: MakeContext) -> None:
    app = SoumnetApp(make_context(lang="mn"), ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(app.screen.query_one("#overview-title", Static).render()) == "Тойм"
        assert "Интернэт: ТАСАРСАН" in str(
            app.screen.query_one("#overview-uplink", Static).render()
        )
        await pilot.press("n")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Сүлжээний төхөөрөмжийг" in str(app.screen.query_one("#net-status", Static).render())


@sync
async def test_audit_trail_shows_entries_and_a_broken_chain(make_context: MakeContext) -> None:
    context = make_context(devices=1)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        while not isinstance(app.screen, AuditScreen) or not app.screen.loads:
            await pilot.pause(0.05)
        table = app.screen.query_one(DataTable)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["3", "2", "1"]
        assert str(table.get_row_at(0)[4]) == "Нягтлан-PC-2"
        verdict = str(app.screen.query_one("#audit-verify", Static).render())
        assert "intact: 3 entries" in verdict
        # Someone edits an entry in the store file behind the hub's back.
        shard = Layout(context.config.hub_dir).audit / "2026-03.json"
        shard.write_text(shard.read_text(encoding="utf-8").replace("officer", "intruder", 1))
        loads = app.screen.loads
        await pilot.press("r")
        while app.screen.loads == loads:
            await pilot.pause(0.05)
        verdict = str(app.screen.query_one("#audit-verify", Static).render())
        assert "damaged" in verdict and "entry 1 was changed" in verdict


@sync
async def test_auditor_pressing_a_key_it_may_not_use_is_told_why(
    make_context: MakeContext,
) -> None:
    """Every key of every screen the auditor may not open (letter, Cyrillic twin, F-key),
    pressed on each screen the auditor does see, gives one line naming the role."""
    app = SoumnetApp(make_context(role="auditor", lang="mn"), ansi=True)
    refused = [entry for entry in SCREENS if "auditor" not in entry.roles]
    assert {entry.name for entry in refused} == {
        "overview",
        "devices",
        "network",
        "agents",
        "maintenance",
        "notify",
        "software",
    }
    async with app.run_test(size=(80, 24)) as pilot:
        for screen_key, screen in (("t", AuditScreen), ("b", BackupsScreen), ("h", HelpScreen)):
            await pilot.press(screen_key)
            await pilot.pause()
            for entry in refused:
                for name in keys_for(entry.key).split(","):
                    app._notifications.clear()
                    await pilot.press(name)
                    await pilot.pause()
                    assert isinstance(app.screen, screen), name
                    messages = [n.message for n in app._notifications]
                    assert messages == [
                        "Таны эрх (аудитор) үүнийг зөвшөөрөхгүй: энэ дэлгэцийг нээх боломжгүй"
                    ], (screen_key, name)


async def open_agents(app: SoumnetApp, pilot: Pilot[None]) -> AgentsScreen:
    await pilot.press("f4")
    while not isinstance(app.screen, AgentsScreen) or not app.screen.loads:
        await pilot.pause(0.05)
    return app.screen


@sync
async def test_agents_approve_reject_revoke(make_context: MakeContext) -> None:
    context = make_context(devices=1)
    registry = Registry(context.config)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_agents(app, pilot)
        assert [key for key, _ in screen._rows] == ["darga-pc", "nyagtlan-pc"]
        assert "2 agents, 2 waiting" in str(screen.query_one("#agents-status", Static).render())
        for key, agent, state in (
            ("a", "darga-pc", "approved"),  # letter
            ("f9", "darga-pc", "revoked"),  # F-key
            ("down", None, None),
            ("ч", "nyagtlan-pc", "rejected"),  # x on the Mongolian layout
        ):
            loads = screen.loads
            await pilot.press(key)
            if key == "f9":
                await pilot.press("y")  # revoking asks first
            if agent is None:
                continue
            while screen.loads == loads:
                await pilot.pause(0.05)
            assert registry.load()[agent]["state"] == state, key
        keys = context.config.enrolment.authorized_keys
        assert keys is not None and "darga-pc" not in keys.read_text(encoding="utf-8")
        # A decision the registry refuses (rejecting a rejected agent) is one message.
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert registry.load()["nyagtlan-pc"]["state"] == "rejected"
        assert any("nyagtlan-pc" in n.message for n in app._notifications)


@sync
async def test_auditor_every_write_binding_is_refused(make_context: MakeContext) -> None:
    """An auditor never reaches the Agents screen; even if it were pushed, writes refuse."""
    context = make_context(role="auditor", devices=1)
    before = Registry(context.config).load()
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        assert not isinstance(app.screen, AgentsScreen)
        await app.push_screen(AgentsScreen(context))
        while not app.screen.loads:  # type: ignore[attr-defined]
            await pilot.pause(0.05)
        for key in AGENT_KEYS:
            for name in keys_for(key).split(","):
                app._notifications.clear()
                await pilot.press(name)
                await app.workers.wait_for_complete()
                await pilot.pause()
                messages = [n.message for n in app._notifications]
                assert messages == ["Your role is read-only: this change is refused"], name
    assert Registry(context.config).load() == before


def test_sixteen_colours_for_putty_and_no_color() -> None:
    assert wants_ansi({"TERM": "xterm"})  # PuTTY's default
    assert wants_ansi({"TERM": "xterm-256color", "NO_COLOR": "1"})
    assert not wants_ansi({"TERM": "xterm-256color"})


@sync
async def test_ansi_app_uses_the_terminal_palette_and_no_animation(
    make_context: MakeContext,
) -> None:
    app = SoumnetApp(make_context(devices=1), ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "ansi-dark"
        assert app.animation_level == "none"


@sync
async def test_network_screen_shows_probe_targets_not_as_devices(
    make_context: MakeContext,
) -> None:
    """Issue 12 point 6: probe targets are on the network screen, not among the devices."""
    import uuid

    from foundation.wire import Report, utcnow
    from inventory.records import devices

    context = make_context(lang="mn", devices=2)
    layout = Layout(context.config.hub_dir)
    reports = [
        Report(
            str(uuid.uuid4()),
            "agent-0",
            "probe",
            f"probe:{name}",
            utcnow(),
            {"name": name, "role": "external", "target": name, "up": up, "latency_ms": 31.6},
        )
        for name, up in (("E-Mongolia", True), ("ERP", False))
    ]
    devices.apply_reports(layout, reports)
    context.store.apply(reports)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 2
        await pilot.press("n")
        await app.workers.wait_for_complete()
        await pilot.pause()
        line = str(app.screen.query_one("#net-targets", Static).render())
        assert line == "Шалгах хаягууд: E-Mongolia ажиллаж байна 32 мс · ERP унтарсан"
