"""Tasks the hub queued for this agent, each run exactly once. The names are fixed (no command
comes from the hub): `archive` (the yearly archive now), `facts` (hardware facts now), `poll`
(the network jobs now), `status` (the agent's outbox, sync and archive state, as `soumnet-agent
status` says it), `restore_test` (the newest archive restored in full and checked with the age
identity at `args.identity` on this machine, recorded as a signed restore-test entry),
`samples` (the raw samples of the last `args.hours`, at most 48, sent again:
`agent.steer.recent`), `scan` (every scanning job now with its documents whole,
`agent.jobs.job.Job.whole`: the hub asks when it could not apply a report's changes). A task
travels in the hub's answer to a batch until the hub has heard that it arrived, so it may come
many times: each is kept as `<agent data>/steer/tasks/<id>.json` the first time and never taken
again. Its state is written (atomically) `running` before it starts; an agent that finds a task
`running` when it starts was stopped during it, and says `interrupted` instead of running it
again: an archive is never started twice for one task.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foundation import atomicio
from foundation.jsonfile import read_json
from foundation.wire import format_ts, utcnow

FOLDER = Path("steer") / "tasks"
NAMES = ("archive", "facts", "poll", "status", "restore_test", "samples", "scan")
Runner = Callable[[Mapping[str, Any]], Sequence[str]]
"""Runs one task with its arguments; returns its lines; raises when it failed."""


@dataclass
class Task:
    id: int
    name: str
    args: dict[str, Any]
    state: str

    def outcome(self, lines: Sequence[str] = (), seconds: float | None = None) -> dict[str, Any]:
        """The task as the hub hears of it (`steer` report)."""
        out: dict[str, Any] = {"id": self.id, "name": self.name, "state": self.state}
        out["at"] = format_ts(utcnow())
        if lines:
            out["lines"] = list(lines)[-50:]
        if seconds is not None:
            out["seconds"] = round(seconds, 3)
        return out


class Tasks:
    def __init__(self, agent_dir: Path) -> None:
        self.folder = agent_dir / FOLDER

    def _path(self, task_id: int) -> Path:
        return self.folder / f"{task_id}.json"

    def _save(self, task: Task) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {"id": task.id, "name": task.name, "args": task.args, "state": task.state}
        atomicio.write_text(self._path(task.id), json.dumps(data, ensure_ascii=False) + "\n")

    def all(self) -> list[Task]:
        found = []
        for path in sorted(
            self.folder.glob("*.json"), key=lambda p: int(p.stem) if p.stem.isdigit() else 0
        ):
            try:
                data = read_json(path)
            except Exception:  # a damaged task file: skipped, never run
                continue
            if isinstance(data, dict) and isinstance(data.get("id"), int):
                found.append(
                    Task(
                        data["id"],
                        str(data.get("name")),
                        dict(data.get("args") or {}),
                        str(data.get("state")),
                    )
                )
        return found

    def receive(self, offered: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Keep the tasks not seen before; the outcomes to report (`received`, or `unknown`
        for a name this agent does not run)."""
        have = {t.id for t in self.all()}
        out = []
        for item in offered:
            task_id, name = item.get("id"), item.get("name")
            if not isinstance(task_id, int) or task_id in have or not isinstance(name, str):
                continue
            args = item.get("args")
            task = Task(task_id, name, dict(args) if isinstance(args, dict) else {}, "received")
            if name not in NAMES:
                task.state = "unknown"
            self._save(task)
            out.append(task.outcome())
        return out

    def interrupted(self) -> list[dict[str, Any]]:
        """At start: tasks that were running when the agent stopped, marked `interrupted`."""
        out = []
        for task in self.all():
            if task.state == "running":
                task.state = "interrupted"
                self._save(task)
                out.append(task.outcome())
        return out

    def next(self) -> Task | None:
        return next((t for t in self.all() if t.state == "received"), None)

    def run(self, task: Task, runners: Mapping[str, Runner]) -> dict[str, Any]:
        """Run one received task: `running` is on disk before it starts."""
        task.state = "running"
        self._save(task)
        began = time.monotonic()
        try:
            lines = list(runners[task.name](task.args))
            task.state = "done"
        except Exception as exc:  # the task's failure is its result, not the agent's
            lines = [str(exc) or type(exc).__name__]
            task.state = "failed"
        self._save(task)
        return task.outcome(lines, time.monotonic() - began)
