"""Documents sent as changes: a `posture` or `software` report carries only what changed.

A machine's posture (firewall on, antivirus up to date …) and its installed programs change
seldom, so the agent sends the whole document once and after that only the differences, as
Wazuh's SCA does. The report's `data`:

- `full`: true when `values` is the whole document (the first report, or one the hub asked
  for with the `scan` task), false when it holds only the keys that changed;
- `values`: key → JSON value (a changed or new key, or every key when `full`);
- `removed`: keys gone since `base`;
- `base`: the digest of the document the changes apply to (null when `full`);
- `hash`: the digest of the document after them.

The digest (`digest`) is 16 hex digits of SHA-256 over the document as sorted, compact JSON,
so the hub can tell whether it holds the document the agent changed (`apply` returns None
when it does not: the hub then asks for the whole one).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from foundation.digest import sha256_hex
from foundation.kinds.fields import JsonObject, flag, obj, text, texts

Document = dict[str, Any]


@dataclass(frozen=True)
class Changes:
    full: bool
    values: Mapping[str, Any]
    removed: tuple[str, ...]
    base: str | None
    hash: str | None


def digest(document: Mapping[str, Any]) -> str:
    """The name a document goes by in `base` and `hash`."""
    raw = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return sha256_hex(raw)[:16]


def parse(data: JsonObject) -> Changes:
    return Changes(
        full=flag(data.get("full")) is True,
        values=obj(data.get("values")),
        removed=texts(data.get("removed")),
        base=text(data.get("base")),
        hash=text(data.get("hash")),
    )


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> dict[str, Any] | None:
    """The `data` that turns `before` into `after` (the whole of `after` when `before` is
    None); None when nothing changed."""
    if before is None:
        return {
            "full": True,
            "values": dict(after),
            "removed": [],
            "base": None,
            "hash": digest(after),
        }
    changed = {k: v for k, v in after.items() if k not in before or before[k] != v}
    removed = sorted(k for k in before if k not in after)
    if not changed and not removed:
        return None
    return {
        "full": False,
        "values": changed,
        "removed": removed,
        "base": digest(before),
        "hash": digest(after),
    }


def apply(current: Mapping[str, Any] | None, changes: Changes) -> Document | None:
    """The document after `changes`; None when they apply to another document than
    `current` (a lost or reordered report, or a hub restored from an older copy)."""
    if changes.full:
        return dict(changes.values)
    if current is None or (changes.base is not None and digest(current) != changes.base):
        return None
    out = {k: v for k, v in current.items() if k not in changes.removed}
    out.update(changes.values)
    return out
