"""The Agents screen: the selected agent's details, the question before revoking, and every
decision taken under the write lock and written to the audit trail with who took it."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from agent.delivery.sshkeys import create_key, public_line
from foundation.config import current_user
from foundation.wire import Report, utcnow
from inventory.cli import main as hub_main
from inventory.intake.agents import AgentsProblem, Registry
from inventory.store import audit
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.conftest import require_program
from tests.tui.conftest import MakeContext
from tests.tui.test_pilot import open_agents, sync
from tui.app import SoumnetApp
from tui.config import TuiConfig as Config
from tui.screens.agents import AgentsScreen
from tui.screens.confirm import ConfirmScreen


def detail(screen: AgentsScreen) -> str:
    return str(screen.query_one("#agents-detail", Static).render())


def deliver(config: Config, agent: str, error: str | None) -> None:
    """A health report and a backup report from `agent`, stored as `serve` stores them."""
    ts = utcnow() - timedelta(hours=2)
    Store(Layout(config.hub_dir)).apply(
        [
            Report(
                id=str(uuid.uuid4()),
                agent=agent,
                kind="health",
                device=f"host:{agent}",
                ts=ts,
                data={"hostname": agent},
            ),
            Report(
                id=str(uuid.uuid4()),
                agent=agent,
                kind="backup",
                device=f"host:{agent}",
                ts=ts - timedelta(minutes=5),
                data={"status": "OK", "error": None, "offsite_error": error},
            ),
        ]
    )


@sync
async def test_details_show_last_report_devices_and_last_error(make_context: MakeContext) -> None:
    context = make_context(devices=1)
    deliver(context.config, "darga-pc", "hub unreachable: connection timed out")
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_agents(app, pilot)
        await pilot.pause()
        text = detail(screen)
        assert "Last report: 2 h ago · devices reported: 1" in text
        assert "Last backup error: hub unreachable: connection timed out" in text
        assert "Outbox depth: not reported" in text
        await pilot.press("down")  # nyagtlan-pc: never reported
        await pilot.pause()
        text = detail(screen)
        assert "Last report: never · devices reported: 0" in text
        assert "error" not in text


@sync
async def test_revoke_asks_first_and_no_changes_nothing(make_context: MakeContext) -> None:
    context = make_context(devices=1)
    registry = Registry(context.config)
    registry.approve("darga-pc", "officer")
    keys = context.config.enrolment.authorized_keys
    assert keys is not None
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_agents(app, pilot)
        for answer in ("n", "и", "escape"):  # no, its Cyrillic twin, Escape
            await pilot.press("v")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            question = str(app.screen.query_one("#confirm-question", Static).render())
            assert question == "Revoke agent darga-pc? It will no longer be able to deliver."
            await pilot.press(answer)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen is screen, answer
            assert registry.load()["darga-pc"]["state"] == "approved", answer
        assert "soumnet-agent:darga-pc" in keys.read_text(encoding="utf-8")
        loads = screen.loads
        await pilot.press("f9")
        await pilot.press("н")  # y on the Mongolian layout
        while screen.loads == loads:
            await pilot.pause(0.05)
        assert registry.load()["darga-pc"]["state"] == "revoked"
        assert "soumnet-agent:darga-pc" not in keys.read_text(encoding="utf-8")
        assert "Decided just now by officer" in detail(screen)


@sync
async def test_revoke_question_in_mongolian(make_context: MakeContext) -> None:
    app = SoumnetApp(make_context(lang="mn", devices=1), ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_agents(app, pilot)
        await pilot.press("v")
        await pilot.pause()
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert question == "darga-pc агентыг цуцлах уу? Цаашид тайлан илгээх боломжгүй болно."


@sync
async def test_tui_decisions_are_audited_under_the_person(make_context: MakeContext) -> None:
    context = make_context(devices=1)
    layout = Layout(context.config.hub_dir)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_agents(app, pilot)
        for keys in (("a",), ("v", "y"), ("down", "x")):
            loads = screen.loads
            for key in keys:
                await pilot.press(key)
            while screen.loads == loads:
                await pilot.pause(0.05)
    decisions = [e for e in audit.entries(layout) if e["action"].startswith("agent.")]
    trail = [(e["who"], e["action"], e["target"]) for e in decisions]
    assert trail == [
        ("officer", "agent.approve", "agent:darga-pc"),
        ("officer", "agent.revoke", "agent:darga-pc"),
        ("officer", "agent.reject", "agent:nyagtlan-pc"),
    ]
    last = decisions[-1]
    assert last["before"]["state"] == "pending" and last["after"]["state"] == "rejected"
    assert audit.verify(layout) == []


@sync
async def test_k_shows_what_weakens_the_agents_fence(
    make_context: MakeContext, tmp_path: Path
) -> None:
    """The same findings as `soumnet-hub doctor`, from the real `sshd -T`, below the details."""
    require_program("sshd")
    context = make_context(devices=1)
    conf = tmp_path / "sshd_config"
    conf.write_text("PasswordAuthentication yes\nAllowTcpForwarding no\n", encoding="utf-8")
    config = context.config
    enrolment = replace(config.enrolment, sshd_config=conf, agent_user=current_user())
    context = replace(context, config=replace(config, enrolment=enrolment))
    Registry(context.config).approve("darga-pc", "officer")
    keys = context.config.enrolment.authorized_keys
    assert keys is not None
    with keys.open("a", encoding="utf-8") as out:
        out.write(f"{public_line(create_key(tmp_path / 'spare_key'))} spare\n")
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_agents(app, pilot)
        fence = screen.query_one("#agents-fence", Static)
        assert str(fence.render()) == ""
        await pilot.press("k")
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = str(fence.render()).splitlines()
    assert lines[0] == f"the agents' SSH fence is weakened ({len(lines) - 1}):", lines
    assert any("passwordauthentication yes" in line for line in lines), lines
    assert not any("allowtcpforwarding" in line for line in lines), lines
    assert any("line 2 (spare): a key without 'restrict'" in line for line in lines), lines
    assert any("line 2 (spare): a key without a forced command" in line for line in lines)


def test_cli_decision_is_audited_under_the_os_user(make_context: MakeContext) -> None:
    context = make_context(devices=1)
    config_path = context.config.path
    assert config_path is not None
    with config_path.open("a", encoding="utf-8") as listed:  # the OS user is IT staff too
        listed.write(f'\n[users."{current_user()}"]\nrole = "it"\n')
    assert hub_main(["--config", str(config_path), "agents", "approve", "darga-pc"]) == 0
    entry = audit.entries(Layout(context.config.hub_dir))[-1]
    assert (entry["who"], entry["action"]) == (current_user(), "agent.approve")


def test_refused_decision_writes_nothing(make_context: MakeContext) -> None:
    context = make_context(devices=1)
    registry = Registry(context.config)
    registry.reject("darga-pc", "officer")
    before = audit.entries(Layout(context.config.hub_dir))
    agents_before = registry.path.read_bytes()
    with pytest.raises(AgentsProblem, match="darga-pc"):
        registry.reject("darga-pc", "officer")
    assert audit.entries(Layout(context.config.hub_dir)) == before
    assert registry.path.read_bytes() == agents_before


def test_decisions_wait_for_the_write_lock(make_context: MakeContext) -> None:
    """`serve` and a person never write at once: approve waits while the lock is held."""
    context = make_context(devices=1)
    registry = Registry(context.config)
    done = threading.Event()

    def approve() -> None:
        registry.approve("darga-pc", "officer")
        done.set()

    with Layout(context.config.hub_dir).write_lock():
        worker = threading.Thread(target=approve)
        worker.start()
        time.sleep(0.3)
        assert not done.is_set()
        assert registry.load()["darga-pc"]["state"] == "pending"
    worker.join(10)
    assert done.is_set() and registry.load()["darga-pc"]["state"] == "approved"
