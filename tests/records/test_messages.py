"""Every message key the records build from a name exists in both languages."""

from __future__ import annotations

from inventory.records import alerts, values
from inventory.records_messages import T


def test_dynamic_keys_exist() -> None:
    keys = [f"alert.{rule}" for rule in alerts.RULES]
    keys += [f"word.{vocab}.{code}" for vocab, codes in values.CHOICES.items() for code in codes]
    keys += ["audit.bad_entry", "audit.missing", "audit.broken_link", "audit.edited"]
    keys += ["audit.tail_missing"]
    for key in keys:
        en, mn = T.placeholders(key)
        assert en == mn, key
        assert T("en", key, name="x", value=1, threshold=2, detail="d", seq=3) != T(
            "mn", key, name="x", value=1, threshold=2, detail="d", seq=3
        ), key


def test_alert_states_are_shown_in_words() -> None:
    for state in alerts.STATES:
        assert T("mn", f"alert.state.{state}") != state, state
        assert T("en", f"alert.state.{state}") == state, state


def test_entry_statuses_are_shown_in_words() -> None:
    for status in values.CHOICES["entry_status"]:
        assert values.word("mn", "entry_status", status) != status, status
