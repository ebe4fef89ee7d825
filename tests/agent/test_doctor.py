"""`soumnet-hub doctor` against a real sshd: each weakness of the agents' fence is one line."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

from agent.delivery.sshkeys import create_key, public_line
from foundation.config import current_user
from inventory.store.layout import Layout
from tests.agent.helpers import agent_config, cli, enrol
from tests.agent.sshd import Sshd, start_sshd
from tests.conftest import ROOT, venv_command, write_config
from tui.config import TuiConfig as Config
from tui.config import load


def recommended(user: str) -> str:
    """The `Match` block README.md recommends, for `user`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```\n( *Match User soumnet\n.*?)\n *```", readme, re.S)
    assert found, "README.md recommends no Match block"
    block = textwrap.dedent(found.group(1)) + "\n"
    return block.replace("Match User soumnet", f"Match User {user}")


def hub_for(folder: Path, sshd: Sshd) -> Config:
    path = write_config(
        folder,
        f'[enrolment]\nauthorized_keys = "{sshd.authorized_keys}"\n'
        f'hub_command = "{venv_command("soumnet-hub")}"\n'
        f'sshd_config = "{sshd.authorized_keys.parent / "sshd_config"}"\n'
        f'agent_user = "{sshd.user}"\n',
    )
    config = load(path)
    Layout(config.hub_dir).init()
    return config


def doctor(config: Config, *args: str) -> tuple[int, list[str]]:
    assert config.path is not None
    done = cli("inventory.cli", config.path, "doctor", *args, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout.splitlines()


def test_a_weakened_fence_is_reported_line_by_line(tmp_path: Path) -> None:
    weakened = f"Match User {current_user()}\n    PasswordAuthentication yes\n"
    sshd = start_sshd(tmp_path / "sshd", weakened)
    try:
        hub = hub_for(tmp_path / "site", sshd)
        enrol(agent_config(tmp_path / "pc"), hub, sshd)
        loose = public_line(create_key(tmp_path / "loose_key"))
        with sshd.authorized_keys.open("a", encoding="utf-8") as keys:
            keys.write(f'command="soumnet-hub ingest --agent pc-2" {loose} soumnet-agent:pc-2\n')
        assert sshd.process.poll() is None
        status, lines = doctor(hub)
    finally:
        sshd.stop()
    assert status == 1, lines
    expected = {
        "passwordauthentication yes": 1,
        "allowtcpforwarding yes": 1,
        "line 2 (soumnet-agent:pc-2): a key without 'restrict'": 1,
    }
    for text, count in expected.items():
        assert sum(text in line for line in lines) == count, (text, lines)
    assert not any("line 1 " in line for line in lines), lines  # the approved key is fenced
    status, rows = doctor(hub, "--json")
    checks = [json.loads("\n".join(rows))[i]["check"] for i in range(len(lines))]
    assert {"sshd_login", "sshd_forwarding", "key_unrestricted"} <= set(checks)


def test_the_recommended_configuration_reports_nothing(tmp_path: Path) -> None:
    sshd = start_sshd(tmp_path / "sshd", recommended(current_user()))
    try:
        hub = hub_for(tmp_path / "site", sshd)
        enrol(agent_config(tmp_path / "pc"), hub, sshd)
        assert sshd.process.poll() is None
        status, lines = doctor(hub)
        assert (status, lines) == (0, []), lines
        assert doctor(hub, "--json") == (0, ["[]"])
    finally:
        sshd.stop()
