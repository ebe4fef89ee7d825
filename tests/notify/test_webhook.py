"""Must show 3: Apprise's JSON webhook to a loopback receiver; while the uplink is down (and the
receiver away) messages wait, and one digest arrives when it is back."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from inventory.notify.service import Notifier
from inventory.records import alerts, devices
from inventory.store.layout import Layout
from tests.notify.helpers import T0, Webhook, notify_hub, switch, uplink


def test_messages_wait_for_the_uplink_and_arrive_as_one_digest(tmp_path: Path) -> None:
    hook = Webhook()
    hook.start()
    config = notify_hub(
        tmp_path,
        f'[notify.channels.hook]\ntype = "apprise"\nurl = "json://127.0.0.1:{hook.port}/hook"\n'
        '\n[users.bat]\nrole = "contact"\nchannels = ["hook"]\nlang = "en"\n',
    )
    layout = Layout(config.hub_dir)
    notifier = Notifier(config, layout, print, "en")

    def step(minutes: int) -> int:
        now = T0 + timedelta(minutes=minutes)
        alerts.evaluate(layout, config.alerts, now)
        notifier.plan(now)
        return notifier.sender.cycle("hook", now)

    uplink(layout, T0, "ok")
    switch(layout, T0, up=True)
    switch(layout, T0, up=True, address="10.0.0.3")
    devices.edit_device(layout, "snmp:10.0.0.2", {"name": "switch-2"}, "officer")
    devices.edit_device(layout, "snmp:10.0.0.3", {"name": "printer-1"}, "officer")
    switch(layout, T0 + timedelta(minutes=1), up=False)
    step(1)
    assert step(12) == 1
    (first,) = hook.posts
    assert first["title"] == "[Soum office] #1 switch-2 is down"
    assert "Since: 2026-11-02 16:01 (Asia/Ulaanbaatar)" in first["message"]
    assert hook.headers[0]["Idempotency-Key"].startswith("a1-s-")

    # the internet goes and the receiver with it; meanwhile a printer dies, the switch returns
    hook.stop()
    uplink(layout, T0 + timedelta(minutes=20), "internet_down")
    switch(layout, T0 + timedelta(minutes=21), up=False, address="10.0.0.3")
    assert step(21) == 0
    switch(layout, T0 + timedelta(minutes=40), up=True)
    for minutes in (32, 40, 60, 90):
        assert step(minutes) == 0  # held: nothing tried against a dead uplink
    waiting = [s for s in notifier.journal.statuses() if s.waiting]
    assert {s.message.kind for s in waiting} == {"alert", "end"}
    assert all(s.attempts == 0 for s in waiting)

    # back: one digest instead of the stack
    hook.start()
    uplink(layout, T0 + timedelta(minutes=120), "ok")
    assert step(121) == 1
    (digest,) = hook.posts[1:]
    assert digest["title"] == "[Soum office] 4 messages that waited for the connection"
    body = digest["message"]
    for line in ("internet connection down", "#3 printer-1 is down", "#1 ended: switch-2 is down"):
        assert line in body
    assert "from 2026-11-02 16:32 to 2026-11-02 18:01 (Asia/Ulaanbaatar)" in body
    assert step(122) == 0
    assert not [s for s in notifier.journal.statuses() if s.waiting]
    hook.stop()
    notifier.stop()
