"""A person's change and its audit entry are stored together or not at all."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator

import pytest

from inventory.records import devices, maintenance
from inventory.store import audit
from inventory.store.layout import Layout
from tests.conftest import venv_command
from tests.disks import fill, mount_small, unmount
from tui.config import TuiConfig as Config


@pytest.fixture(params=["full", "read-only"])
def unwritable_audit(request: pytest.FixtureRequest, hub: Config) -> Iterator[Layout]:
    """The hub with one entry in its trail, whose audit folder then cannot be written: a
    file system of its own that is full, or mounted read-only (root ignores file modes)."""
    layout = Layout(hub.hub_dir)
    devices.add_device(layout, {"name": "Before"}, "it1")
    kept = {p.name: p.read_bytes() for p in layout.audit.iterdir()}
    mount_small(layout.audit, "1m")
    try:
        for name, data in kept.items():
            (layout.audit / name).write_bytes(data)
        if request.param == "full":
            fill(layout.audit)
        else:
            subprocess.run(["mount", "-o", "remount,ro", str(layout.audit)], check=True)
        yield layout
    finally:
        unmount(layout.audit)


def _cli(cli_env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [venv_command("soumnet-hub"), *args],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_change_whose_audit_entry_cannot_be_written_is_not_applied(
    unwritable_audit: Layout, cli_env: dict[str, str]
) -> None:
    layout = unwritable_audit
    before = layout.devices.read_bytes()
    done = _cli(cli_env, "devices", "add", "name=After")
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "audit trail" in lines[0] and "not applied" in lines[0]
    assert "Traceback" not in done.stderr
    assert layout.devices.read_bytes() == before
    key = devices.list_devices(layout)[0]["key"]
    edit = _cli(cli_env, "devices", "edit", key, "location=Room 2")
    assert edit.returncode != 0 and "not applied" in edit.stderr
    assert devices.get_device(layout, key).get("location") is None
    entry = (f"device={key}", "date=2026-11-10", "kind=repair", "description=x")
    assert _cli(cli_env, "maintenance", "add", *entry).returncode != 0
    assert maintenance.list_entries(layout) == []
    assert not [p for p in layout.audit.iterdir() if p.name.startswith(".")]
    assert audit.verify(layout) == []


def test_the_line_is_mongolian_too(unwritable_audit: Layout, cli_env: dict[str, str]) -> None:
    done = _cli({**cli_env, "SOUMNET_LANG": "mn"}, "devices", "add", "name=After")
    assert done.returncode != 0
    assert "аудит" in done.stderr and "audit trail" not in done.stderr


def test_a_change_that_cannot_be_stored_leaves_no_audit_entry(
    hub: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    layout = Layout(hub.hub_dir)
    devices.add_device(layout, {"name": "Before"}, "it1")

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, os.strerror(28))

    monkeypatch.setattr("inventory.store.jsonstore.write_json", refuse)
    with pytest.raises(OSError):
        devices.add_device(layout, {"name": "After"}, "it1")
    assert [e["target"] for e in audit.entries(layout)] == [devices.list_devices(layout)[0]["key"]]
    assert json.loads((layout.audit / "head.json").read_text())["seq"] == 1
    assert not [p for p in layout.audit.iterdir() if p.name.startswith(".")]


def test_through_serve_the_line_says_why_too(
    unwritable_audit: Layout, cli_env: dict[str, str]
) -> None:
    layout = unwritable_audit
    serve = subprocess.Popen(
        [venv_command("soumnet-hub"), "serve"],
        env=cli_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30  # a bound for a hung start, not a speed assertion
        while not layout.socket.exists():
            assert time.monotonic() < deadline and serve.poll() is None, "serve did not start"
            time.sleep(0.05)
        before = layout.devices.read_bytes()
        done = _cli(cli_env, "devices", "add", "name=After")
        lines = done.stderr.strip().splitlines()
        assert done.returncode != 0 and len(lines) == 1, done.stderr
        assert "not applied" in lines[0] and "audit trail" in lines[0]
        assert layout.devices.read_bytes() == before
    finally:
        serve.terminate()
        serve.wait(30)
    assert audit.verify(layout) == []
