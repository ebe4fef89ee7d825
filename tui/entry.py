"""The `soumnet` console script: on an office PC, where `pip install soumnet` put the agent
alone, it says in one line to install soumnet[tui] instead of failing on an import."""

from __future__ import annotations

from foundation.cli import EXTRAS, missing_extra, needs_extra

MISSING = missing_extra(EXTRAS["tui"])
if MISSING is None:  # the terminal UI reads the hub's store, which imports its packages
    from tui.cli import main as tui_main


def main() -> int:
    if MISSING is not None:
        return needs_extra("soumnet", "tui", MISSING)
    return tui_main()
