"""People's changes to what the hub asks of its agents: settings per layer, groups, tasks.

Each runs in `serve` through the door (`inventory.intake.door`) under the write lock, after
the role check, and is one audit entry (`agents.settings`, `agents.group`, `agents.task`,
`agents.task.cancel`) under the name of the account the kernel named.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from agent.messages import T as AGENT_T
from agent.steer.keys import steerable
from foundation.i18n import Problem
from foundation.wire import utcnow
from inventory.agents_messages import T
from inventory.steer import book as books
from inventory.store import audit
from inventory.store.layout import Layout

GROUP = re.compile(r"[^\s:/]{1,40}")
"""A group's name: `бүх-ПК`, `сервер`, `нягтлан` (no spaces, `:` or `/`)."""


class SteerProblem(Problem):
    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(T, key, **values)


def scope_of(book: books.Book, target: str, agents: set[str]) -> str:
    """`all`, a group's name or an agent's id, as the layer's scope."""
    if target == "all":
        return "all"
    if target in book.groups:
        return f"group:{target}"
    if target in agents:
        return f"agent:{target}"
    raise SteerProblem("steer.no_target", target=target)


def set_values(
    layout: Layout, target: str, values: Mapping[str, Any], who: str, agents: set[str]
) -> dict[str, Any]:
    for key in values:
        if not steerable(key):
            raise Problem(AGENT_T, "steer.not_steerable", key=key)  # the agent's own words
    with layout.write_lock():
        book = books.load(layout)
        scope = scope_of(book, target, agents)
        layer = book.layers.setdefault(scope, {"values": {}, "version": 0})
        before = dict(layer["values"])
        layer["values"].update(values)
        layer["version"] = book.bump()
        change = audit.Change(who, "agents.settings", scope, before, dict(layer["values"]))
        with audit.recorded(layout, change):
            books.save(layout, book)
    return {"scope": scope, "version": layer["version"], "values": layer["values"]}


def unset(
    layout: Layout, target: str, keys: list[str], who: str, agents: set[str]
) -> dict[str, Any]:
    with layout.write_lock():
        book = books.load(layout)
        scope = scope_of(book, target, agents)
        layer = book.layers.get(scope)
        missing = [k for k in keys if not layer or k not in layer["values"]]
        if missing:
            raise SteerProblem("steer.not_set", key=missing[0], scope=scope)
        assert layer is not None
        before = dict(layer["values"])
        for key in keys:
            del layer["values"][key]
        layer["version"] = book.bump()
        change = audit.Change(who, "agents.settings", scope, before, dict(layer["values"]))
        with audit.recorded(layout, change):
            books.save(layout, book)
    return {"scope": scope, "version": layer["version"], "values": layer["values"]}


def group(
    layout: Layout, action: str, name: str, agent: str, who: str, agents: set[str]
) -> list[str]:
    if not GROUP.fullmatch(name) or name == "all":
        raise SteerProblem("steer.bad_group", group=name)
    if agent not in agents:
        raise SteerProblem("steer.no_target", target=agent)
    with layout.write_lock():
        book = books.load(layout)
        members = book.groups.setdefault(name, [])
        before = list(members)
        if action == "add" and agent not in members:
            members.append(agent)
        elif action == "remove":
            if agent not in members:
                raise SteerProblem("steer.not_member", agent=agent, group=name)
            members.remove(agent)
        if not members:
            del book.groups[name]
        book.bump()  # a member's settings change with the group
        change = audit.Change(who, "agents.group", name, before, sorted(members))
        with audit.recorded(layout, change):
            books.save(layout, book)
    return sorted(members)


def add_task(
    layout: Layout,
    target: str,
    name: str,
    args: Mapping[str, Any],
    days: float,
    who: str,
    agents: set[str],
) -> list[dict[str, Any]]:
    """One task for the agent, or one for each member of the group."""
    if name not in books.TASK_NAMES:
        raise SteerProblem("steer.no_task", name=name, names=", ".join(books.TASK_NAMES))
    if not 0 < days <= 366:
        raise SteerProblem("steer.bad_expiry", days=days)
    now = utcnow()
    with layout.write_lock():
        book = books.load(layout)
        scope = scope_of(book, target, agents)
        if scope == "all":
            chosen = sorted(agents)
        elif scope.startswith("group:"):
            chosen = book.groups[target]
        else:
            chosen = [target]
        made = [books.new_task(book, a, name, args, who, days, now) for a in chosen]
        changes = [audit.Change(who, "agents.task", f"#{t['id']}", None, t) for t in made]
        with audit.recorded(layout, *changes):
            books.save(layout, book)
    return made


def cancel_task(layout: Layout, number: int, who: str) -> dict[str, Any]:
    with layout.write_lock():
        book = books.load(layout)
        task = next((t for t in book.tasks if int(t["id"]) == number), None)
        if task is None:
            raise SteerProblem("steer.no_such_task", id=number)
        if task["state"] != "pending":
            raise SteerProblem("steer.not_cancellable", id=number, state=task["state"])
        before = dict(task)
        task["state"] = "cancelled"
        change = audit.Change(who, "agents.task.cancel", f"#{number}", before, dict(task))
        with audit.recorded(layout, change):
            books.save(layout, book)
    return task
