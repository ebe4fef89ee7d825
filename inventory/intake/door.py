"""People's changes go through one door: named operations that `serve` carries out.

The command line and the terminal UI do not write the store themselves: they send one
request `{"op": NAME, "args": {…}}` (one JSON line) over the hub's Unix socket
(`<data>/serve.sock`) and read one reply line. `serve` learns who is asking from the
kernel (`SO_PEERCRED`: the caller's real user id), never from the request, checks that
account's role in `[users]`, and runs the operation in its own process, which alone can write
the store: the single-writer rule holds for people's changes too, and the role check is a
fence rather than a courtesy of the client.

When no `serve` answers and the caller owns the data folder (one person on their own machine,
`make run` before `serve` is up, or a test), the same operation runs in the caller's process
under the same role check and write lock: nobody else can write that folder anyway.

A reply is `{"ok": true, "result": …}` or `{"ok": false, "error": {"en": …, "mn": …}}`; the
bad fields of a record travel as `"fields": [{"field", "key", "values"}]` so that a form can
mark each one.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import json
import os
import pwd
import socket
import socketserver
import struct
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from foundation.cli import CommandError, cli_lang
from foundation.config import current_user
from foundation.document.fonts import NoFont
from foundation.i18n import LANGS, Lang, Problem
from inventory.config import HubConfig
from inventory.intake.agents import Registry
from inventory.notify.test import send_test
from inventory.records import alerts, archives, csvio, devices, maintenance
from inventory.records.merge import merge_devices
from inventory.records_messages import T
from inventory.reports import periodreport
from inventory.reports.period import parse_period
from inventory.risks import licences
from inventory.roles import IT, READERS, REFUSED, Refused, role_problem
from inventory.steer import changes
from inventory.store.layout import Layout

MAX_REQUEST_BYTES = 16 << 20
"""A CSV import is the largest request (its file travels in it, base64)."""
ANSWER_SECONDS = 120.0
"""How long a client waits for `serve` (an import of a large file under a busy lock)."""


class DoorProblem(Problem):
    """Why the door did not carry out an operation; `status` is the command's exit status."""

    def __init__(self, key: str, /, status: int = 1, **values: object) -> None:
        super().__init__(T, key, **values)
        self.status = status


class Answered(Problem):
    """What `serve` answered, already translated: shown as it is in the caller's language."""

    def __init__(self, texts: Mapping[str, str], status: int = 1) -> None:
        super().__init__(T, "door.answer", text=texts.get("en", ""))
        self.texts = dict(texts)
        self.status = status

    def text(self, lang: Lang) -> str:
        return self.texts.get(lang) or self.texts.get("en", "")


@dataclasses.dataclass(frozen=True)
class Op:
    roles: frozenset[str]
    run: Callable[[HubConfig, Layout, str, dict[str, Any]], Any]


def _file(args: dict[str, Any]) -> tuple[Path, bytes]:
    return Path(str(args["name"])), base64.b64decode(str(args["data"]))


def _import(config: HubConfig, layout: Layout, who: str, args: dict[str, Any]) -> Any:
    name, raw = _file(args)
    return dataclasses.asdict(csvio.import_bytes(layout, raw, name, who))


def _request(config: HubConfig, layout: Layout, who: str, args: dict[str, Any]) -> Any:
    name, raw = _file(args)
    return Registry(config).request(name, raw)


def _decide(decision: str) -> Callable[[HubConfig, Layout, str, dict[str, Any]], Any]:
    def run(config: HubConfig, layout: Layout, who: str, args: dict[str, Any]) -> Any:
        getattr(Registry(config), decision)(str(args["agent"]), who)
        return str(Registry(config).authorized_keys)

    return run


def _delete(config: HubConfig, layout: Layout, who: str, args: dict[str, Any]) -> Any:
    return archives.delete_archive(
        config,
        str(args["id"]),
        confirm=args.get("confirm"),
        before_expiry=bool(args.get("before_expiry")),
        reason=str(args.get("reason") or ""),
        who=who,
    )


def _report(config: HubConfig, layout: Layout, who: str, args: dict[str, Any]) -> Any:
    period = parse_period(str(args["period"]))
    lang: Lang = "mn" if args.get("lang") == "mn" else "en"
    fmt = str(args["format"])
    if fmt not in periodreport.FORMATS:
        raise DoorProblem("report.bad_format", format=fmt, formats=", ".join(periodreport.FORMATS))
    try:
        body = periodreport.make(config, period, fmt, lang)
    except NoFont:
        if not args.get("html_without_font"):
            raise
        fmt, body = "html", periodreport.make(config, period, "html", lang)
    return {"format": fmt, "body": base64.b64encode(body).decode("ascii")}


def _ack(config: HubConfig, layout: Layout, who: str, args: dict[str, Any]) -> Any:
    alert = alerts.acknowledge(layout, int(args["no"]), who)
    return {"no": alert.no, "acked_by": alert.acked_by, "texts": {g: alert.title(g) for g in LANGS}}


def _notify_test(config: HubConfig, layout: Layout, who: str, args: dict[str, Any]) -> Any:
    return send_test(config, layout, str(args["target"]), who)


def _agents(config: HubConfig) -> set[str]:
    """The agents the hub may steer: approved ones, and those waiting for approval (their
    settings can be ready before the PC first delivers)."""
    steered = ("approved", "pending")
    return {a for a, entry in Registry(config).load().items() if entry.get("state") in steered}


def _steer_set(config: HubConfig, layout: Layout, who: str, args: dict[str, Any]) -> Any:
    target, values = str(args["target"]), dict(args.get("values") or {})
    return changes.set_values(layout, target, values, who, _agents(config))


def _steer_unset(config: HubConfig, layout: Layout, who: str, args: dict[str, Any]) -> Any:
    keys = [str(k) for k in args.get("keys") or ()]
    return changes.unset(layout, str(args["target"]), keys, who, _agents(config))


def _steer_group(config: HubConfig, layout: Layout, who: str, args: dict[str, Any]) -> Any:
    action, name, agent = str(args["action"]), str(args["group"]), str(args["agent"])
    return changes.group(layout, action, name, agent, who, _agents(config))


def _steer_task(config: HubConfig, layout: Layout, who: str, args: dict[str, Any]) -> Any:
    target, name = str(args["target"]), str(args["name"])
    task_args, days = dict(args.get("args") or {}), float(args.get("days") or 14)
    return changes.add_task(layout, target, name, task_args, days, who, _agents(config))


OPS: Mapping[str, Op] = MappingProxyType(
    {
        "device.add": Op(IT, lambda c, lay, who, a: devices.add_device(lay, a["fields"], who)),
        "device.edit": Op(
            IT, lambda c, lay, who, a: devices.edit_device(lay, str(a["key"]), a["fields"], who)
        ),
        "device.not_duplicate": Op(
            IT, lambda c, lay, who, a: devices.dismiss_duplicates(lay, str(a["key"]), who)
        ),
        "device.merge": Op(
            IT, lambda c, lay, who, a: merge_devices(lay, str(a["keep"]), str(a["other"]), who)
        ),
        "device.import": Op(IT, _import),
        "maintenance.add": Op(
            IT, lambda c, lay, who, a: maintenance.add_entry(lay, a["fields"], who)
        ),
        "maintenance.edit": Op(
            IT,
            lambda c, lay, who, a: maintenance.edit_entry(lay, int(a["number"]), a["fields"], who),
        ),
        "maintenance.close": Op(
            IT, lambda c, lay, who, a: maintenance.close_entry(lay, int(a["number"]), who)
        ),
        "agent.request": Op(IT, _request),
        "agent.approve": Op(IT, _decide("approve")),
        "agent.reject": Op(IT, _decide("reject")),
        "agent.revoke": Op(IT, _decide("revoke")),
        "archive.delete": Op(IT, _delete),
        "report": Op(READERS, _report),
        "alert.ack": Op(IT, _ack),
        "notify.test": Op(IT, _notify_test),
        "steer.set": Op(IT, _steer_set),
        "steer.unset": Op(IT, _steer_unset),
        "steer.group": Op(IT, _steer_group),
        "steer.task": Op(IT, _steer_task),
        "steer.cancel": Op(IT, lambda c, lay, who, a: changes.cancel_task(lay, int(a["id"]), who)),
        "licence.add": Op(IT, lambda c, lay, who, a: licences.add(lay, a["fields"], who)),
        "licence.edit": Op(
            IT, lambda c, lay, who, a: licences.edit(lay, int(a["id"]), a["fields"], who)
        ),
        "licence.remove": Op(IT, lambda c, lay, who, a: licences.remove(lay, int(a["id"]), who)),
    }
)
"""Every change a person can make (and the period report, which reads records an auditor
may not read itself): name → who may, and what runs."""


def execute(config: HubConfig, layout: Layout, user: str, name: str, args: dict[str, Any]) -> Any:
    """Run operation `name` for `user` (as the OS named them) after the role check."""
    op = OPS.get(name)
    if op is None:
        raise DoorProblem("door.unknown_op", op=name)
    refused = role_problem(config, user, op.roles)
    if refused is not None:
        raise refused
    return op.run(config, layout, user, args)


# -- the client ------------------------------------------------------------------------------


def command(config: HubConfig, op: str, /, **args: Any) -> Any:
    """`call` for a command: a refusal or failure becomes its one line and exit status."""
    try:
        return call(config, op, **args)
    except (DoorProblem, Answered, Refused) as exc:
        raise CommandError(exc.text(cli_lang(config)), exc.status) from None


def call(config: HubConfig, op: str, user: str | None = None, /, **args: Any) -> Any:
    """Have operation `op` carried out: by `serve` through its socket (which names the caller
    itself), or here when nobody serves and this account owns the data folder, as `user`
    (the terminal UI's, which `tui.cli` took from the OS) or the OS's account. Raises what
    the operation raised."""
    layout = Layout(config.hub_dir)
    layout.check()
    request = json.dumps({"op": op, "args": args}, ensure_ascii=False) + "\n"
    try:
        with _connected(layout) as conn:
            conn.sendall(request.encode("utf-8"))
            conn.shutdown(socket.SHUT_WR)
            raw = _read_line(conn)
    except (FileNotFoundError, ConnectionRefusedError):
        if _owns(layout):
            return execute(config, layout, user or current_user(), op, args)
        raise DoorProblem("door.not_serving", folder=layout.root) from None
    except PermissionError:
        raise DoorProblem("door.no_role", status=REFUSED, user=current_user()) from None
    except OSError as exc:
        raise DoorProblem("door.no_answer", reason=exc.strerror or exc) from None
    try:
        reply = json.loads(raw)
    except ValueError:
        raise DoorProblem("door.no_answer", reason="not JSON") from None
    if reply.get("ok"):
        return reply.get("result")
    raise _rebuilt(reply.get("error") or {})


def _owns(layout: Layout) -> bool:
    return layout.root.stat().st_uid == os.getuid()


@contextlib.contextmanager
def _connected(layout: Layout) -> Iterator[socket.socket]:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(ANSWER_SECONDS)
        with _socket_path(layout) as path:
            conn.connect(path)
        yield conn
    finally:
        conn.close()


@contextlib.contextmanager
def _socket_path(layout: Layout) -> Iterator[str]:
    """The socket's path, short enough for AF_UNIX (108 bytes) even under a deep folder:
    through an open handle of the data folder when the plain path is too long."""
    path = str(layout.socket)
    if len(path.encode()) < 100:
        yield path
        return
    fd = os.open(layout.root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        yield f"/proc/self/fd/{fd}/{layout.socket.name}"
    finally:
        os.close(fd)


def _read_line(conn: socket.socket, limit: int = MAX_REQUEST_BYTES) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = conn.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if b"\n" in chunk:
            break
    return b"".join(chunks).split(b"\n", 1)[0]


def _problem_json(exc: Problem | CommandError) -> dict[str, Any]:
    if isinstance(exc, CommandError):  # already in `serve`'s language: the same for both
        return {"en": str(exc), "mn": str(exc), "status": exc.status}
    found: dict[str, Any] = {lang: exc.text(lang) for lang in LANGS}
    found["status"] = getattr(exc, "status", 1)
    problems = getattr(exc, "problems", None)
    if isinstance(exc, (devices.InvalidDevice, maintenance.InvalidEntry)) and problems:
        found["kind"] = type(exc).__name__
        found["fields"] = [
            {
                "field": p.field,
                "key": p.key,
                "values": {k: v for k, v in p.values.items() if k != "field"},
            }
            for p in problems
        ]
    return found


def _rebuilt(error: Mapping[str, Any]) -> Problem:
    """The exception `serve` raised, as the caller's code expects to catch it."""
    fields = error.get("fields")
    if isinstance(fields, list) and error.get("kind") in ("InvalidDevice", "InvalidEntry"):
        problems = [
            devices.FieldProblem(str(f["field"]), str(f["key"]), **dict(f.get("values") or {}))
            for f in fields
        ]
        if error["kind"] == "InvalidDevice":
            return devices.InvalidDevice(problems)
        return maintenance.InvalidEntry(problems)
    status = error.get("status")
    texts = {str(k): str(v) for k, v in error.items() if k in LANGS}
    return Answered(texts, status if isinstance(status, int) else 1)


# -- the server side (in `serve`) ------------------------------------------------------------


def peer_user(conn: socket.socket) -> str:
    """The account of the process at the other end, as the kernel says (SO_PEERCRED)."""
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def answer(config: HubConfig, layout: Layout, user: str, raw: bytes) -> dict[str, Any]:
    """The reply to one request line from `user`."""
    try:
        request = json.loads(raw)
        name, args = str(request["op"]), request.get("args") or {}
        if not isinstance(args, dict):
            raise TypeError("args")
    except (ValueError, KeyError, TypeError):
        return {"ok": False, "error": _problem_json(DoorProblem("door.bad_request"))}
    try:
        result = execute(config, layout, user, name, args)
    except (Problem, CommandError) as exc:
        return {"ok": False, "error": _problem_json(exc)}
    except OSError as exc:
        failed = DoorProblem("door.failed", reason=exc.strerror or exc)
        return {"ok": False, "error": _problem_json(failed)}
    except (ValueError, KeyError, TypeError) as exc:
        failed = DoorProblem("door.failed", reason=exc)
        return {"ok": False, "error": _problem_json(failed)}
    return {"ok": True, "result": result}


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    config: HubConfig
    layout: Layout


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        conn: socket.socket = self.request
        conn.settimeout(ANSWER_SECONDS)
        try:
            user = peer_user(conn)
            raw = _read_line(conn)
            reply = answer(self.server.config, self.server.layout, user, raw)
            text = json.dumps(reply, ensure_ascii=False, default=str) + "\n"
            conn.sendall(text.encode("utf-8"))
        except OSError:
            return  # the caller went away: nothing was half-applied on its account


@contextlib.contextmanager
def opened(config: HubConfig, layout: Layout) -> Iterator[None]:
    """Serve the door while the block runs (the caller holds `serve`'s lock, so a socket
    file left by a killed `serve` can be replaced). The socket is readable and writable by
    the data folder's group: who may connect is the folder's business, what they may do is
    their role's."""
    with contextlib.suppress(FileNotFoundError):
        layout.socket.unlink()
    with _socket_path(layout) as path:
        server = _Server(path, _Handler, bind_and_activate=True)
    server.config = config
    server.layout = layout
    os.chmod(layout.socket, 0o660)
    thread = threading.Thread(target=server.serve_forever, name="door", daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        with contextlib.suppress(FileNotFoundError):
            layout.socket.unlink()
