"""What every notification channel raises when it cannot hand a message on."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from foundation.i18n import Problem


class DeliveryFailed(Exception):
    """A message was not handed on. `problem.text(lang)` is the one line a person reads;
    `retry` says whether trying again later can help (a full disk can pass, a phone number
    that is not a number cannot)."""

    def __init__(self, problem: Problem, retry: bool) -> None:
        super().__init__(str(problem))
        self.problem = problem
        self.retry = retry


class Channel(Protocol):
    """A channel as the sender uses it."""

    internet: bool
    """Needs the uplink: its messages wait while the internet is down."""

    def send(self, key: str, to: str, subject: str, text: str, attach: Sequence[Path] = ()) -> None:
        """Send one message (with files, where the channel carries them); `key` is its
        idempotency key (the same on a repeated send)."""

    def check(self) -> Problem | None:
        """Whether the channel can send now (`notify test`): None, or why not."""
