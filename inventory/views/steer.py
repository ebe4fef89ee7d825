"""What the hub asks of its agents and what they did with it, as `agents settings show`,
`agents task list`, the Agents screen and the overview show it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from agent.steer.keys import digest
from foundation.i18n import Lang
from foundation.wire import parse_ts
from inventory.agents_messages import T
from inventory.config import HubConfig
from inventory.intake.agents import Registry
from inventory.steer import book as books
from inventory.store.layout import Layout


@dataclass(frozen=True)
class TaskRow:
    id: int
    agent: str
    name: str
    state: str
    created: datetime
    by: str
    expires: datetime
    lines: tuple[str, ...]
    seconds: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "agent": self.agent,
            "name": self.name,
            "state": self.state,
            "created": self.created.isoformat(),
            "by": self.by,
            "expires": self.expires.isoformat(),
            "lines": list(self.lines),
            "seconds": self.seconds,
        }

    def line(self, lang: Lang, tz: ZoneInfo) -> str:
        state = T.code(lang, "steer.state", self.state)
        when = f"{self.created.astimezone(tz):%Y-%m-%d %H:%M}"
        head = "\t".join((f"#{self.id}", self.agent, self.name, state, when, self.by))
        return head + ("\t" + self.lines[-1] if self.lines else "")


@dataclass(frozen=True)
class AgentSteer:
    """One agent: the settings version it should run and the one it says it runs."""

    agent: str
    should: int
    should_hash: str
    runs: int | None
    runs_hash: str | None
    refused: str
    """Why it refused the settings it was last offered (English; `refused_mn` Mongolian)."""
    refused_mn: str
    pending: int
    last_task: TaskRow | None

    @property
    def current(self) -> bool:
        return self.runs_hash == self.should_hash and not self.refused


@dataclass(frozen=True)
class SteerView:
    book: books.Book
    tasks: tuple[TaskRow, ...]
    """Newest first."""
    agents: tuple[AgentSteer, ...]

    def for_agent(self, agent: str) -> AgentSteer | None:
        return next((a for a in self.agents if a.agent == agent), None)

    def settings(self, target: str) -> dict[str, Any]:
        """A layer's own values; for an agent also what it should run and what it runs."""
        book = self.book
        if target == "all" or target in book.groups:
            scope = "all" if target == "all" else f"group:{target}"
            layer = book.layers.get(scope) or {}
            out: dict[str, Any] = {"scope": scope, "values": layer.get("values") or {}}
            out["version"] = layer.get("version", 0)
            if target in book.groups:
                out["members"] = book.groups[target]
            return out
        version, values = book.settings_for(target)
        said = book.status.get(target) or {}
        own = book.layers.get(f"agent:{target}") or {}
        return {
            "scope": f"agent:{target}",
            "values": own.get("values") or {},
            "effective": values,
            "version": version,
            "groups": [s.removeprefix("group:") for s in book.scopes_of(target)[1:-1]],
            "runs": {k: said.get(k) for k in ("version", "hash", "state", "reason", "at")},
            "current": said.get("hash") == digest(values),
        }

    def settings_lines(self, found: dict[str, Any], lang: Lang) -> list[str]:
        lines = [T(lang, "steer.show.scope", scope=found["scope"], version=found["version"])]
        values = found.get("effective", found["values"])
        shown = [f"  {k} = {json.dumps(v, ensure_ascii=False)}" for k, v in sorted(values.items())]
        lines += shown or [T(lang, "steer.show.none")]
        runs = found.get("runs")
        if runs is not None:
            if runs.get("state") == "refused":
                reason = (runs.get("reason") or {}).get(lang) or ""
                lines.append(
                    T(lang, "steer.show.refused", version=runs.get("version"), reason=reason)
                )
            elif runs.get("version") is not None:
                key = "steer.show.current" if found.get("current") else "steer.show.behind"
                lines.append(T(lang, key, version=runs.get("version")))
            else:
                lines.append(T(lang, "steer.show.never"))
        return lines


def _task(t: dict[str, Any]) -> TaskRow:
    result = t.get("result") or {}
    return TaskRow(
        id=int(t["id"]),
        agent=str(t["agent"]),
        name=str(t["name"]),
        state=str(t["state"]),
        created=parse_ts(t["created"]),
        by=str(t.get("by") or ""),
        expires=parse_ts(t["expires"]),
        lines=tuple(result.get("lines") or ()),
        seconds=result.get("seconds"),
    )


def steer_view(config: HubConfig, layout: Layout | None = None) -> SteerView:
    layout = layout or Layout(config.hub_dir)
    book = books.load(layout)
    tasks = tuple(sorted((_task(t) for t in book.tasks), key=lambda t: t.id, reverse=True))
    agents = []
    for agent in sorted(Registry(config).load()):
        version, values = book.settings_for(agent)
        said = book.status.get(agent) or {}
        reason = said.get("reason") or {} if said.get("state") == "refused" else {}
        mine = [t for t in tasks if t.agent == agent]
        agents.append(
            AgentSteer(
                agent=agent,
                should=version,
                should_hash=digest(values),
                runs=said.get("version"),
                runs_hash=said.get("hash") if said.get("state") == "applied" else None,
                refused=str(reason.get("en") or "") if said.get("hash") == digest(values) else "",
                refused_mn=str(reason.get("mn") or "")
                if said.get("hash") == digest(values)
                else "",
                pending=sum(1 for t in mine if t.state == "pending"),
                last_task=next((t for t in mine if t.state in books.FINISHED), None),
            )
        )
    return SteerView(book, tasks, tuple(agents))


def refused_agents(layout: Layout) -> tuple[str, ...]:
    """The agents whose last word was a refusal of the very settings they should run now (the
    overview names them; a refusal of settings since changed no longer counts)."""
    book = books.load(layout)
    return tuple(
        agent
        for agent, said in sorted(book.status.items())
        if said.get("state") == "refused"
        and said.get("hash") == digest(book.settings_for(agent)[1])
    )
