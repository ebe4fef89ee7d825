"""Must show 1: an alert becomes one e-mail (device, office time, rule, in Mongolian) through a
real SMTP server on loopback; its end a second one. Also acknowledgement, escalation, the daily
summary, and the clear lines of a wrong password and an unreachable server."""

from __future__ import annotations

import io
import os
from contextlib import redirect_stdout
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from inventory.cli import main as hub_main
from inventory.notify.service import Notifier
from inventory.records import alerts
from inventory.reports import schedule
from inventory.store import audit
from inventory.store.layout import Layout
from tests.notify.helpers import ME, T0, SmtpServer, down_then_active, free_port, notify_hub, switch
from tui.config import TuiConfig


def mail_hub(folder: Path, port: int, people: str, channel_extra: str = "") -> TuiConfig:
    return notify_hub(
        folder,
        '[office]\nname = "Баян-Өндөр сум"\n\n'
        f'[notify.channels.mail]\ntype = "smtp"\nhost = "127.0.0.1"\nport = {port}\n'
        f'security = "none"\nsender = "hub@soum.mn"\ntimeout_seconds = 5\n{channel_extra}\n'
        + people,
    )


BAT = ME + '[users.bat]\nrole = "it"\nname = "Бат"\nemail = "bat@soum.mn"\n'


def test_an_alert_and_its_end_are_two_mails_in_mongolian(tmp_path: Path) -> None:
    with SmtpServer() as server:
        config = mail_hub(tmp_path, server.port, BAT)
        notifier = Notifier(config, Layout(config.hub_dir), print, "en")
        layout = down_then_active(config, notifier)
        assert notifier.sender.cycle("mail", T0 + timedelta(minutes=12)) == 1
        (mail,) = server.mailbox.messages
        body = str(mail.get_content())
        assert mail["To"] == "bat@soum.mn"
        assert mail["Subject"] == "[Баян-Өндөр сум] #1 Свич-2 ажиллахгүй байна"
        assert "Төхөөрөмж: Свич-2 (snmp:10.0.0.2)" in body
        assert "Дүрэм: төхөөрөмж ажиллахгүй, ноцтой" in body
        assert "Эхэлсэн: 2026-11-02 16:01 (Asia/Ulaanbaatar)" in body  # 08:01 UTC
        assert "OK 1" in body

        # deciding again sends nothing more; the switch comes back: the second mail
        notifier.plan(T0 + timedelta(minutes=13))
        assert notifier.sender.cycle("mail", T0 + timedelta(minutes=13)) == 0
        switch(layout, T0 + timedelta(minutes=40), up=True)
        alerts.evaluate(layout, config.alerts, T0 + timedelta(minutes=41))
        notifier.plan(T0 + timedelta(minutes=41))
        assert notifier.sender.cycle("mail", T0 + timedelta(minutes=41)) == 1
        ended = server.mailbox.messages[1]
        assert ended["Subject"] == "[Баян-Өндөр сум] дууслаа: #1 Свич-2 ажиллахгүй байна"
        assert "Дууссан: 2026-11-02 16:41, 40 мин үргэлжилсэн" in str(ended.get_content())
        assert len(set(server.mailbox.ids())) == 2
        notifier.stop()


def test_escalation_goes_to_the_second_person_unless_acknowledged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = (
        BAT
        + 'escalate_to = "dorj"\n\n[users.dorj]\nrole = "contact"\nemail = "dorj@soum.mn"\n'
        + "severities = []\n"
    )
    with SmtpServer() as server:
        config = mail_hub(
            tmp_path / "a", server.port, "[notify]\nescalate_minutes = 30\n\n" + people
        )
        notifier = Notifier(config, Layout(config.hub_dir), print, "en")
        down_then_active(config, notifier)
        for minutes in (30, 43):
            notifier.plan(T0 + timedelta(minutes=minutes))
        notifier.sender.cycle("mail", T0 + timedelta(minutes=43))
        assert [m["To"] for m in server.mailbox.messages] == ["bat@soum.mn", "dorj@soum.mn"]
        assert "хариу өгөөгүй" in str(server.mailbox.messages[1]["Subject"])
        notifier.stop()

        # the same, acknowledged in time on the command line: nobody else is told
        second = mail_hub(
            tmp_path / "b", server.port, "[notify]\nescalate_minutes = 30\n\n" + people
        )
        notifier = Notifier(second, Layout(second.hub_dir), print, "en")
        layout = down_then_active(second, notifier)
        monkeypatch.setenv("SOUMNET_CONFIG", str(second.path))
        out = io.StringIO()
        with redirect_stdout(out):
            assert hub_main(["alerts", "ack", "1"]) == 0
        assert "alert #1 acknowledged by" in out.getvalue()
        notifier.plan(T0 + timedelta(minutes=50))
        notifier.sender.cycle("mail", T0 + timedelta(minutes=50))
        assert [m["To"] for m in server.mailbox.messages[2:]] == ["bat@soum.mn"]
        (entry,) = [e for e in audit.entries(layout) if e["action"] == "alert.ack"]
        assert entry["target"] == "#1" and entry["after"]["via"] == "hub"
        notifier.stop()


def test_the_daily_summary_goes_to_management_in_mongolian(tmp_path: Path) -> None:
    people = '[users.darga]\nrole = "contact"\nemail = "darga@soum.mn"\nseverities = []\n'
    people += 'summaries = ["day"]\n'
    with SmtpServer() as server:
        config = mail_hub(tmp_path, server.port, people)
        layout = Layout(config.hub_dir)
        notifier = Notifier(config, layout, print, "en")
        notifier.began = T0 - timedelta(hours=8)  # the hub began on 2 November, local time
        down_then_active(config, notifier)
        switch(layout, T0 + timedelta(minutes=40), up=True)
        alerts.evaluate(layout, config.alerts, T0 + timedelta(minutes=41))
        # 2026-11-03 07:59 local: not yet; 08:00: the summary of 2 November
        before = T0 + timedelta(hours=16) - timedelta(minutes=1)
        assert [m.kind for m in notifier.plan(before)] == []
        (summary,) = notifier.plan(before + timedelta(minutes=1))
        assert summary.kind == "summary" and summary.to == "darga@soum.mn"
        notifier.sender.cycle("mail", before + timedelta(minutes=1))
        (mail,) = server.mailbox.messages
        body = str(mail.get_content())
        assert mail["Subject"] == "[Баян-Өндөр сум] өдрийн тойм, 2026 оны 11 дүгээр сарын 2"
        assert "Доголдол: 1, нийт 0 ц 40 мин" in body
        assert "Свич-2 ажиллахгүй байна, 2026-11-02 16:01–16:41" in body
        assert notifier.plan(before + timedelta(hours=1)) == []  # once
        notifier.stop()


def test_a_wrong_password_and_an_unreachable_server_are_one_clear_line_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "smtp-password"
    secret.write_text("wrong\n")
    said: list[str] = []
    with SmtpServer(password="right") as server:
        config = mail_hub(
            tmp_path / "a", server.port, BAT, f'user = "hub"\npassword_file = "{secret}"\n'
        )
        layout = Layout(config.hub_dir)
        notifier = Notifier(config, layout, said.append, "en")
        down_then_active(config, notifier)
        now = T0 + timedelta(minutes=12)
        assert notifier.sender.cycle("mail", now) == 0
        assert said == [
            f"not sent on mail to bat ([Баян-Өндөр сум] #1 Свич-2 ажиллахгүй байна): the mail"
            f" server 127.0.0.1:{server.port} refused the login of hub: check the user and"
            " password; tried again later"
        ]
        (status,) = notifier.journal.statuses()
        assert status.state == "failed" and status.retry_at is not None
        # the password is put right: the message goes at its retry, once
        secret.write_text("right\n")
        assert notifier.sender.cycle("mail", now + timedelta(seconds=30)) == 0  # not yet due
        assert notifier.sender.cycle("mail", now + timedelta(minutes=2)) == 1
        assert len(server.mailbox.messages) == 1
        notifier.stop()

    port = free_port()  # nothing listens there
    config = mail_hub(tmp_path / "b", port, BAT)
    layout = Layout(config.hub_dir)
    said.clear()
    notifier = Notifier(config, layout, said.append, "en")
    down_then_active(config, notifier)
    notifier.sender.cycle("mail", T0 + timedelta(minutes=12))
    (line,) = said
    assert f"the mail server 127.0.0.1:{port} cannot be reached: " in line
    assert line.endswith("; tried again later")
    notifier.stop()
    # the notification log says the same, in both languages
    monkeypatch.setenv("SOUMNET_CONFIG", str(config.path))
    for lang, words in (("en", "cannot be reached"), ("mn", "холбогдож чадсангүй")):
        out = io.StringIO()
        with redirect_stdout(out):
            assert hub_main(["--lang", lang, "notify", "log"]) == 0
        (row,) = out.getvalue().splitlines()
        assert words in row and "Свич-2" in row


def test_the_month_report_is_mailed_to_the_governors_office_when_made(tmp_path: Path) -> None:
    people = '[users.darga]\nrole = "contact"\nemail = "darga@soum.mn"\nseverities = []\n'
    people += 'reports = ["month"]\n\n[reports]\nperiods = ["month"]\nformats = ["csv", "xlsx"]\n'
    with SmtpServer() as server:
        config = mail_hub(tmp_path, server.port, people)
        layout = Layout(config.hub_dir)
        began = datetime(2026, 10, 1, tzinfo=UTC).timestamp()
        os.utime(layout.marker, (began, began))  # the hub has run since October
        notifier = Notifier(config, layout, print, "en")
        now = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 09:00 on 1 December, local
        assert notifier.plan(now) == []  # not made yet: waited for
        made = schedule.make_due(config, print, "en", now)
        assert [p.name for p in made] == [
            "soumnet-report-2026-11-mn.csv",
            "soumnet-report-2026-11-mn.xlsx",
        ]
        (queued,) = notifier.plan(now)
        assert queued.kind == "report" and notifier.plan(now) == []
        assert notifier.sender.cycle("mail", now) == 1
        (mail,) = server.mailbox.messages
        assert mail["Subject"] == "[Баян-Өндөр сум] тайлан: 2026 оны 11 дүгээр сар"
        files = {part.get_filename(): part.get_content() for part in mail.iter_attachments()}
        assert set(files) == {p.name for p in made}
        assert files["soumnet-report-2026-11-mn.xlsx"] == made[1].read_bytes()
        notifier.stop()
