"""The network catalog: every message in both languages with the same placeholders."""

from __future__ import annotations

from typing import get_args

from agent.collectors.outage import State
from agent.collectors.snmp.parse import BATTERY_STATUS
from agent.netmessages import T


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    for key, (en, mn) in T.messages.items():
        assert en.strip() and mn.strip(), key
        english, mongolian = T.placeholders(key)
        assert english == mongolian, key


def test_stored_states_are_shown_in_words() -> None:
    """Codes kept in reports (`up`, `internet_down`, a UPS battery's `low`) are shown to people
    in their language; a code this version does not know is shown as it is."""
    groups = {
        "status": ("up", "down", "unreachable"),
        "uplink": get_args(State),
        "event": ("internet_down", "internet_down_ended", "lan_down", "lan_down_ended"),
        "battery": tuple(BATTERY_STATUS.values()),
    }
    for group, codes in groups.items():
        for code in codes:
            assert T.code("mn", f"net.{group}", code, target="x") != code, (group, code)
    assert "_" not in T.code("en", "net.uplink", "internet_down")
    assert T.code("mn", "net.event", "target_down", target="8.8.8.8").startswith("8.8.8.8 ")
    assert T.code("mn", "net.status", "new-state") == "new-state"
