"""The figures of a rolled-up report: an agent's outbox folds an hour of samples into one
report whose `data.figures` holds, per figure, `{"min", "max", "sum", "count"}`
(`agent.delivery.rollup`), the shape the hub keeps in its hourly history.
"""

from __future__ import annotations

from foundation.kinds.fields import JsonObject, obj
from foundation.kinds.numbers import number

BUCKET_FIELDS = ("min", "max", "sum", "count")

Buckets = dict[str, dict[str, float]]
"""{figure: {"min", "max", "sum", "count"}}."""


def rolled_figures(data: JsonObject) -> Buckets | None:
    """The `data.figures` of a rolled-up report when every bucket is well formed, else None
    (then the report is read as one sample)."""
    found = obj(data.get("figures"))
    if not found:
        return None
    out: Buckets = {}
    for name, bucket in found.items():
        values = {f: number(obj(bucket).get(f)) for f in BUCKET_FIELDS}
        if any(v is None for v in values.values()):
            return None
        out[str(name)] = {f: v for f, v in values.items() if v is not None}
    return out
