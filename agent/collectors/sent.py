"""What the agent last sent of a document it sends as changes (`foundation.kinds.changes`):
`<agent dir>/sent/<kind>.json`, the whole document as the hub should now hold it.

Kept when the report is made, before the outbox has it: should the outbox refuse it (a full
disk), the next report's `base` names a document the hub never got, and the hub asks for
the whole one (the `scan` task). A missing or damaged file only means the next report is whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from foundation.i18n import Problem
from foundation.jsonfile import read_json, write_json
from foundation.kinds.changes import diff


class Sent:
    def __init__(self, agent_dir: Path, kind: str) -> None:
        self.path = agent_dir / "sent" / f"{kind}.json"

    def last(self) -> dict[str, Any] | None:
        try:
            found = read_json(self.path)
        except Problem:
            return None
        return found if isinstance(found, dict) else None

    def changes(self, document: Mapping[str, Any], whole: bool = False) -> dict[str, Any] | None:
        """The report `data` for `document` (None: nothing changed since the last one), and
        `document` kept as the last sent. `whole`: send it all (the hub asked)."""
        data = diff(None if whole else self.last(), document)
        if data is not None:
            write_json(self.path, dict(document))
        return data
