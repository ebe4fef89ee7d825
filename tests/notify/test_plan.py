"""What goes to whom: quiet hours hold an SMS of a warning (not a critical one, not an
e-mail), the Latin form of an SMS, and `notify test`."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inventory.cli import main as hub_main
from inventory.notify import plan
from inventory.notify.translit import latin
from inventory.records.alerts import Alert
from tests.notify.helpers import ME, SmtpServer, free_port, notify_hub

NIGHT = datetime(2026, 11, 2, 15, 30, tzinfo=UTC)
"""23:30 in Ulaanbaatar."""


def alert(rule: str, no: int) -> Alert:
    return Alert(
        id=f"{rule}:snmp:10.0.0.5",
        rule=rule,
        subject="snmp:10.0.0.5",
        state="active",
        since=NIGHT,
        name="Принтер-1",
        no=no,
        activated_at=NIGHT,
    )


def test_quiet_hours_hold_only_the_sms_of_a_warning(tmp_path: Path) -> None:
    config = notify_hub(
        tmp_path,
        '[notify.channels.sms]\ntype = "gammu"\nsmsd_config = "/etc/gammu-smsdrc"\n\n'
        '[notify.channels.mail]\ntype = "smtp"\nhost = "127.0.0.1"\nsender = "hub@soum.mn"\n\n'
        '[users.bat]\nrole = "it"\nphone = "+97699112233"\nemail = "bat@soum.mn"\n'
        'quiet_hours = "22:00-07:00"\nlatin = true\n',
    )
    found = plan.plan_alerts(config, [alert("toner_low", 1), alert("device_down", 2)], set(), NIGHT)
    held = {(m.no, m.channel): m.not_before for m in found}
    morning = datetime(2026, 11, 2, 23, 0, tzinfo=UTC)  # 07:00 on 3 November, local
    assert held == {(1, "sms"): morning, (1, "mail"): None, (2, "sms"): None, (2, "mail"): None}
    sms = next(m for m in found if (m.no, m.channel) == (2, "sms"))
    assert sms.text == "#2 Printyer-1 ajillakhgüi baina 23:30. Khariu: OK 2"
    assert latin("Өндөр Үүрийн цэг") == "Öndör Üüriin tseg"


def test_notify_test_sends_to_a_person_and_checks_a_channel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SmtpServer() as server:
        config = notify_hub(
            tmp_path / "a",
            f'[notify.channels.mail]\ntype = "smtp"\nhost = "127.0.0.1"\nport = {server.port}\n'
            'security = "none"\nsender = "hub@soum.mn"\n\n'
            + ME
            + '[users.bat]\nrole = "it"\nemail = "bat@soum.mn"\n',
        )
        monkeypatch.setenv("SOUMNET_CONFIG", str(config.path))
        for target, said in (("bat", "mail: sent to bat@soum.mn"), ("mail", "mail: ready")):
            out = io.StringIO()
            with redirect_stdout(out):
                assert hub_main(["notify", "test", target]) == 0
            assert out.getvalue().strip() == said
        (mail,) = server.mailbox.messages
        assert "Test message from soumnet" not in str(mail.get_content())  # Mongolian
        assert "туршилтын мэдэгдэл" in str(mail["Subject"])
    port = free_port()
    config = notify_hub(
        tmp_path / "b",
        f'[notify.channels.mail]\ntype = "smtp"\nhost = "127.0.0.1"\nport = {port}\n'
        'security = "none"\nsender = "hub@soum.mn"\n\n' + ME,
    )
    monkeypatch.setenv("SOUMNET_CONFIG", str(config.path))
    err = io.StringIO()
    with redirect_stderr(err):
        assert hub_main(["notify", "test", "mail"]) == 1
        assert hub_main(["notify", "test", "nobody"]) == 1
    first, second = err.getvalue().splitlines()
    assert first.startswith(f"soumnet-hub: mail: the mail server 127.0.0.1:{port} cannot be")
    assert second.startswith("soumnet-hub: nobody is neither a channel nor a person")
