"""Reports and batches made for tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from foundation.wire import Report, encode_batch

BASE = datetime(2026, 11, 1, tzinfo=UTC)


def health(agent: str, n: int, device: str | None = None, cpu: float = 10.0) -> Report:
    return Report(
        id=f"{agent}-{n}",
        agent=agent,
        kind="health",
        device=device or f"host:{agent}",
        ts=BASE + timedelta(minutes=n),
        data={
            "hostname": f"pc-{agent}",
            "cpu": {"percent": cpu},
            "memory": {"percent": 40.0},
            "disks": [{"mount": "/", "percent": 55.5}, {"mount": "/data", "percent": 91.0}],
        },
    )


def batch(agent: str, numbers: range) -> bytes:
    return encode_batch(agent, [health(agent, n) for n in numbers])
