"""Key bindings that work from PuTTY: every action has a letter, its Cyrillic twin and an F-key.

With a Mongolian Cyrillic keyboard layout the terminal sends "й" where a Latin layout sends
"a", so letter bindings alone do not fire (textual#3694). Each letter is also bound to the
letter on the same key of the Mongolian layout, and to an F-key where one is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding, BindingsMap

from foundation.i18n import Lang
from tui.messages import T

# Latin key -> the letter the Mongolian Cyrillic layout (Windows "Mongolian") puts there.
MONGOLIAN_LAYOUT = dict(
    zip(
        "qwertyuiopasdfghjklzxcvbnm",
        "фцужэнгшүзйыбөахролячёсмит",
        strict=True,
    )
)


@dataclass(frozen=True)
class Key:
    id: str
    letter: str | None
    action: str
    label: str
    fkey: str | None = None
    show: bool = True
    priority: bool = False


FOCUS_KEYS = (
    Key(
        "focus.next",
        None,
        "app.focus_next",
        "key.next_field",
        fkey="tab",
        show=False,
        priority=True,
    ),
    Key(
        "focus.previous",
        None,
        "app.focus_previous",
        "key.previous_field",
        fkey="shift+tab",
        show=False,
        priority=True,
    ),
)
"""Tab and Shift+Tab move through a form's fields on every screen. Priority keys: the app
moves the focus as the key arrives, so the letters typed right after it (over SSH a burst of
keys often arrives at once) go to the next field, not to the one the Tab left."""


def keys_for(key: Key) -> str:
    """'q,ф,f10': the letter, its Cyrillic twin, the F-key."""
    names: list[str] = []
    if key.letter:
        names.append(key.letter)
        twin = MONGOLIAN_LAYOUT.get(key.letter.lower())
        if twin:
            names.append(twin)
    if key.fkey:
        names.append(key.fkey)
    return ",".join(names)


def bindings(lang: Lang, keys: Iterable[Key], inherited: BindingsMap) -> BindingsMap:
    """`keys` added to the node's `inherited` class bindings: a screen keeps Textual's Tab and
    Shift+Tab (focus next/previous field), the app its Ctrl+Q."""
    own = BindingsMap(
        [
            Binding(
                keys_for(k),
                k.action,
                T(lang, k.label),
                show=k.show,
                key_display=k.fkey.upper() if k.fkey and not k.letter else k.letter,
                priority=k.priority,
                id=k.id,
            )
            for k in keys
        ]
    )
    return BindingsMap.merge([inherited, own])


def key_names(key: Key) -> str:
    """What the help screen shows for a key: 'q / ф / F10'."""
    return " / ".join(
        part.upper() if part.startswith("f") and part[1:].isdigit() else part
        for part in keys_for(key).split(",")
    )
