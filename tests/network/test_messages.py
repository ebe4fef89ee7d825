"""The network catalog: every message in both languages with the same placeholders."""

from __future__ import annotations

from agent.netmessages import T


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    for key, (en, mn) in T.messages.items():
        assert en.strip() and mn.strip(), key
        english, mongolian = T.placeholders(key)
        assert english == mongolian, key
