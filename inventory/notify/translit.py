"""Mongolian Cyrillic in Latin letters, for phones that cannot show Cyrillic in an SMS.

The table follows MNS 5217:2012 with ө and ү as ö and ü, which the GSM 7-bit alphabet has, so a
transliterated SMS stays in 160-character parts rather than 70.
"""

from __future__ import annotations

_LOWER = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "ye", "ё": "yo", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "ü", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "i",
    "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_TABLE = {ord(k): v for k, v in _LOWER.items()}
_TABLE |= {ord(k.upper()): v[:1].upper() + v[1:] for k, v in _LOWER.items()}
_TABLE |= {ord("–"): "-", ord("—"): "-", ord("«"): '"', ord("»"): '"', ord("№"): "No"}


def latin(text: str) -> str:
    return text.translate(_TABLE)
