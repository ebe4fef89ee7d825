"""Scans in a child process: the result comes back as JSON, a failure as one line."""

from __future__ import annotations

import pytest

from agent.jobs.child import ChildFailed, in_child


def test_the_child_returns_what_the_function_returned() -> None:
    facts = in_child("agent.collectors.facts:linux_facts")
    assert isinstance(facts, dict) and facts.get("hostname")


def test_a_failing_function_is_one_line() -> None:
    with pytest.raises(ChildFailed, match=r"ModuleNotFoundError: No module named 'agent\.nowhere'"):
        in_child("agent.nowhere:scan")
    with pytest.raises(ChildFailed, match="TypeError"):
        in_child("agent.collectors.facts:linux_facts", nonsense=1)
