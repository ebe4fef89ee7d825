"""`soumnet-hub ingest --agent ID`: the forced command behind every agent key.

It reads one batch from standard input (see `foundation.wire`), checks every report, writes the
good ones durably into the spool and answers with one JSON line. It never touches the store:
`serve` is the only writer. A batch cut short (dropped connection), or one with more lines
than its header announced, is not acknowledged and nothing of it is kept.

Every stage is bounded in bytes and seconds, so that a client that logs in with an agent's key
and then sends nothing, an SFTP hello or a line without end cannot keep a process on the hub.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import IO, Any

from foundation.wire import PROTOCOL_VERSION, Report, WireError, dumps, loads, parse_report, utcnow
from inventory.config import HubConfig
from inventory.intake import spool
from inventory.intake.archives import receive_archive
from inventory.intake.batch import BatchError, time_limit
from inventory.steer import book
from inventory.store.layout import Layout, NotInitialised

HEADER_MAX = 4096


Handler = Callable[[dict[str, Any], IO[bytes], IO[bytes], str, HubConfig], dict[str, Any]]


def read_line(stream: IO[bytes], limit: int) -> bytes:
    line = stream.readline(limit + 1)
    if len(line) > limit:
        raise BatchError(f"line longer than {limit} bytes")
    return line


def read_header(stream: IO[bytes]) -> dict[str, Any]:
    line = read_line(stream, HEADER_MAX)
    if not line:
        raise BatchError("empty batch: no header line")
    try:
        header = loads(line)
    except WireError as exc:
        raise BatchError(f"the header line: {exc}") from None
    if not isinstance(header, dict) or header.get("soumnet") != PROTOCOL_VERSION:
        raise BatchError(f"not a soumnet protocol {PROTOCOL_VERSION} header")
    return header


def receive_reports(
    header: dict[str, Any], stream: IO[bytes], out: IO[bytes], agent: str, config: HubConfig
) -> dict[str, Any]:
    count = header.get("count")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise BatchError("header: count must be a whole number")
    hub = config.hub
    with time_limit(hub.batch_timeout_seconds, "the batch"):
        accepted, rejected = _read_reports(stream, count, agent, config)
    layout = Layout(config.hub_dir)
    spool.write_batch(layout.spool, agent, accepted)
    reply: dict[str, Any] = {"ok": True, "accepted": [r.id for r in accepted], "rejected": rejected}
    waiting = book.offer(layout, agent) if hub.steer_agents else None
    if waiting is not None:  # settings or tasks for this agent: nothing added otherwise
        reply["steer"] = waiting
    return reply


def _read_reports(
    stream: IO[bytes], count: int, agent: str, config: HubConfig
) -> tuple[list[Report], list[dict[str, str]]]:
    hub = config.hub
    accepted: list[Report] = []
    rejected: list[dict[str, str]] = []
    total = 0
    now = utcnow()
    skew = timedelta(hours=hub.max_clock_skew_hours)
    for index in range(count):
        line = stream.readline(hub.max_report_bytes + 2)
        if not line:
            raise BatchError(f"batch cut short after {index} of {count} reports")
        total += len(line)
        if total > hub.max_batch_bytes:
            raise BatchError(f"batch larger than {hub.max_batch_bytes} bytes")
        if not line.endswith(b"\n"):
            if len(line) <= hub.max_report_bytes:
                raise BatchError(f"batch cut short in report {index + 1} of {count}")
            # Longer than the limit: skip the rest of that line, reject the report.
            head = line
            while line and not line.endswith(b"\n"):
                line = stream.readline(65536)
                total += len(line)
            if not line:
                raise BatchError(f"batch cut short in report {index + 1} of {count}")
            rejected.append({"id": _guess_id(head), "reason": "report larger than the limit"})
            continue
        try:
            report = parse_report(
                line, agent=agent, max_bytes=hub.max_report_bytes, now=now, max_skew=skew
            )
        except WireError as exc:
            rejected.append({"id": _guess_id(line), "reason": str(exc)})
            continue
        accepted.append(report)
    if stream.read(1):
        raise BatchError(f"more lines than the {count} reports the header announced")
    return accepted, rejected


_ID = re.compile(rb'"id"\s*:\s*"([^"\\]{1,128})"')


def _guess_id(line: bytes) -> str:
    """The id of a rejected report where it can be read, so the agent can forget it."""
    try:
        obj = loads(line)
    except WireError:
        found = _ID.search(line[:4096])
        return found.group(1).decode("utf-8", "replace") if found else ""
    rid = obj.get("id") if isinstance(obj, dict) else None
    return rid if isinstance(rid, str) else ""


HANDLERS: dict[str, Handler] = {"reports": receive_reports, "archive": receive_archive}


def run(agent: str, config: HubConfig, stdin: IO[bytes], stdout: IO[bytes]) -> int:
    """Serve one connection; returns the exit status."""
    try:
        Layout(config.hub_dir).check()
        with time_limit(config.hub.header_timeout_seconds, "the header line"):
            header = read_header(stdin)
        if header.get("agent") not in (None, agent):
            raise BatchError(f"header names agent {header.get('agent')!r}, channel is {agent!r}")
        handler = HANDLERS.get(str(header.get("op", "reports")))
        if handler is None:
            raise BatchError(f"unknown operation {header.get('op')!r}")
        reply = handler(header, stdin, stdout, agent, config)
        status = 0
    except (BatchError, NotInitialised) as exc:
        reply, status = {"ok": False, "error": str(exc)}, 2
    except OSError as exc:
        reply, status = {"ok": False, "error": f"hub cannot store the batch: {exc.strerror}"}, 3
    stdout.write((dumps(reply) + "\n").encode("utf-8"))
    stdout.flush()
    return status
