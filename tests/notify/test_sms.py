"""Must show 2: under a real gammu-smsd over Gammu's dummy phone, an alert becomes an SMS the
phone is handed; an `OK N` arriving at the phone acknowledges alert N on the hub (audited), and
the person is told so; a number not in `[users]` acknowledges nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from inventory.notify.service import Notifier
from inventory.records import alerts, devices
from inventory.store import audit
from inventory.store.layout import Layout
from tests.notify.gammusmsd import Smsd, wait_for
from tests.notify.helpers import T0, notify_hub, switch

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
    layout = Layout(config.hub_dir)
    said: list[str] = []
    notifier = Notifier(config, layout, said.append, "en")
    switch(layout, T0, up=True)
    devices.edit_device(layout, "snmp:10.0.0.2", {"name": "Свич-2"}, "officer")
    switch(layout, T0 + timedelta(minutes=1), up=False)
    for minutes in (1, 12):
        alerts.evaluate(layout, config.alerts, T0 + timedelta(minutes=minutes))
        notifier.plan(T0 + timedelta(minutes=minutes))
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
