"""The hub's settings and tasks for its agents: `<data>/agents/steer.json`, one TinyDB file.

Tables: `layers` (`scope`: `all`, `group:NAME` or `agent:ID`; `values`: dotted key → value;
`version`: the change that last touched it), `groups` (`name`, `members`), `tasks` (`id`,
`agent`, `name`, `args`, `state`, `created`, `by`, `expires`, `result`), `status` (per agent:
the settings it last said it applied or refused: `agent`, `version`, `hash`, `state`, `reason`,
`at`) and `meta` (`version`: the number of the last change, `task`: the last task id).

People's changes (through the door, audited) and what agents report back (applied by `serve`)
are written under the data folder's write lock; `ingest` only reads it, to answer a batch with
what waits for that agent.

An agent's settings are the layers over each other, in this order: `all`, its groups (by
name), itself; their version is the highest of theirs. Task states: `pending` (waiting for the
agent), `received`, `running`, `done`, `failed`, `interrupted`, `unknown` (the agent has no such
task), `cancelled`, `expired`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from agent.steer.keys import digest
from foundation.jsonfile import read_json
from foundation.kinds import steer as steer_kind
from foundation.kinds.fields import obj
from foundation.wire import Report, format_ts, parse_ts, utcnow
from inventory.store.jsonstore import batch
from inventory.store.layout import Layout

WAITING = ("pending",)
FINISHED = ("done", "failed", "interrupted", "unknown", "cancelled", "expired")
TASK_NAMES = ("archive", "facts", "poll", "status", "restore_test", "samples", "scan")


def _rows(data: Mapping[str, Any], name: str) -> list[dict[str, Any]]:
    table = data.get(name) or {}
    return [dict(doc) for doc in table.values()] if isinstance(table, dict) else []


@dataclass
class Book:
    version: int = 0
    last_task: int = 0
    layers: dict[str, dict[str, Any]] = field(default_factory=dict)
    """scope → {"values": {...}, "version": N}"""
    groups: dict[str, list[str]] = field(default_factory=dict)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    status: dict[str, dict[str, Any]] = field(default_factory=dict)

    def scopes_of(self, agent: str) -> list[str]:
        mine = sorted(name for name, members in self.groups.items() if agent in members)
        return ["all", *(f"group:{name}" for name in mine), f"agent:{agent}"]

    def settings_for(self, agent: str) -> tuple[int, dict[str, Any]]:
        """The agent's settings from the hub (its layers over each other) and their version."""
        values: dict[str, Any] = {}
        version = 0
        for scope in self.scopes_of(agent):
            layer = self.layers.get(scope)
            if layer and layer.get("values"):
                values.update(layer["values"])
                version = max(version, int(layer.get("version") or 0))
        return version, values

    def pending(self, agent: str, now: datetime) -> list[dict[str, Any]]:
        return sorted(
            (
                t
                for t in self.tasks
                if t["agent"] == agent and t["state"] in WAITING and parse_ts(t["expires"]) > now
            ),
            key=lambda t: int(t["id"]),
        )

    def bump(self) -> int:
        self.version += 1
        return self.version


def load(layout: Layout) -> Book:
    data = read_json(layout.steer_file) or {}
    meta = next(iter(_rows(data, "meta")), {})
    book = Book(int(meta.get("version") or 0), int(meta.get("task") or 0))
    for row in _rows(data, "layers"):
        book.layers[str(row["scope"])] = {
            "values": dict(row.get("values") or {}),
            "version": row.get("version", 0),
        }
    for row in _rows(data, "groups"):
        book.groups[str(row["name"])] = [str(m) for m in row.get("members") or ()]
    book.tasks = sorted(_rows(data, "tasks"), key=lambda t: int(t["id"]))
    for row in _rows(data, "status"):
        book.status[str(row["agent"])] = row
    return book


def save(layout: Layout, book: Book) -> None:
    """One atomic write of the whole file (the caller holds the write lock)."""
    layout.agents.mkdir(parents=True, exist_ok=True)
    with batch(layout.steer_file) as db:
        for name, rows in (
            ("meta", [{"version": book.version, "task": book.last_task}]),
            ("layers", [{"scope": s, **layer} for s, layer in sorted(book.layers.items())]),
            ("groups", [{"name": n, "members": m} for n, m in sorted(book.groups.items())]),
            ("tasks", book.tasks),
            ("status", [book.status[a] for a in sorted(book.status)]),
        ):
            table = db.table(name)
            table.truncate()
            table.insert_multiple(rows)


# -- what ingest answers ---------------------------------------------------------------------


def offer(layout: Layout, agent: str, now: datetime | None = None) -> dict[str, Any] | None:
    """What waits for `agent`, for the answer to its batch: its settings when they differ from
    what it last said it runs (or refused), and its pending tasks; None when nothing waits, so
    that a batch costs not one byte more than before."""
    try:
        book = load(layout)
    except Exception:  # a damaged file must not cost the agent its delivery
        return None
    now = now or utcnow()
    out: dict[str, Any] = {}
    version, values = book.settings_for(agent)
    said = book.status.get(agent) or {}
    found = digest(values)
    if found != said.get("hash") and (values or said):
        out["settings"] = {"version": version, "hash": found, "values": values}
    tasks = book.pending(agent, now)
    if tasks:
        out["tasks"] = [
            {"id": t["id"], "name": t["name"], "args": t.get("args") or {}} for t in tasks
        ]
    return out or None


# -- what serve records ----------------------------------------------------------------------


def record(layout: Layout, reports: Iterable[Report]) -> bool:
    """Apply what agents reported back (kind `steer`); True when the file changed. The caller
    holds the write lock."""
    said = [r for r in reports if r.kind == steer_kind.KIND]
    if not said:
        return False
    book = load(layout)
    by_id = {int(t["id"]): t for t in book.tasks}
    for report in sorted(said, key=lambda r: r.ts):
        view = steer_kind.parse(obj(report.data))
        at = format_ts(report.ts)
        if view.settings is not None:
            book.status[report.agent] = {
                "agent": report.agent,
                "version": view.settings.version,
                "hash": view.settings.hash,
                "state": view.settings.state,
                "reason": view.settings.reason,
                "at": at,
            }
        for outcome in view.tasks:
            task = by_id.get(outcome.id or -1)
            if task is None or task["agent"] != report.agent or task["state"] in FINISHED:
                continue
            task["state"] = outcome.state or task["state"]
            if outcome.state in FINISHED or outcome.lines or outcome.seconds is not None:
                task["result"] = {
                    "lines": list(outcome.lines),
                    "seconds": outcome.seconds,
                    "at": at,
                }
            task.setdefault("seen", at)
    save(layout, book)
    return True


def expire(layout: Layout, now: datetime | None = None) -> list[dict[str, Any]]:
    """Mark pending tasks past their time `expired`; returns them (the caller holds the lock)."""
    now = now or utcnow()
    if not layout.steer_file.exists():
        return []
    book = load(layout)
    gone = [t for t in book.tasks if t["state"] in WAITING and parse_ts(t["expires"]) <= now]
    for task in gone:
        task["state"] = "expired"
    if gone:
        save(layout, book)
    return gone


def new_task(
    book: Book, agent: str, name: str, args: Mapping[str, Any], who: str, days: float, now: datetime
) -> dict[str, Any]:
    book.last_task += 1
    task = {
        "id": book.last_task,
        "agent": agent,
        "name": name,
        "args": dict(args),
        "state": "pending",
        "created": format_ts(now),
        "by": who,
        "expires": format_ts(now + timedelta(days=days)),
    }
    book.tasks.append(task)
    return task


def ask_whole(layout: Layout, agents: Iterable[str], now: datetime | None = None) -> list[int]:
    """Queue the `scan` task (`whole`: posture and software sent whole) for each agent whose
    changes the hub could not apply, unless one waits already; returns the new task ids. The
    caller holds the write lock."""
    now = now or utcnow()
    book = load(layout)
    waiting = {t["agent"] for t in book.tasks if t["name"] == "scan" and t["state"] not in FINISHED}
    made = [
        new_task(book, agent, "scan", {"whole": True}, "hub", 14, now)["id"]
        for agent in sorted(set(agents) - waiting)
    ]
    if made:
        save(layout, book)
    return made
