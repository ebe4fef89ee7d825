"""The hub's settings on this agent: checked with the same typed settings as the file, kept
in `<agent data>/steer/settings.json` once good, laid over the file at every start.

An offer is `{"version": N, "hash": H, "values": {dotted key: value}}`. It is refused, with one
line saying why, when a key is not one the hub may set (`agent.steer.keys`), when the file and
the values together do not load (a wrong type, an unknown key), or when a recipient is not an
age key; the agent then keeps running on the last good settings. The file is replaced
atomically, so a crash leaves the old settings or the new, never half.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent.config import AgentConfig
from agent.messages import T
from agent.steer.keys import digest, steerable
from foundation import atomicio
from foundation.config import load_as
from foundation.i18n import LANGS, Problem
from foundation.jsonfile import read_json

FILE = Path("steer") / "settings.json"


@dataclass(frozen=True)
class Held:
    version: int
    hash: str
    values: dict[str, Any]


def held(agent_dir: Path) -> Held | None:
    """The settings last applied (None: the hub never set any)."""
    try:
        data = read_json(agent_dir / FILE)
    except (Problem, OSError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("values"), dict):
        return None
    return Held(int(data.get("version") or 0), str(data.get("hash") or ""), data["values"])


def effective(config: AgentConfig) -> AgentConfig:
    """The file's configuration with the hub's last good settings over it (the file alone when
    there are none, or when the file has since changed so that they no longer fit)."""
    kept = held(config.agent_dir)
    if kept is None or not kept.values:
        return config
    try:
        return load_as(type(config), config.path, overlay=kept.values)
    except Problem:
        return config


def check(config: AgentConfig, values: Mapping[str, Any]) -> Problem | None:
    """Why these values cannot run this agent, or None."""
    for key in values:
        if not steerable(key):
            return Problem(T, "steer.not_steerable", key=key)
    try:
        found = load_as(type(config), config.path, overlay=values)
    except Problem as problem:
        return problem
    if "backup.recipients" in values:
        from backups.archive import parse_recipients  # pyrage: only when recipients change

        try:
            parse_recipients(found.backup.recipients)
        except Problem as problem:
            return problem
    return None


def apply(config: AgentConfig, offer: Mapping[str, Any]) -> dict[str, Any] | None:
    """Take an offer: the outcome for the hub (`agent.steer` report), or None when it is the
    settings already held."""
    values = offer.get("values")
    version = offer.get("version")
    if not isinstance(values, dict) or not isinstance(version, int):
        return None
    found = digest(values)
    kept = held(config.agent_dir)
    if kept is not None and kept.hash == found:
        return None
    outcome: dict[str, Any] = {"version": version, "hash": found}
    problem = check(config, values)
    if problem is not None:
        return {**outcome, "state": "refused", "reason": {g: problem.text(g) for g in LANGS}}
    text = json.dumps({"version": version, "hash": found, "values": values}, ensure_ascii=False)
    (config.agent_dir / FILE).parent.mkdir(parents=True, exist_ok=True)
    atomicio.write_text(config.agent_dir / FILE, text + "\n")
    return {**outcome, "state": "applied"}
