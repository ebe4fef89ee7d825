"""The durable queue of notifications: one append-only journal, `<data>/store/notify.jsonl`.

Each line is one JSON object (UTF-8, no line breaks inside) with `op` and `key` (the
message's idempotency key) and `at` (UTC time):

| op | fields | meaning |
| --- | --- | --- |
| `queue` | every field of `Message` | a message decided on by `serve` (its key is new) |
| `try` | | a send began (a crash after it leaves the message `sending`) |
| `sent` | | the channel took the message |
| `failed` | `reason` ({"en", "mn"}), `retry_at` (a time, or null: given up) | a send failed |
| `folded` | `into` (the key of a digest) | the message went as part of a digest instead |

The state of a message is its `queue` line updated by each later line of its key, in file
order. Only `serve` appends (its planner and its senders, one thread per channel, under one
lock); a line is written with one `write` to a file opened for appending, so a killed `serve`
leaves at most a torn last line, which readers skip and the next writer ends with a line
break. A queued line is flushed to the disk before the message can be sent; others too, so a
restart repeats at most the send that was under way (`sending`). The journal is rewritten
(atomically: temp file, fsync, rename) keeping only unfinished messages and those of the
last `keep_days`, once a day.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from foundation import atomicio
from foundation.wire import format_ts, parse_ts

KINDS = ("alert", "end", "escalate", "summary", "report", "digest", "test", "ack")
STATES = ("queued", "sending", "sent", "failed", "folded")


@dataclass(frozen=True)
class Message:
    """One message to one person on one channel, its text made when it was decided on."""

    key: str
    kind: str
    person: str
    channel: str
    to: str
    subject: str
    text: str
    line: str
    """The message in one short line, for a digest of several."""
    created: datetime
    not_before: datetime | None = None
    """Held until then (quiet hours)."""
    alert: str | None = None
    no: int | None = None
    attach: tuple[str, ...] = ()
    """Files sent with it (a period report)."""

    def to_json(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["created"] = format_ts(self.created)
        out["not_before"] = format_ts(self.not_before) if self.not_before else None
        out["attach"] = list(self.attach)
        return out

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> Message:
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in doc.items() if k in names}
        values["created"] = parse_ts(doc["created"])
        values["not_before"] = parse_ts(doc["not_before"]) if doc.get("not_before") else None
        values["attach"] = tuple(str(f) for f in doc.get("attach") or ())
        return cls(**values)


@dataclass
class Status:
    """Where one message stands."""

    message: Message
    state: str = "queued"
    attempts: int = 0
    last_try: datetime | None = None
    sent_at: datetime | None = None
    retry_at: datetime | None = None
    reason: dict[str, str] = field(default_factory=dict)
    folded_into: str | None = None

    @property
    def key(self) -> str:
        return self.message.key

    @property
    def waiting(self) -> bool:
        """Still to be sent (also: tried again after a failure, or cut off by a crash)."""
        if self.state in ("queued", "sending"):
            return True
        return self.state == "failed" and self.retry_at is not None

    def due(self, now: datetime) -> bool:
        if not self.waiting:
            return False
        if self.message.not_before and self.message.not_before > now:
            return False
        return not (self.state == "failed" and self.retry_at and self.retry_at > now)

    @property
    def finished_at(self) -> datetime | None:
        if self.waiting:
            return None
        return self.sent_at or self.last_try or self.message.created


def _apply(found: dict[str, Status], line: Mapping[str, Any]) -> None:
    op, key = line.get("op"), line.get("key")
    if not isinstance(key, str):
        return
    if op == "queue":
        if key not in found:
            found[key] = Status(Message.from_json(line))
        return
    status = found.get(key)
    if status is None:
        return
    at = parse_ts(line["at"])
    if op == "try":
        status.state, status.attempts, status.last_try = "sending", status.attempts + 1, at
    elif op == "sent":
        status.state, status.sent_at, status.retry_at = "sent", at, None
        status.reason = {}
    elif op == "failed":
        status.state = "failed"
        status.reason = dict(line.get("reason") or {})
        status.retry_at = parse_ts(line["retry_at"]) if line.get("retry_at") else None
    elif op == "folded":
        status.state, status.folded_into, status.retry_at = "folded", line.get("into"), None


def _lines(raw: bytes) -> Iterator[dict[str, Any]]:
    for text in raw.split(b"\n"):
        try:
            line = json.loads(text)
        except ValueError:
            continue  # a torn last line of a killed writer
        if isinstance(line, dict):
            yield line


def read(path: Path) -> dict[str, Status]:
    """Every message in the journal and its state, in the order queued (a reader's copy)."""
    found: dict[str, Status] = {}
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return found
    for line in _lines(raw):
        with contextlib.suppress(KeyError, TypeError, ValueError):
            _apply(found, line)
    return found


class Journal:
    """`serve`'s handle on the journal: the state in memory, every change appended."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._found = read(path)
        self._fd: int | None = None

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def _open(self) -> int:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            size = os.fstat(fd).st_size
            if size:
                with open(self.path, "rb") as handle:
                    handle.seek(size - 1)
                    if handle.read(1) != b"\n":
                        os.write(fd, b"\n")  # end a torn last line
            self._fd = fd
        return self._fd

    def _append(self, lines: Iterable[Mapping[str, Any]]) -> None:
        """Caller holds the lock. One write, then fsync, then the state in memory."""
        items = list(lines)
        if not items:
            return
        text = "".join(
            json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n" for line in items
        )
        fd = self._open()
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
        for line in items:
            _apply(self._found, line)

    def queue(self, messages: Sequence[Message]) -> list[Message]:
        """Add the messages whose keys are new; returns those."""
        with self._lock:
            new = [m for m in messages if m.key not in self._found]
            self._append({"op": "queue", "at": format_ts(m.created), **m.to_json()} for m in new)
            return new

    def known(self, key: str) -> bool:
        with self._lock:
            return key in self._found

    def mark(self, key: str, op: str, at: datetime, **values: Any) -> None:
        """`try`, `sent`, `failed` (reason, retry_at) for one message."""
        line: dict[str, Any] = {"op": op, "key": key, "at": format_ts(at)}
        for name, value in values.items():
            line[name] = format_ts(value) if isinstance(value, datetime) else value
        with self._lock:
            self._append([line])

    def fold(self, digest: Message, keys: Sequence[str]) -> None:
        """Queue `digest` and mark `keys` as sent within it, in one write."""
        at = format_ts(digest.created)
        with self._lock:
            lines: list[dict[str, Any]] = [{"op": "queue", "at": at, **digest.to_json()}]
            lines += [{"op": "folded", "key": k, "at": at, "into": digest.key} for k in keys]
            self._append(lines)

    def finished(self, message: Message, at: datetime, failed: dict[str, str] | None) -> None:
        """A message sent outside the queue (a test), kept as already done, in one write."""
        stamp = format_ts(at)
        done: dict[str, Any] = {"op": "sent", "key": message.key, "at": stamp}
        if failed is not None:
            done = {**done, "op": "failed", "reason": failed, "retry_at": None}
        with self._lock:
            self._append(
                [
                    {"op": "queue", "at": format_ts(message.created), **message.to_json()},
                    {"op": "try", "key": message.key, "at": stamp},
                    done,
                ]
            )

    def statuses(self) -> list[Status]:
        with self._lock:
            return [dataclasses.replace(s) for s in self._found.values()]

    def compact(self, now: datetime, keep: timedelta) -> int:
        """Rewrite the journal without what finished before `now - keep`; returns how many
        messages were dropped."""
        with self._lock:
            kept: list[dict[str, Any]] = []
            dropped = 0
            for status in self._found.values():
                done = status.finished_at
                if done is not None and now - done > keep:
                    dropped += 1
                    continue
                kept.extend(_replay(status))
            if not dropped:
                return 0
            text = "".join(
                json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n" for line in kept
            )
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
            atomicio.write_bytes(self.path, text.encode("utf-8"), mode=0o640)
            self._found = read(self.path)
            return dropped


def _replay(status: Status) -> list[dict[str, Any]]:
    """Lines that give `status` again (for a compacted journal)."""
    m = status.message
    lines: list[dict[str, Any]] = [{"op": "queue", "at": format_ts(m.created), **m.to_json()}]
    key = m.key
    if status.last_try is not None:
        for _ in range(status.attempts):
            lines.append({"op": "try", "key": key, "at": format_ts(status.last_try)})
    if status.state == "sent" and status.sent_at:
        lines.append({"op": "sent", "key": key, "at": format_ts(status.sent_at)})
    elif status.state == "failed":
        retry = format_ts(status.retry_at) if status.retry_at else None
        at = format_ts(status.last_try or m.created)
        lines.append(
            {"op": "failed", "key": key, "at": at, "reason": status.reason, "retry_at": retry}
        )
    elif status.state == "folded":
        at = format_ts(status.last_try or m.created)
        lines.append({"op": "folded", "key": key, "at": at, "into": status.folded_into})
    return lines
