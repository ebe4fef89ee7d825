"""Must show 5: `serve` killed with SIGKILL in the middle of sending, 20 times: every queued
message is sent and none twice: no message is queued twice, every SMS is handed to
gammu-smsd once, every e-mail arrives and a repeat (a send cut off after the server took it,
which SMTP cannot tell) carries the same Message-ID, so the mailbox shows it once."""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from foundation.wire import utcnow
from inventory.notify import journal
from inventory.records import alerts
from inventory.store.layout import Layout
from tests.conftest import venv_command
from tests.notify.gammusmsd import FOLDERS, Smsd
from tests.notify.helpers import Mailbox, SmtpServer, feed, report
from tui.config import load

pytestmark = pytest.mark.integration
DEVICES = 12
KILLS = 20


class SlowMailbox(Mailbox):
    """A server that takes a tenth of a second per mail: kills land in the middle of sending."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(0.1)
        return await super().handle_DATA(server, session, envelope)


def test_killed_twenty_times_while_sending(tmp_path: Path) -> None:
    smsd = Smsd(tmp_path / "smsd")
    smsd.write_config()  # no daemon: what it was handed stays in its folders, counted below
    server = SmtpServer()
    server.mailbox = SlowMailbox()
    server.controller.handler = server.mailbox
    people = "".join(
        f'[users.p{n}]\nrole = "contact"\nemail = "p{n}@soum.mn"\nphone = "+9769911000{n}"\n'
        for n in range(3)
    )
    path = tmp_path / "site" / "soumnet.toml"
    path.parent.mkdir()
    path.write_text(
        '[hub]\ndata_dir = "hub"\nspool_poll_seconds = 0.05\n\n'
        '[agent]\nid = "hub"\ndata_dir = "agent"\nhub = "local"\n\n'
        f'[notify.channels.mail]\ntype = "smtp"\nhost = "127.0.0.1"\nport = {server.port}\n'
        'security = "none"\nsender = "hub@soum.mn"\ntimeout_seconds = 10\n\n'
        f'[notify.channels.sms]\ntype = "gammu"\nsmsd_config = "{smsd.config}"\n\n' + people,
        encoding="utf-8",
    )
    layout = Layout(path.parent / "hub")
    layout.init()
    began = utcnow() - timedelta(minutes=30)
    for n in range(DEVICES):  # down for 20 minutes: serve's first evaluation makes them alerts
        feed(layout, report("snmp", f"snmp:10.0.1.{n}", began, {"up": True, "name": f"sw{n}"}))
        down = began + timedelta(minutes=10)
        feed(layout, report("snmp", f"snmp:10.0.1.{n}", down, {"up": False, "status": "down"}))
    with layout.write_lock():
        alerts.evaluate(layout, load(path).alerts, down)
    assert all(a.state == "pending" for a in alerts.all_alerts(layout))

    command = [venv_command("soumnet-hub"), "--config", str(path), "serve"]
    log = (tmp_path / "serve.log").open("wb")
    rng = random.Random(16)
    with server:
        landed = 0
        for _ in range(KILLS):
            child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
            time.sleep(rng.uniform(0.6, 1.6))
            found = journal.read(layout.notify).values()
            landed += any(s.state == "sending" for s in found)
            child.kill()
            child.wait()
        layout.socket.unlink(missing_ok=True)
        child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while not layout.socket.exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # serve is up (and stops on SIGTERM as it should)
        while time.monotonic() < deadline:
            found = list(journal.read(layout.notify).values())
            if found and not any(s.waiting for s in found):
                break
            time.sleep(0.2)
        child.terminate()
        assert child.wait(timeout=30) == 0
    log.close()

    messages = list(journal.read(layout.notify).values())
    assert len(messages) == DEVICES * 3 * 2  # each alert, each person, e-mail and SMS
    assert {s.state for s in messages} == {"sent"}
    queued = Counter(
        line["key"]
        for line in map(json.loads, layout.notify.read_text().splitlines())
        if line["op"] == "queue"
    )
    assert set(queued.values()) == {1}
    # SMS: handed over exactly once each
    handed = Counter(
        name.rsplit("_", 1)[1].removesuffix(".txt")
        for folder in FOLDERS
        for name in (p.name for p in smsd.folder(folder).iterdir())
        if name.startswith("OUT")
    )
    sms_keys = {s.key for s in messages if s.message.channel == "sms"}
    assert set(handed) == sms_keys and set(handed.values()) == {1}
    # e-mail: every one arrived; a repeat is the same message to the mailbox
    mail_keys = {s.key for s in messages if s.message.channel == "mail"}
    ids = [i.strip("<>").partition("@")[0] for i in server.mailbox.ids()]
    assert set(ids) == mail_keys
    repeats = len(ids) - len(set(ids))
    assert repeats <= landed, (repeats, landed)
    print(f"kills during a send: {landed}; e-mails repeated after a kill: {repeats}")
