"""The translation layer: every user-visible string has an English and a Mongolian text.

Each package keeps its own `Catalog` (in its `messages.py`), so no module-level registry is
shared or mutated. The language is passed explicitly, never read from a global.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Lang = Literal["mn", "en"]
LANGS: tuple[Lang, ...] = ("mn", "en")


class UnknownMessage(KeyError):
    """A key asked for that no catalog defines: a programming error, found by the tests."""


@dataclass(frozen=True)
class Catalog:
    """Messages of one package: key -> (English, Mongolian)."""

    messages: Mapping[str, tuple[str, str]]

    def __call__(self, lang: Lang, key: str, /, **values: object) -> str:
        try:
            en, mn = self.messages[key]
        except KeyError:
            raise UnknownMessage(key) from None
        text = mn if lang == "mn" else en
        return text.format(**values) if values else text

    def code(self, lang: Lang, group: str, code: object, /, **values: object) -> str:
        """A value stored as a code (`up`, `internet_down`, `OK`), shown as the text of key
        `group.code`; a code this version has no text for is shown as it is."""
        key = f"{group}.{code}"
        return self(lang, key, **values) if key in self.messages else str(code)

    def placeholders(self, key: str) -> tuple[set[str], set[str]]:
        """The `{names}` used by each language, so a test can check they agree."""
        en, mn = self.messages[key]
        return _names(en), _names(mn)


def _names(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def parse_lang(value: str | None) -> Lang | None:
    """'mn', 'mn_MN.UTF-8', 'en_US' -> 'mn' / 'en'; anything else -> None."""
    if not value:
        return None
    head = value.strip().lower()[:2]
    for lang in LANGS:
        if head == lang:
            return lang
    return None


def env_lang(env: Mapping[str, str] | None = None) -> Lang | None:
    """The language the environment names: SOUMNET_LANG, then LC_ALL/LC_MESSAGES/LANG (a
    locale such as C.UTF-8 names none)."""
    env = os.environ if env is None else env
    for name in ("SOUMNET_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        found = parse_lang(env.get(name))
        if found:
            return found
    return None


def lang_from_env(env: Mapping[str, str] | None = None, default: Lang = "en") -> Lang:
    """The language a command-line user expects: the environment's, else `default`."""
    return env_lang(env) or default


class Problem(Exception):
    """An error whose one-line text is translated where it is shown.

    `str(exc)` is the English text (for logs); `exc.text(lang)` is what a user reads.
    """

    def __init__(self, catalog: Catalog, key: str, /, **values: object) -> None:
        super().__init__(catalog("en", key, **values))
        self.catalog = catalog
        self.key = key
        self.values = values

    def text(self, lang: Lang) -> str:
        values = {
            k: (v.text(lang) if isinstance(v, Problem) else v) for k, v in self.values.items()
        }
        return self.catalog(lang, self.key, **values)
