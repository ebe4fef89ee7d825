"""The one rule for reading a figure out of a report: what counts as a number, and where a
boolean does.

JSON has no separate integer and boolean types in Python's eyes (`True` is an `int`), so a
reading must say which it means. A measurement (a percent, a latency) is an int or a float,
never a boolean: `"percent": true` from a broken sensor is no figure. The one exception is
`up`: a device that answered is 1, one that did not is 0, so that an hour's average is its
availability (`up_figure`).
"""

from __future__ import annotations


def number(value: object) -> float | None:
    """A measurement as a float; None for a boolean, text, null or anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def whole(value: object) -> int | None:
    """A count (bytes, ticks, pages) as an int; None for a boolean or a fraction."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def up_figure(value: object) -> float | None:
    """The `up` figure: true 1, false 0. A number is kept as it is (an agent that sent its
    availability as 0/1); anything else is None."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    return number(value)


def known(figures: dict[str, float | None]) -> dict[str, float]:
    """The figures a report has: one it lacks is left out, not kept as null."""
    return {name: value for name, value in figures.items() if value is not None}
