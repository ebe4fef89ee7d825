"""`soumnet-hub notify test CHANNEL|PERSON`: a message sent now, its outcome answered at once
and kept in the notification log (as finished: it is never sent again)."""

from __future__ import annotations

from typing import Any

from foundation.i18n import LANGS, Problem
from foundation.wire import utcnow
from inventory.config import HubConfig
from inventory.notify import plan
from inventory.notify.channels.base import DeliveryFailed
from inventory.notify.channels.factory import make_channel
from inventory.notify.journal import Journal
from inventory.notify.messages import T
from inventory.notify.sender import lines
from inventory.notify.texts import test_words
from inventory.store.layout import Layout


class NoTarget(Problem):
    def __init__(self, target: str, config: HubConfig) -> None:
        known = ", ".join([*config.notify.channels, *config.users]) or "-"
        super().__init__(T, "notify.test.no_target", target=target, known=known)


def send_test(config: HubConfig, layout: Layout, target: str, who: str) -> list[dict[str, Any]]:
    """To a person: a test message on each of their channels. To a channel: whether it can
    send (the server answers, gammu-smsd runs and sees the phone). One result per channel."""
    results: list[dict[str, Any]] = []
    if target in config.notify.channels and target not in config.users:
        ready = make_channel(config.notify.channels[target]).check()
        results.append(_result(target, "", ready))
        return results
    if target not in config.users:
        raise NoTarget(target, config)
    reached = plan.recipients(config, target)
    if not reached:
        raise Problem(T, "notify.test.no_channels", person=target)
    journal = Journal(layout.notify)
    try:
        for r in reached:
            now = utcnow()
            words = test_words(r.person.lang, config.office, who, now)
            key = f"t-{plan.tag(target, r.channel, now.isoformat())}"
            message = plan.message(key, "test", r, words, now)
            problem: Problem | None = None
            try:
                make_channel(r.settings).send(message.key, r.to, message.subject, message.text)
            except DeliveryFailed as failed:
                problem = failed.problem
            journal.finished(message, utcnow(), lines(problem) if problem else None)
            results.append(_result(r.channel, r.to, problem))
    finally:
        journal.close()
    return results


def _result(channel: str, to: str, problem: Problem | None) -> dict[str, Any]:
    out: dict[str, Any] = {"channel": channel, "to": to, "ok": problem is None}
    if problem is not None:
        out["reason"] = {lang: problem.text(lang) for lang in LANGS}
    return out
