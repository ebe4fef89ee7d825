"""The `soumnet-hub` console script: on an office PC, where `pip install soumnet` put the
agent alone, it says in one line to install soumnet[hub] instead of failing on an import."""

from __future__ import annotations

from foundation.cli import EXTRAS, missing_extra, needs_extra

MISSING = missing_extra(EXTRAS["hub"])
if MISSING is None:  # the hub's commands import its packages as they load
    from inventory.cli import main as hub_main


def main() -> int:
    if MISSING is not None:
        return needs_extra("soumnet-hub", "hub", MISSING)
    return hub_main()
