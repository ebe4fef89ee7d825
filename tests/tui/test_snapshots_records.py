"""Maintenance, Backups and Agents (with its details and the revoke question) at 80×24 and
120×40, in Mongolian and English, with the 16-colour ANSI theme.

The stores are fixed (dates, sizes, hashes, file times), so a snapshot changes only when
the screen does."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from textual.pilot import Pilot

from backups.names import sig_path
from backups.sshsig import SigningKey, public_line
from inventory.intake.agents import Registry
from inventory.intake.archives import archive_root
from inventory.records import maintenance
from inventory.store.layout import Layout
from tests.tui.conftest import MakeContext
from tests.tui.test_agents_screen import deliver
from tui.app import SoumnetApp
from tui.context import Context
from tui.screens.base import SoumnetScreen

SIZES = [(80, 24), (120, 40)]
FIXED = datetime(2026, 2, 3, 4, 5, tzinfo=UTC).timestamp()


def seed_maintenance(context: Context) -> None:
    layout = Layout(context.config.hub_dir)
    for device, fields in (
        ("dev-0000", {"date": "2026-10-02", "kind": "repair", "description": "Дэлгэц солив"}),
        ("dev-0001", {"date": "2026-11-05", "kind": "upgrade", "description": "RAM 8 GB"}),
        ("dev-0002", {"date": "2026-11-20", "kind": "user_support", "description": "Хэвлэгч"}),
    ):
        maintenance.add_entry(
            layout, {"device": device, "cost": "85000", "minutes": "45", **fields}, "officer"
        )
    maintenance.close_entry(layout, 1, "officer")


def seed_archives(context: Context) -> None:
    """Report files as the hub holds them, signed by one fixed key (Ed25519 signatures are
    deterministic) so the report view's verdict is the same in every run."""
    signer = SigningKey(Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
    registry = Registry(context.config)
    for agent in ("kadr-pc", "nyagtlan-pc"):  # approved with the key that signs their reports
        request = context.config.hub_dir / f"{agent}-request.json"
        body = {"soumnet_enrolment": 1, "agent": agent, "public_key": public_line(signer.public)}
        request.write_text(json.dumps(body), encoding="utf-8")
        registry.request(request)
        registry.approve(agent, "officer")
    for agent, year, status, size in (
        ("kadr-pc", 2026, "OK", 734_003_200),
        ("kadr-pc", 2025, "WARNING", 698_351_616),
        ("nyagtlan-pc", 2026, "FAILED", None),
    ):
        folder = archive_root(context.config) / agent
        folder.mkdir(parents=True, exist_ok=True)
        name = f"staff-{year}-{year}0115T020000Z"
        report: dict[str, Any] = {
            "label": f"staff-{year}",
            "started": f"{year}-01-15T02:00:00+00:00",
            "status": status,
            "archive": f"{name}.tar.zst.age" if size else None,
            "archive_bytes": size,
            "archive_sha256": f"{year:x}ab" * 16 if size else None,
            "expires": "2036-01-13T02:00:00+00:00" if year == 2026 else None,
            "last_restore_test": None,
        }
        path = folder / f"{name}.report.json"
        body = json.dumps(report).encode("utf-8")
        path.write_bytes(body)
        sig_path(path).write_text(signer.sign(body), encoding="utf-8")
        os.utime(path, (FIXED, FIXED))


def seed_agents(context: Context) -> None:
    deliver(context.config, "darga-pc", "hub unreachable: connection timed out")


SCREENS: dict[str, tuple[Callable[[Context], None], tuple[str, ...]]] = {
    "maintenance": (seed_maintenance, ("m",)),
    "maintenance-form": (seed_maintenance, ("m", "e")),
    "backups": (seed_archives, ("b",)),
    "backups-report": (seed_archives, ("b", "v")),
    "agents": (seed_agents, ("g",)),
    "agents-revoke": (seed_agents, ("g", "v")),
}


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["en", "mn"])
@pytest.mark.parametrize("name", list(SCREENS))
def test_records_screen_snapshot(
    snap_compare: Any,
    make_context: MakeContext,
    size: tuple[int, int],
    lang: str,
    name: str,
) -> None:
    context = make_context(lang=lang, devices=12)
    seed, keys = SCREENS[name]
    seed(context)
    app = SoumnetApp(context, ansi=True)

    async def reach(pilot: Pilot[None]) -> None:
        for key in keys:
            await pilot.press(key)
            screen = pilot.app.screen
            while isinstance(screen, SoumnetScreen) and screen.POLLS and not screen.loads:
                await pilot.pause(0.05)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=reach)
