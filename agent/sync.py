"""Offer the outbox to the hub and forget only what the hub acknowledged."""

from __future__ import annotations

from dataclasses import dataclass

from agent.outbox import Outbox
from agent.transport import Transport
from agent.wire import encode_batch


@dataclass(frozen=True)
class SyncResult:
    accepted: int
    rejected: list[dict[str, str]]
    remaining: int


def sync_once(outbox: Outbox, transport: Transport, agent: str, max_reports: int) -> SyncResult:
    """Send batches until the outbox is empty; DeliveryError leaves the rest in place."""
    accepted = 0
    rejected: list[dict[str, str]] = []
    while True:
        reports = outbox.oldest(max_reports)
        if not reports:
            break
        reply = transport.exchange(encode_batch(agent, reports))
        sent = {r.id for r in reports}
        acked = {i for i in reply.get("accepted", []) if i in sent}
        refused = [r for r in reply.get("rejected", []) if r.get("id") in sent]
        outbox.forget(acked | {r["id"] for r in refused})
        accepted += len(acked)
        rejected += refused
        if not acked and not refused:
            break
    return SyncResult(accepted, rejected, outbox.depth())
