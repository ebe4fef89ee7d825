"""Kind "steer": what an agent did with what the hub asked of it, device `host:<host id>`.

`data.settings`: the hub's settings it was offered — `version`, `hash`, `state` (`applied`,
`refused`) and `reason` (why refused: one line, in English and Mongolian, `{"en", "mn"}`).
`data.tasks`: tasks whose state changed — each `id`, `name`, `state` (`received`, `running`,
`done`, `failed`, `interrupted`: the agent stopped while it ran; `unknown`: this agent has no
such task), `lines` (what it said), `seconds`, `at`. No figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from foundation.kinds.fields import JsonObject, obj, objects, text
from foundation.kinds.numbers import number, whole

KIND = "steer"
TASK_STATES = ("received", "running", "done", "failed", "interrupted", "unknown")


@dataclass(frozen=True)
class SettingsOutcome:
    version: int | None
    hash: str | None
    state: str | None
    reason: dict[str, str]


@dataclass(frozen=True)
class TaskOutcome:
    id: int | None
    name: str | None
    state: str | None
    lines: tuple[str, ...]
    seconds: float | None
    at: str | None


@dataclass(frozen=True)
class Steer:
    settings: SettingsOutcome | None
    tasks: tuple[TaskOutcome, ...]


def parse(data: JsonObject) -> Steer:
    found = obj(data.get("settings"))
    settings = None
    if found:
        reason = obj(found.get("reason"))
        settings = SettingsOutcome(
            version=whole(found.get("version")),
            hash=text(found.get("hash")),
            state=text(found.get("state")),
            reason={k: v for k, v in reason.items() if isinstance(v, str)},
        )
    tasks = tuple(
        TaskOutcome(
            id=whole(task.get("id")),
            name=text(task.get("name")),
            state=text(task.get("state")),
            lines=tuple(str(x) for x in task.get("lines") or () if isinstance(x, str)),
            seconds=number(task.get("seconds")),
            at=text(task.get("at")),
        )
        for task in objects(data.get("tasks"))
    )
    return Steer(settings, tasks)


def figures(data: JsonObject) -> dict[str, float]:
    return {}
