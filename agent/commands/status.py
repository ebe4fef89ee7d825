"""`soumnet-agent status`: what waits in the outbox, how syncing goes, the next yearly backup.

Reads only: the outbox shards, the sync state file and the backup schedule; it changes
nothing, so it is safe to run beside the service.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from agent.config import AgentConfig
from agent.delivery.outbox import Outbox, OutboxStats
from agent.delivery.sync import SyncState, load_state
from agent.jobs.backup import backup_status_lines
from agent.messages import T
from foundation.commands import Command
from foundation.i18n import Lang


def status_json(stats: OutboxStats, state: SyncState, backup: list[str]) -> dict[str, Any]:
    return {
        "outbox": {
            "raw": stats.raw,
            "rolled_up": stats.rolled_up,
            "bytes": stats.bytes,
            "files": stats.files,
        },
        "sync": state.to_json(),
        "backup": backup,
    }


def status_lines(stats: OutboxStats, state: SyncState, lang: Lang) -> list[str]:
    def when(ts: datetime | None, empty: str = "agent.status.never") -> str:
        return ts.strftime("%Y-%m-%d %H:%M:%S UTC") if ts else T(lang, empty)

    size = T(lang, "agent.status.megabytes", value=f"{stats.bytes / 1_000_000:.1f}")
    lines = [
        T(
            lang,
            "agent.status.outbox",
            total=stats.raw + stats.rolled_up,
            raw=stats.raw,
            rolled=stats.rolled_up,
            size=size,
        ),
        T(lang, "agent.status.last_success", when=when(state.last_success)),
    ]
    if state.last_error and state.failures:
        lines.append(
            T(
                lang,
                "agent.status.last_error",
                when=when(state.last_error_at),
                error=state.last_error,
                failures=state.failures,
            )
        )
    else:
        lines.append(T(lang, "agent.status.no_error"))
    next_at = when(state.next_attempt, "agent.status.not_scheduled")
    lines.append(T(lang, "agent.status.next_attempt", when=next_at))
    return lines


def _status_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the status as JSON")


def _status(args: argparse.Namespace, config: AgentConfig) -> int:
    lang: Lang = args.lang
    stats = Outbox(config.agent_dir).stats()
    state = load_state(config.agent_dir)
    backup = backup_status_lines(config, lang)
    if args.json:
        print(json.dumps(status_json(stats, state, backup), ensure_ascii=False, indent=2))
    else:
        print("\n".join([*status_lines(stats, state, lang), *backup]))
    return 0


COMMANDS = (
    Command("status", "outbox depth, last sync, next attempt, next backup", _status_args, _status),
)
