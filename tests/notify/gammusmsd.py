"""A real gammu-smsd (files backend) over Gammu's dummy phone, in a temporary folder.

The dummy driver keeps the phone in a folder: an SMS file (smsbackup format) in `sms/1/` is an
incoming SMS that smsd reads and deletes. It keeps no copy of what it sends (DUMMY_SendSMS
encodes the frame and reports success), so what the phone was handed is read from smsd's debug
log, where libgammu dumps each part's recipient, user data header and UCS-2 bytes.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from tests.conftest import require_program

FOLDERS = ("inbox", "outbox", "sent", "error")
DUMP = re.compile(r"([0-9A-F]{2}).[| ]")  # byte, its character, separator: 16 a line

Value = TypeVar("Value")


def wait_for(probe: Callable[[], Value], seconds: float = 15.0) -> Value:
    """The first truthy result of `probe`, polled; fails the test after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"still {found!r} after {seconds} s")
        time.sleep(0.1)


@dataclass(frozen=True)
class Transmitted:
    """One SMS the phone was handed, its parts joined (UDH concatenation reference)."""

    number: str
    text: str
    parts: int
    unicode: bool


@dataclass
class Smsd:
    root: Path
    phone_device: str | None = None
    """None: the dummy phone in `root/phone`; else an AT modem at this (missing) device"""
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def config(self) -> Path:
        return self.root / "smsdrc"

    @property
    def phone(self) -> Path:
        return self.root / "phone"

    @property
    def log(self) -> Path:
        return self.root / "smsd.log"

    def folder(self, name: str) -> Path:
        return self.root / "spool" / name

    def write_config(self) -> Path:
        for name in FOLDERS:
            self.folder(name).mkdir(parents=True, exist_ok=True)
        for number in range(1, 6):
            (self.phone / "sms" / str(number)).mkdir(parents=True, exist_ok=True)
        if self.phone_device is None:
            phone = f"model = dummy\nconnection = none\ndevice = {self.phone}/\n"
        else:
            phone = f"connection = at\ndevice = {self.phone_device}\n"
        paths = "".join(
            f"{key} = {self.folder(name)}/\n"
            for key, name in zip(
                ("InboxPath", "OutboxPath", "SentSMSPath", "ErrorSMSPath"), FOLDERS, strict=True
            )
        )
        self.config.write_text(
            f"[gammu]\n{phone}logformat = textall\n\n"
            f"[smsd]\nService = files\nLogFile = {self.log}\nDebugLevel = 255\n"
            "CommTimeout = 1\nReceiveFrequency = 1\nStatusFrequency = 1\nLoopSleep = 1\n"
            "CheckSecurity = 0\nTransmitFormat = auto\nInboxFormat = unicode\n" + paths,
            encoding="utf-8",
        )
        return self.config

    def start(self) -> None:
        program = require_program("gammu-smsd")
        require_program("gammu-smsd-monitor")
        self.write_config()
        logged = self.log.stat().st_size if self.log.exists() else 0
        self.process = subprocess.Popen(
            [program, "-c", str(self.config)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )
        wait_for(lambda: "Starting phone" in self.read_log()[logged:], 10)

    def stop(self) -> None:
        """SIGTERM, as systemd stops it: smsd finishes its loop and removes its shared memory."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.process = None

    def read_log(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def incoming(self, sender: str, text: str, location: int = 1) -> None:
        """An SMS arriving at the phone: a smsbackup file in the phone's inbox folder (1)."""
        sent = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        body = (
            "[SMSBackup000]\n"
            'SMSC = "+97611000000"\n'
            "State = UnRead\n"
            f'Number = "{sender}"\n'
            "Coding = Unicode\n"
            "Folder = 1\n"
            "PDU = Deliver\n"
            f"Sent = {sent}\n"
            f"Text00 = {text.encode('utf-16-be').hex().upper()}\n"
        )
        staged = self.phone / f".incoming-{location}"
        staged.write_text(body, encoding="ascii")
        staged.rename(self.phone / "sms" / "1" / str(location))

    def transmitted(self) -> list[Transmitted]:
        """Every SMS the phone was handed, in order, from libgammu's trace of GSM_SendSMS.
        smsd hands over the parts of one message one after another; they are joined by that
        order, not by the concatenation reference, which Gammu makes from the clock second
        (two long messages encoded in the same second share it)."""
        found: list[Transmitted] = []
        texts: list[str] = []
        lines = [line.split(" gammu: ", 1)[-1] for line in self.read_log().splitlines()]
        for start in (i for i, line in enumerate(lines) if line == "SMS Submit"):
            if "Leaving GSM_SendSMS" not in lines[start:]:
                break  # smsd is still writing it
            block = lines[start : lines.index("Leaving GSM_SendSMS", start)]
            number = next(
                line.split('"')[1] for line in block if line.startswith("Recipient number")
            )
            total, seq = 1, 1
            if "UDH, length 6" in block:  # 05 00 03 reference total seq
                total, seq = _dump(block, block.index("UDH, length 6") + 1)[4:6]
            unicode = any(line.startswith("Unicode SMS") for line in block)
            if unicode:
                at = next(i for i, line in enumerate(block) if line.startswith("Unicode SMS"))
                texts.append(bytes(_dump(block, at + 1)).decode("utf-16-be"))
            else:
                at = next(i for i, line in enumerate(block) if line.startswith("7 bit SMS"))
                texts.append(block[at + 1])
            assert seq == len(texts), f"part {seq} of {total} came after {len(texts) - 1} parts"
            if seq == total:
                found.append(Transmitted(number, "".join(texts), parts=total, unicode=unicode))
                texts = []
        return found


def _dump(block: list[str], start: int) -> list[int]:
    """The bytes of libgammu's hex dump that begins after the empty line at `start`."""
    found: list[int] = []
    for line in block[start + 1 :]:
        row = []
        for offset in range(0, 64, 4):
            chunk = DUMP.fullmatch(line[offset : offset + 4])
            if chunk is None:
                break
            row.append(int(chunk[1], 16))
        if not row:
            break
        found.extend(row)
    return found
