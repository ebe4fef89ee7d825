"""Must show 2: under a real gammu-smsd over Gammu's dummy phone, an alert becomes an SMS the
phone is handed; an `OK N` arriving at the phone acknowledges alert N on the hub (audited), and
the person is told so; a number not in `[users]` acknowledges nothing."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from contextlib import redirect_stdout
from datetime import timedelta
from pathlib import Path

import pytest

from inventory.cli import main as hub_main
from inventory.notify.service import Notifier
from inventory.records import alerts
from inventory.store import audit
from inventory.store.layout import Layout
from tests.notify.gammusmsd import Smsd, wait_for
from tests.notify.helpers import ME, T0, down_then_active, notify_hub, switch

pytestmark = pytest.mark.integration
PHONE = "+97699112233"


@pytest.fixture
def smsd(tmp_path: Path) -> Iterator[Smsd]:
    daemon = Smsd(tmp_path / "smsd")
    daemon.start()
    yield daemon
    daemon.stop()


def test_an_alert_is_an_sms_and_ok_n_acknowledges_it(tmp_path: Path, smsd: Smsd) -> None:
    config = notify_hub(
        tmp_path / "site",
        f'[notify.channels.sms]\ntype = "gammu"\nsmsd_config = "{smsd.config}"\n\n'
        f'[users.bat]\nrole = "it"\nphone = "{PHONE}"\nlang = "mn"\n',
    )
    said: list[str] = []
    notifier = Notifier(config, Layout(config.hub_dir), said.append, "en")
    layout = down_then_active(config, notifier)
    assert notifier.sender.cycle("sms", T0 + timedelta(minutes=12)) == 1
    (sms,) = wait_for(smsd.transmitted)
    assert (sms.number, sms.text) == (PHONE, "#1 Свич-2 ажиллахгүй байна 16:01. Хариу: OK 1")
    assert sms.parts == 1 and sms.unicode

    smsd.incoming("+97688000000", "OK 1")  # a stranger's phone: nothing happens
    smsd.incoming(PHONE, "ok 1", location=2)

    def acknowledged() -> str:
        notifier.sender.cycle("sms")
        return alerts.open_alerts(layout)[0].acked_by

    assert wait_for(acknowledged, 30) == "bat"
    (entry,) = [e for e in audit.entries(layout) if e["action"] == "alert.ack"]
    assert entry["who"] == "bat" and entry["after"]["via"] == "sms"
    assert any("+97688000000, a number not in [users], was ignored" in line for line in said)
    assert "alert #1 acknowledged by bat by SMS" in said
    wait_for(lambda: notifier.sender.cycle("sms") or len(smsd.transmitted()) == 2, 30)
    assert smsd.transmitted()[1].text == "#1 хүлээн авлаа: Свич-2 ажиллахгүй байна"
    notifier.stop()


def test_a_missing_modem_and_a_number_that_is_not_one_are_one_line_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    daemon = Smsd(tmp_path / "smsd", phone_device=str(tmp_path / "ttyUSB-unplugged"))
    daemon.start()
    try:
        config = notify_hub(
            tmp_path / "site",
            f'[notify.channels.sms]\ntype = "gammu"\nsmsd_config = "{daemon.config}"\n'
            "wait_minutes = 0.02\n\n" + ME + f'[users.bat]\nrole = "contact"\nphone = "{PHONE}"\n\n'
            '[users.dorj]\nrole = "contact"\nphone = "99-11-аб"\n',
        )
        layout = Layout(config.hub_dir)
        said: list[str] = []
        notifier = Notifier(config, layout, said.append, "en")
        switch(layout, T0, up=True)
        switch(layout, T0 + timedelta(minutes=1), up=False)
        for minutes in (1, 12):
            alerts.evaluate(layout, config.alerts, T0 + timedelta(minutes=minutes))
            notifier.plan(T0 + timedelta(minutes=minutes))
        now = T0 + timedelta(minutes=12)
        notifier.sender.cycle("sms", now)
        (line,) = said
        assert line.startswith("not sent on sms to dorj (")
        assert line.endswith(
            "99-11-аб is not a phone number (digits with an optional + in front, e.g."
            " +97699112233); not retried"
        )
        # the modem is missing: the SMS waits in smsd's outbox and, after wait_minutes, says so
        wait_for(lambda: "Error at init connection" in daemon.read_log())
        time.sleep(1.5)
        notifier.sender.cycle("sms", now + timedelta(minutes=2))
        assert said[1].startswith(f"sms: the SMS to {PHONE} has waited 0 minutes in gammu-smsd")
        states = {s.message.person: s for s in notifier.journal.statuses()}
        assert states["bat"].state == "failed" and states["bat"].retry_at is not None
        assert states["dorj"].state == "failed" and states["dorj"].retry_at is None
        # tried again later: still the one file in smsd's outbox, never a second
        notifier.sender.cycle("sms", now + timedelta(hours=1))
        assert len(list(daemon.folder("outbox").glob("OUT*"))) == 1
        notifier.stop()
    finally:
        daemon.stop()
    monkeypatch.setenv("SOUMNET_CONFIG", str(config.path))
    out = io.StringIO()
    with redirect_stdout(out):
        assert hub_main(["notify", "log"]) == 0
    rows = out.getvalue().splitlines()
    assert len(rows) == 2 and all("\tfailed\t" in r or "\tsent\t" in r for r in rows)
    assert any("is not a phone number" in r for r in rows)
