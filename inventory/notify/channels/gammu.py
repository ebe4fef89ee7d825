"""SMS through the office's GSM modem, by way of gammu-smsd's files backend.

The hub never talks to the modem itself: it puts one file per SMS into smsd's outbox folder
and reads the files smsd puts into its inbox folder. The folders are the queue between the
two, so the SMS keeps going while the internet is down, a hub restart loses nothing, and an
unplugged modem only makes messages wait (which `stale` reports). GAMMU.md beside this file
describes the set-up and every file format used here.
"""

from __future__ import annotations

import configparser
import math
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from foundation.atomicio import commit, discard, fsync_dir, stage_bytes
from foundation.i18n import Problem
from inventory.notify.channels.base import DeliveryFailed
from inventory.notify.channels.gammu_messages import T

# GSM 03.38: the default alphabet (one septet each) and its extension table (two septets)
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

SmsState = Literal["absent", "queued", "sent", "error"]
KEY = re.compile(r"[A-Za-z0-9_-]{1,40}")
NUMBER = re.compile(r"\+?[0-9]{3,20}")
NUMBER_SPACING = re.compile(r"[\s().-]")
# what send() writes: OUT<priority><date>_<time>_<serial>_<number>_<key>.txt (UTC date/time)
OUTBOX_NAME = re.compile(
    r"OUT[A-Z](?P<stamp>\d{8}_\d{6})_\d{2}_(?P<number>[^_]+)_(?P<key>[A-Za-z0-9_-]{1,40})\.txt"
)
# what smsd writes: IN<date>_<time>_<serial>_<sender>_<part>.txt, one file per part
INBOX_NAME = re.compile(r"(?P<id>IN\d{8}_\d{6}_\d{2}_(?P<sender>.+))_(?P<part>\d{2})\.txt")
INCOMING_ID = re.compile(r"IN\d{8}_\d{6}_\d{2}_[^/\\\0]+")
STAMP = "%Y%m%d_%H%M%S"
SETTLE_SECONDS = 1.0
"""smsd writes the parts of a long SMS one after another: a group this young may be growing."""
MONITOR_SECONDS = 15.0
HANDLED = "handled"


def sms_parts(text: str) -> int:
    """How many SMS parts gammu-smsd makes of `text` (TransmitFormat = auto): GSM-7 when every
    character is in GSM 03.38 (160 septets in one part, 153 per part when several; extension
    characters take two), else UCS-2 (70 UTF-16 units in one part, 67 per part)."""
    if all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text):
        septets = sum(2 if c in GSM7_EXTENSION else 1 for c in text)
        return 1 if septets <= 160 else math.ceil(septets / 153)
    units = len(text.encode("utf-16-be")) // 2
    return 1 if units <= 70 else math.ceil(units / 67)


@dataclass(frozen=True)
class GammuSettings:
    """The `[notify.channels.NAME]` table with `type = "gammu"`."""

    smsd_config: Path
    """gammu-smsd's configuration file (files backend); the folders are read from it"""
    max_parts: int = 2
    """the longest SMS, in parts"""
    wait_minutes: float = 30.0
    """an SMS still in smsd's outbox after this long is reported (modem missing?)"""


@dataclass(frozen=True)
class Incoming:
    """An SMS the modem received. `id` names it for `done`; `when` is when smsd stored it."""

    id: str
    sender: str
    text: str
    when: datetime


@dataclass(frozen=True)
class _Smsd:
    """What the hub needs from smsd's configuration file."""

    inbox: Path
    outbox: Path
    sent: Path
    error: Path
    device: str


class GammuChannel:
    """One GSM modem under gammu-smsd. Holds no state: every call reads smsd's configuration
    and folders again, so a corrected configuration needs no hub restart."""

    internet = False

    def __init__(self, settings: GammuSettings) -> None:
        self.settings = settings

    # --- sending -------------------------------------------------------------------------

    def send(self, key: str, to: str, text: str) -> None:
        """Hand one SMS to gammu-smsd. `key` ([A-Za-z0-9_-], at most 40 characters) makes it
        idempotent: when smsd already holds that key in its outbox, sent or error folder,
        nothing is written. The file appears whole (temporary name starting with a dot, which
        smsd skips, then a rename). Raises DeliveryFailed."""
        _check_key(key)
        number = _number(to)
        if not text:
            raise DeliveryFailed(Problem(T, "gammu.empty_text", number=number), retry=False)
        parts = sms_parts(text)
        if parts > self.settings.max_parts:
            problem = Problem(
                T,
                "gammu.too_long",
                number=number,
                parts=parts,
                max_parts=self.settings.max_parts,
                chars=len(text),
            )
            raise DeliveryFailed(problem, retry=False)
        try:
            smsd = self._smsd()
            if self._find(smsd, key) is not None:
                return
        except Problem as unusable:
            raise DeliveryFailed(unusable, retry=True) from None
        stamp = datetime.now(UTC).strftime(STAMP)
        path = smsd.outbox / f"OUTA{stamp}_00_{number}_{key}.txt"
        try:
            _discard_leftovers(smsd.outbox, key)
            # UTF-16 with a byte order mark: smsd reads it without asking the locale
            commit(stage_bytes(path, text.encode("utf-16"), mode=0o664), path)
        except OSError as exc:
            problem = Problem(
                T,
                "gammu.folder_unwritable",
                name="OutboxPath",
                folder=smsd.outbox,
                reason=exc.strerror or exc,
            )
            raise DeliveryFailed(problem, retry=True) from None

    def state(self, key: str) -> SmsState:
        """One of absent, queued (in smsd's outbox), sent, or error (smsd gave up on it: another
        attempt needs another key). Raises Problem when smsd's configuration is unusable."""
        _check_key(key)
        found = self._find(self._smsd(), key)
        return "absent" if found is None else found[0]

    def stale(self, key: str) -> Problem | None:
        """The clear line when the SMS has waited in smsd's outbox longer than
        `wait_minutes` (the modem is missing or cannot send), else None; usable as a bool."""
        _check_key(key)
        found = self._find(self._smsd(), key)
        if found is None or found[0] != "queued":
            return None
        return self._overdue(found[1])

    def _overdue(self, path: Path) -> Problem | None:
        match = OUTBOX_NAME.fullmatch(path.name)
        if match is None:
            return None
        queued = datetime.strptime(match["stamp"], STAMP).replace(tzinfo=UTC)
        waited = (datetime.now(UTC) - queued).total_seconds() / 60
        if waited < self.settings.wait_minutes:
            return None
        return Problem(T, "gammu.stale", number=match["number"], minutes=math.floor(waited))

    def _find(self, smsd: _Smsd, key: str) -> tuple[SmsState, Path] | None:
        """Where smsd holds the SMS with `key`. The outbox is listed first: smsd renames
        outbox -> sent/error, so a message moving meanwhile is seen in one of them."""
        where: tuple[tuple[SmsState, str, Path], ...] = (
            ("queued", "OutboxPath", smsd.outbox),
            ("sent", "SentSMSPath", smsd.sent),
            ("error", "ErrorSMSPath", smsd.error),
        )
        for state, name, folder in where:
            for file in _listdir(folder, name):
                match = OUTBOX_NAME.fullmatch(file)
                if match is not None and match["key"] == key:
                    return state, folder / file
        return None

    # --- receiving -----------------------------------------------------------------------

    def received(self) -> list[Incoming]:
        """The SMS smsd has put into its inbox and the hub has not marked `done`, oldest
        first; the parts of a long SMS are joined. Raises Problem."""
        smsd = self._smsd()
        groups: dict[tuple[str, str], list[tuple[int, Path]]] = {}
        for name in _listdir(smsd.inbox, "InboxPath"):
            if match := INBOX_NAME.fullmatch(name):
                part = (int(match["part"]), smsd.inbox / name)
                groups.setdefault((match["id"], match["sender"]), []).append(part)
        now = datetime.now(UTC).timestamp()
        found = []
        try:
            for (incoming_id, sender), parts in groups.items():
                stats = [path.stat() for _, path in sorted(parts)]
                newest = max(stat.st_mtime for stat in stats)
                if any(stat.st_size == 0 for stat in stats) or now - newest < SETTLE_SECONDS:
                    continue  # smsd may still be writing it or its other parts: next time
                text = "".join(_inbox_text(path.read_bytes()) for _, path in sorted(parts))
                when = datetime.fromtimestamp(stats[0].st_mtime, UTC)
                found.append(Incoming(incoming_id, sender, text, when))
        except OSError as exc:
            raise Problem(
                T, "gammu.folder_unreadable", name="InboxPath", folder=smsd.inbox, reason=exc
            ) from None
        return sorted(found, key=lambda item: (item.when, item.id))

    def done(self, incoming_id: str) -> None:
        """The hub has handled it: move its files into `handled/` beside the inbox, so it is
        never returned again. An id already moved is no error. Raises Problem."""
        if not INCOMING_ID.fullmatch(incoming_id):
            raise ValueError(f"not an incoming SMS id: {incoming_id!r}")
        smsd = self._smsd()
        handled = smsd.inbox.parent / HANDLED
        for name in _listdir(smsd.inbox, "InboxPath"):
            match = INBOX_NAME.fullmatch(name)
            if match is None or match["id"] != incoming_id:
                continue
            try:
                handled.mkdir(exist_ok=True)
                os.replace(smsd.inbox / name, handled / name)
            except OSError as exc:
                raise Problem(
                    T, "gammu.move_failed", file=name, folder=handled, reason=exc.strerror or exc
                ) from None
        fsync_dir(smsd.inbox)
        if handled.is_dir():
            fsync_dir(handled)

    # --- `notify test` -------------------------------------------------------------------

    def check(self) -> Problem | None:
        """Is smsd running with this configuration, does it reach the modem, and is nothing
        overdue in its outbox? None when all is well, else the one clear line."""
        try:
            smsd = self._smsd()
        except Problem as problem:
            return problem
        config = self.settings.smsd_config
        monitor = shutil.which("gammu-smsd-monitor")
        if monitor is None:
            return Problem(T, "gammu.monitor_missing")
        try:  # smsd publishes its state in shared memory keyed by its configuration file
            done = subprocess.run(
                [monitor, "-c", str(config), "-n", "1", "-d", "0", "-C"],
                capture_output=True,
                text=True,
                errors="replace",
                timeout=MONITOR_SECONDS,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return Problem(T, "gammu.monitor_failed", reason=exc)
        output = (done.stdout + done.stderr).strip().splitlines()
        if done.returncode != 0:  # its log lines and its error go to standard output
            if any("shared memory" in line for line in output) or _abandoned(config):
                return Problem(T, "gammu.not_running", file=config)
            reason = output[-1] if output else f"exit status {done.returncode}"
            return Problem(T, "gammu.monitor_failed", reason=reason)
        # -C: client;phone ID;IMEI;sent;received;failed;battery;signal (the client has no ';')
        rows = [line.rsplit(";", 7) for line in output if line.count(";") >= 7]
        if not rows:
            return Problem(T, "gammu.monitor_failed", reason=output[-1] if output else "-")
        if _abandoned(config):
            return Problem(T, "gammu.not_running", file=config)
        if not rows[-1][2].strip():
            return Problem(T, "gammu.no_phone", device=smsd.device)
        try:
            names = _listdir(smsd.outbox, "OutboxPath")
        except Problem as unreadable:
            return unreadable
        overdue = (self._overdue(smsd.outbox / name) for name in names)
        return next((problem for problem in overdue if problem is not None), None)

    # --- smsd's configuration ------------------------------------------------------------

    def _smsd(self) -> _Smsd:
        """The folders from smsd's configuration, checked; raises Problem."""
        file = self.settings.smsd_config
        parser = configparser.ConfigParser(
            interpolation=None, strict=False, allow_no_value=True, comment_prefixes=("#", ";")
        )
        try:
            with open(file, encoding="utf-8", errors="replace") as stream:
                parser.read_file(stream)
        except (OSError, configparser.Error) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise Problem(T, "gammu.config_unreadable", file=file, reason=reason) from None
        # gammu's own reader ignores the case of section and key names
        sections = {name.lower(): dict(parser[name]) for name in parser.sections()}
        smsd = sections.get("smsd", {})
        gammu = sections.get("gammu", {})

        def value(name: str) -> str:
            found = (smsd.get(name.lower()) or "").strip()
            if not found:
                raise Problem(T, "gammu.setting_missing", file=file, name=name)
            return found

        for name, wanted in (
            ("Service", "files"),
            ("TransmitFormat", "auto"),
            ("InboxFormat", "unicode"),
        ):
            if value(name).lower() != wanted:
                raise Problem(
                    T, "gammu.setting_wrong", file=file, name=name, value=value(name), wanted=wanted
                )
        folders = {}
        for name in ("InboxPath", "OutboxPath", "SentSMSPath", "ErrorSMSPath"):
            text = value(name)
            if not (os.path.isabs(text) and text.endswith(("/", os.sep))):
                raise Problem(T, "gammu.path_relative", file=file, name=name, value=text)
            folder = Path(text)
            if not folder.is_dir():
                raise Problem(T, "gammu.folder_missing", name=name, folder=folder)
            folders[name] = folder
        for name in ("SentSMSPath", "ErrorSMSPath"):
            if folders[name].resolve() == folders["OutboxPath"].resolve():
                raise Problem(T, "gammu.same_folder", file=file, name=name)
        return _Smsd(
            inbox=folders["InboxPath"],
            outbox=folders["OutboxPath"],
            sent=folders["SentSMSPath"],
            error=folders["ErrorSMSPath"],
            device=(gammu.get("device") or gammu.get("port") or "").strip(),  # port: old name
        )


def _listdir(folder: Path, name: str) -> list[str]:
    """The file names in one of smsd's folders, sorted; raises Problem."""
    try:
        return sorted(os.listdir(folder))
    except OSError as exc:
        raise Problem(
            T, "gammu.folder_unreadable", name=name, folder=folder, reason=exc.strerror or exc
        ) from None


def _check_key(key: str) -> None:
    if not KEY.fullmatch(key):
        raise ValueError(f"an idempotency key is 1-40 of [A-Za-z0-9_-]: {key!r}")


def _number(to: str) -> str:
    """The number as smsd takes it in a file name: digits, an optional leading +; spaces,
    dots, dashes and brackets that people write in numbers are dropped."""
    number = NUMBER_SPACING.sub("", to)
    if not NUMBER.fullmatch(number):
        raise DeliveryFailed(Problem(T, "gammu.bad_number", number=to), retry=False)
    return number


def _discard_leftovers(outbox: Path, key: str) -> None:
    """A hub killed between writing and renaming leaves a hidden temporary file: remove it."""
    for name in os.listdir(outbox):
        if name.startswith(".OUT") and name.endswith(".tmp") and f"_{key}.txt." in name:
            discard(outbox / name)


def _abandoned(config: Path) -> bool:
    """True when no gammu-smsd holds its status memory any more. smsd keeps its status in
    System V shared memory keyed by ftok(configuration file, 1) (the id is 1 in Gammu 1.42:
    `0xfa << 16 || version`); one killed with SIGKILL leaves the segment behind, and
    gammu-smsd-monitor reads its last status as if all were well. On Linux the segment's
    attach count says whether a daemon still holds it; elsewhere this cannot tell (False)."""
    try:
        found = os.stat(config)
        rows = Path("/proc/sysvipc/shm").read_text(encoding="ascii").splitlines()[1:]
    except OSError:
        return False
    key = (1 << 24) | ((found.st_dev & 0xFF) << 16) | (found.st_ino & 0xFFFF)
    for row in rows:  # key shmid perms size cpid lpid nattch ...
        fields = row.split()
        if len(fields) > 6 and int(fields[0]) & 0xFFFFFFFF == key:
            return fields[6] == "0"
    return False


def _inbox_text(data: bytes) -> str:
    """InboxFormat = unicode: UTF-16 after a byte order mark; without one (InboxFormat =
    standard under a UTF-8 locale) the bytes are read as UTF-8. The text ends at the first
    U+0000: Gammu 1.42 writes the text with as many units as its UTF-8 form has bytes, so a
    Cyrillic SMS is followed by zeros (fixed upstream after 1.42, commit 239d7c8e8)."""
    if data[:2] in (b"\xfe\xff", b"\xff\xfe"):
        text = data.decode("utf-16", errors="replace")
    else:
        text = data.decode("utf-8", errors="replace")
    return text.split("\x00", 1)[0]
