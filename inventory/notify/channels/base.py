"""What every notification channel raises when it cannot hand a message on."""

from __future__ import annotations

from foundation.i18n import Problem


class DeliveryFailed(Exception):
    """A message was not handed on. `problem.text(lang)` is the one line a person reads;
    `retry` says whether trying again later can help (a full disk can pass, a phone number
    that is not a number cannot)."""

    def __init__(self, problem: Problem, retry: bool) -> None:
        super().__init__(str(problem))
        self.problem = problem
        self.retry = retry
