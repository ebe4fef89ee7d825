"""The SMS channel against a real gammu-smsd (files backend) over Gammu's dummy phone."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inventory.notify.channels.base import DeliveryFailed
from inventory.notify.channels.gammu import GammuChannel, GammuSettings, sms_parts
from tests.conftest import require_program
from tests.notify.gammusmsd import Smsd, Transmitted, wait_for

pytestmark = pytest.mark.integration

TEXT = "ТАСАРСАН: Свич-2 14:05 #17. OK 17 гэж хариулна уу"
NUMBER = "+97699112233"


@pytest.fixture
def daemons() -> Iterator[list[Smsd]]:
    """The daemons a test starts, stopped however the test ends."""
    started: list[Smsd] = []
    yield started
    for daemon in started:
        daemon.stop()


@pytest.fixture
def smsd(tmp_path: Path, daemons: list[Smsd]) -> Smsd:
    daemons.append(Smsd(tmp_path / "smsd"))
    daemons[-1].start()
    return daemons[-1]


def channel(daemon: Smsd, max_parts: int = 2, wait_minutes: float = 30.0) -> GammuChannel:
    return GammuChannel(GammuSettings(daemon.config, max_parts, wait_minutes))


def failure(call: Callable[..., object], *args: str) -> DeliveryFailed:
    with pytest.raises(DeliveryFailed) as raised:
        call(*args)
    return raised.value


def test_sms_parts_count_as_gsm_does() -> None:
    assert sms_parts("a" * 160) == 1 and sms_parts("a" * 161) == 2
    assert sms_parts("a" * 306) == 2 and sms_parts("a" * 307) == 3
    assert sms_parts("€" * 80) == 1 and sms_parts("€" * 81) == 2  # two septets each
    assert sms_parts("ж" * 70) == 1 and sms_parts("ж" * 71) == 2
    assert sms_parts("ж" * 134) == 2 and sms_parts("ж" * 135) == 3
    assert sms_parts("a" * 150 + "ө") == 3  # one Cyrillic letter makes all of it UCS-2


def test_a_mongolian_sms_reaches_the_phone_as_written(smsd: Smsd) -> None:
    sms = channel(smsd, max_parts=3)
    wait_for(lambda: sms.check() is None)
    latin = "Switch-2 down 14:05 #17 {reply OK 17}. " * 4 + "x" * 6  # 170 septets
    long_mn = TEXT + " " + TEXT[:21]  # 71 characters: two parts in UCS-2
    for key, text in (("a17-down-p1", TEXT), ("a17-down-p2", long_mn), ("a17-down-p3", latin)):
        sms.send(key, NUMBER, text)
        assert sms.state(key) in {"queued", "sent"}
    wait_for(lambda: all(sms.state(f"a17-down-p{n}") == "sent" for n in (1, 2, 3)))
    wait_for(lambda: len(smsd.transmitted()) == 3)  # its log may lag behind the files
    assert smsd.transmitted() == [
        Transmitted(NUMBER, TEXT, parts=1, unicode=True),
        Transmitted(NUMBER, long_mn, parts=sms_parts(long_mn), unicode=True),
        Transmitted(NUMBER, latin, parts=sms_parts(latin), unicode=False),
    ]
    assert [sms_parts(long_mn), sms_parts(latin)] == [2, 2]
    assert sms.check() is None


def test_the_same_key_never_queues_a_second_sms(smsd: Smsd) -> None:
    sms = channel(smsd)
    sms.send("a17-down-p1", "+976 9911-2233", TEXT)
    sms.send("a17-down-p1", NUMBER, TEXT)  # still in smsd's outbox
    assert len(os.listdir(smsd.folder("outbox"))) <= 1
    wait_for(lambda: sms.state("a17-down-p1") == "sent")
    sms.send("a17-down-p1", NUMBER, TEXT)  # already moved to sent
    assert os.listdir(smsd.folder("outbox")) == []
    (leftover,) = os.listdir(smsd.folder("sent"))
    assert leftover.endswith(f"_{NUMBER}_a17-down-p1.txt")
    wait_for(lambda: "Renamed" in smsd.read_log())
    assert smsd.transmitted() == [Transmitted(NUMBER, TEXT, parts=1, unicode=True)]
    assert sms.state("a17-other") == "absent" and not sms.stale("a17-down-p1")


def test_an_answer_is_received_once(smsd: Smsd) -> None:
    sms = channel(smsd)
    before = datetime.now(UTC).replace(microsecond=0)
    smsd.incoming(NUMBER, "OK 17")
    (answer,) = wait_for(sms.received)
    assert (answer.sender, answer.text) == (NUMBER, "OK 17")
    assert answer.when.tzinfo is UTC and answer.when >= before
    assert os.listdir(smsd.phone / "sms" / "1") == []  # smsd took it off the phone
    sms.done(answer.id)
    assert sms.received() == []
    sms.done(answer.id)  # a second time (a hub killed before it noted the first) is harmless
    assert [name.startswith(answer.id) for name in os.listdir(smsd.root / "spool" / "handled")] == [
        True
    ]
    smsd.incoming(NUMBER, "ok 18 за", location=2)
    (second,) = wait_for(sms.received)
    assert (second.text, second.id != answer.id) == ("ok 18 за", True)


def test_the_parts_of_a_long_answer_are_joined_and_a_file_being_written_waits(
    tmp_path: Path,
) -> None:
    daemon = Smsd(tmp_path)
    daemon.write_config()
    sms = channel(daemon)
    inbox = daemon.folder("inbox")
    first, second = "OK 17 " + "ж" * 61, "болно"
    for part, text in enumerate((first, second)):  # as Gammu 1.42 writes them: zeros after
        data = b"\xfe\xff" + text.encode("utf-16-be") + b"\0\0" * len(text)
        (inbox / f"IN20261204_140500_00_{NUMBER}_{part:02d}.txt").write_bytes(data)
    (inbox / "IN20261204_140501_00_+97688112233_00.txt").write_bytes(b"")  # just created
    earlier = time.time() - 5
    for path in inbox.iterdir():
        os.utime(path, (earlier, earlier))
    (inbox / "IN20261204_140502_00_+97688112233_00.txt").write_bytes(b"\xfe\xff\0O")  # just now
    (answer,) = sms.received()
    assert (answer.id, answer.sender) == (f"IN20261204_140500_00_{NUMBER}", NUMBER)
    assert answer.text == first + second
    assert abs(answer.when.timestamp() - earlier) < 1 and answer.when.tzinfo is UTC
    sms.done(answer.id)
    assert sorted(os.listdir(daemon.root / "spool" / "handled")) == [
        f"{answer.id}_00.txt",
        f"{answer.id}_01.txt",
    ]
    time.sleep(1)
    assert [(item.sender, item.text) for item in sms.received()] == [("+97688112233", "O")]


def test_a_number_that_is_not_a_number_and_a_text_too_long(tmp_path: Path) -> None:
    daemon = Smsd(tmp_path)
    daemon.write_config()
    sms = channel(daemon)
    bad = failure(sms.send, "k1", "99-11-22-3x", TEXT)
    assert bad.retry is False
    assert bad.problem.text("en") == (
        "99-11-22-3x is not a phone number (digits with an optional + in front, e.g. +97699112233)"
    )
    assert bad.problem.text("mn").startswith("99-11-22-3x бол утасны дугаар биш")
    long = failure(sms.send, "k2", NUMBER, TEXT * 3)
    assert long.retry is False
    assert long.problem.text("en").startswith(
        f"the SMS to {NUMBER} needs 3 parts, at most 2 are allowed (147 characters;"
    )
    assert long.problem.text("mn").startswith(f"{NUMBER} руу илгээх SMS 3 хэсэг болж байна")
    assert os.listdir(daemon.folder("outbox")) == []


def test_missing_or_unwritable_folders_and_configuration(tmp_path: Path) -> None:
    daemon = Smsd(tmp_path)
    config = daemon.write_config()
    sms = channel(daemon)
    daemon.folder("outbox").rmdir()
    missing = failure(sms.send, "k1", NUMBER, TEXT)
    assert missing.retry is True
    outbox = daemon.folder("outbox")
    assert missing.problem.text("en") == (
        f"gammu-smsd's OutboxPath folder {outbox} does not exist (see GAMMU.md)"
    )
    assert missing.problem.text("mn") == (
        f"gammu-smsd-ийн OutboxPath хавтас {outbox} байхгүй байна (GAMMU.md-г үзнэ үү)"
    )
    read_only = Path("/sys") if os.geteuid() == 0 else tmp_path / "read-only"
    if os.geteuid() != 0:
        read_only.mkdir()
        read_only.chmod(0o555)
    config.write_text(
        config.read_text(encoding="utf-8").replace(f"{outbox}/", f"{read_only}/"),
        encoding="utf-8",
    )
    unwritable = failure(sms.send, "k1", NUMBER, TEXT)
    assert unwritable.retry is True
    assert unwritable.problem.text("en").startswith(
        f"cannot write into gammu-smsd's OutboxPath folder {read_only}: "
    )
    assert unwritable.problem.text("mn").startswith(
        f"gammu-smsd-ийн OutboxPath хавтас {read_only}-д бичиж чадахгүй: "
    )
    config.write_text(
        config.read_text(encoding="utf-8").replace("TransmitFormat = auto", ""),
        encoding="utf-8",
    )
    unset = failure(sms.send, "k1", NUMBER, TEXT)
    assert unset.problem.text("en") == f"{config}: [smsd] TransmitFormat is not set (see GAMMU.md)"
    config.unlink()
    gone = failure(sms.send, "k1", NUMBER, TEXT)
    assert gone.retry is True
    assert gone.problem.text("en") == (
        f"cannot read gammu-smsd's configuration {config}: No such file or directory"
    )
    assert gone.problem.text("mn").startswith(f"gammu-smsd-ийн тохиргоо {config}-г уншиж")


def test_check_says_when_smsd_is_not_running(tmp_path: Path, daemons: list[Smsd]) -> None:
    require_program("gammu-smsd-monitor")
    daemon = Smsd(tmp_path)
    daemons.append(daemon)
    daemon.write_config()
    problem = channel(daemon).check()
    assert problem is not None
    assert problem.text("en") == (
        f"gammu-smsd is not running with {daemon.config} (start it: systemctl start gammu-smsd)"
    )
    assert problem.text("mn") == (
        f"gammu-smsd {daemon.config} тохиргоогоор ажиллахгүй байна (асаах: systemctl start"
        " gammu-smsd)"
    )
    daemon.start()
    sms = channel(daemon)
    wait_for(lambda: sms.check() is None)
    assert daemon.process is not None
    daemon.process.kill()  # SIGKILL leaves smsd's status memory behind, with its last status
    daemon.process.wait()
    killed = sms.check()
    assert killed is not None and killed.text("en") == problem.text("en")
    daemon.start()  # and a new smsd takes the memory over (and removes it when it stops)
    wait_for(lambda: sms.check() is None)
    daemon.stop()


def test_a_missing_modem_leaves_the_sms_queued_and_says_so(
    tmp_path: Path, daemons: list[Smsd]
) -> None:
    device = tmp_path / "ttyUSB-unplugged"
    daemon = Smsd(tmp_path / "smsd", phone_device=str(device))
    daemons.append(daemon)
    daemon.start()
    sms = channel(daemon, wait_minutes=0.05)
    sms.send("a17-down-p1", NUMBER, TEXT)
    assert sms.state("a17-down-p1") == "queued" and sms.stale("a17-down-p1") is None
    wait_for(lambda: "Error at init connection" in daemon.read_log())
    stale = wait_for(lambda: sms.stale("a17-down-p1"), seconds=8)
    assert sms.state("a17-down-p1") == "queued"
    assert stale.text("en").startswith(
        f"the SMS to {NUMBER} has waited 0 minutes in gammu-smsd's outbox: is the modem plugged in"
    )
    assert stale.text("mn").startswith(f"{NUMBER} руу илгээх SMS gammu-smsd-ийн илгээх")
    problem = sms.check()
    assert problem is not None
    assert problem.text("en") == (
        f"gammu-smsd runs but does not reach the modem at {device}: is it plugged in?"
        " (gammu-smsd's log says why)"
    )
    assert problem.text("mn").startswith(f"gammu-smsd ажиллаж байгаа ч {device} дээрх")
    daemon.stop()
    assert daemon.transmitted() == []
