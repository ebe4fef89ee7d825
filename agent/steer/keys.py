"""Which settings the hub may set on an agent, and how an offer of them is named.

Only what an office steers from the centre: intervals, the poller's devices and credentials,
probe targets, the yearly archive's sources, recipients and schedule, the office's names.
Never what makes the agent itself (its id, data folder, hub address, key, the hub's host key)
and never what runs a program or names a key file (`backup.dumps`, `backup.signing_key`,
`backup.out_dir`): a stolen hub account must not become code execution on every PC.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

SECTIONS = ("snmp", "probes", "office")
"""Every key under these."""
KEYS = frozenset(
    {
        "agent.health_interval_seconds",
        "agent.sync_interval_seconds",
        "agent.software_interval_seconds",
        "agent.batch_max_reports",
        "agent.batch_max_bytes",
        "agent.raw_keep_hours",
        "agent.retry_min_seconds",
        "agent.retry_max_seconds",
        "agent.connect_timeout_seconds",
        "agent.exchange_timeout_seconds",
        "agent.keepalive_seconds",
        "backup.sources",
        "backup.excludes",
        "backup.sqlite",
        "backup.label",
        "backup.recipients",
        "backup.recipient_names",
        "backup.month",
        "backup.day",
        "backup.time",
        "backup.retention_years",
        "ui.lang",
    }
)


def steerable(key: str) -> bool:
    return key in KEYS or (key.partition(".")[0] in SECTIONS and "." in key)


def digest(values: Mapping[str, Any]) -> str:
    """The hash an offer and an agent's report name settings by (16 hex digits of SHA-256
    over the values as sorted, compact JSON)."""
    import hashlib  # OpenSSL: only when settings are offered, not in the always-on loop

    text = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
