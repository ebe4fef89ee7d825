"""How a person's values are read: money, counts, dates, and the words of types and statuses.

One rule for every way in (`soumnet-hub devices|maintenance`, the CSV import, the TUI forms):
a value is read as the person meant it or refused with one line that names the field and the
forms it takes. Nothing is guessed: a form that could mean two things is refused.

- Money is whole tögrög: digits, optionally grouped by three with spaces (also no-break and
  thin spaces) or commas, optionally with `₮` or `төг`/`төгрөг`. `3,500` is 3500. A decimal
  part is accepted only when it is zero (`45,000.00`, as Excel writes a two-decimal number):
  `3.5` and `45 000.50` are refused rather than rounded, and `3.500` is refused because it
  reads as 3.5 to some and 3500 to others.
- Counts (minutes) are whole numbers read the same way, without a currency.
- Dates are year first: `2023-03-15` or the dotted `2023.03.15` of Mongolian documents.
- Choices take their code (`printer`), or their word in English or Mongolian as the TUI shows
  it (`Принтер`), in any case. `word` gives that one word; every screen, command and report
  takes it from here, so a kind has one name everywhere.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from foundation.i18n import Lang, Problem
from inventory.records_messages import T

CHOICES: dict[str, tuple[str, ...]] = {
    "type": (
        "pc",
        "laptop",
        "printer",
        "scanner",
        "switch",
        "router",
        "access_point",
        "ups",
        "projector",
        "camera",
        "other",
    ),
    "status": ("in_use", "spare", "in_repair", "retired"),
    "kind": ("repair", "maintenance", "upgrade", "installation", "user_support", "incident"),
    "entry_status": ("open", "closed"),
}
"""The codes of each vocabulary, in the order forms offer them. Words: `word.VOCAB.CODE` in
the records' catalog."""


class FieldProblem(Problem):
    """One field with a bad value; `field` names it."""

    def __init__(self, field: str, key: str, /, **values: object) -> None:
        super().__init__(T, key, field=field, **values)
        self.field = field


class BadChoice(FieldProblem):
    """A word that is none of a vocabulary's: the line lists the words of the reader's
    language, so the person sees what they can type."""

    def __init__(self, field: str, vocab: str, value: str) -> None:
        super().__init__(field, "devices.bad_choice", value=value, allowed=CHOICES[vocab])
        self.vocab = vocab

    def text(self, lang: Lang) -> str:
        allowed = ", ".join(_offered(lang, self.vocab, code) for code in CHOICES[self.vocab])
        return T(
            lang,
            "devices.bad_choice",
            field=self.field,
            value=self.values["value"],
            allowed=allowed,
        )


def word(lang: Lang, vocab: str, code: object) -> str:
    """The one word for `code` (a device type, status, maintenance kind or entry state);
    an unknown code (an old record) is shown as it is."""
    if code not in CHOICES[vocab]:
        return "" if code is None else str(code)
    return T(lang, f"word.{vocab}.{code}")


def _offered(lang: Lang, vocab: str, code: str) -> str:
    shown = word(lang, vocab, code)
    return shown if _fold(shown) == _fold(code) else f"{shown} ({code})"


def _fold(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def read_choice(field: str, vocab: str, text: str) -> str | None:
    """A code, or its English or Mongolian word, as the code; empty text is None."""
    if not text.strip():
        return None
    wanted = _fold(text)
    for code in CHOICES[vocab]:
        names = (code, T("en", f"word.{vocab}.{code}"), T("mn", f"word.{vocab}.{code}"))
        if wanted in (_fold(n) for n in names):
            return code
    raise BadChoice(field, vocab, text.strip())


_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_CURRENCY = re.compile(r"^₮?(.*?)(₮|төгрөг|төг\.?)?$", re.IGNORECASE)
_WHOLE = re.compile(r"(\d{1,3}(?:([ ,])\d{3})?(?:\2\d{3})*|\d+)(?:[.,]0{1,2})?")


def _whole(field: str, value: Any, currency: bool, message: str) -> int | None:
    """Digits grouped by three (space or comma), with at most a zero decimal part, and for
    money an optional `₮`/`төг`; a typed whole number as it is; empty is None."""
    number = _number(value)
    if number is not None:
        return number
    text = _SPACES.sub(" ", _text(value))
    if not text:
        return None
    if currency:
        matched = _CURRENCY.match(text)
        text = matched.group(1).strip() if matched else text
    found = _WHOLE.fullmatch(text)
    if found is None:
        raise FieldProblem(field, message, value=_text(value))
    return int(re.sub(r"\D", "", found.group(1)))


def read_money(field: str, value: Any) -> int | None:
    """Whole tögrög from text (`45 000 ₮`, `45,000`) or a number; empty is None."""
    return _whole(field, value, True, "devices.bad_money")


def read_count(field: str, value: Any) -> int | None:
    """A whole number of zero or more (`45`, `1 200`); empty is None."""
    return _whole(field, value, False, "devices.bad_number")


def _number(value: Any) -> int | None:
    """A typed number (not text) that is whole and not negative, else None to read as text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if value >= 0 and float(value).is_integer():
        return int(value)
    return None


_DATE = re.compile(r"(\d{4})([-.])(\d{1,2})\2(\d{1,2})")


def read_date(field: str, value: Any) -> str | None:
    """`2023-03-15` or `2023.03.15` (also `2023.3.5`) as ISO text; empty is None."""
    if isinstance(value, date | datetime):
        return value.isoformat()[:10]
    text = _text(value)
    if not text:
        return None
    found = _DATE.fullmatch(text)
    try:
        if found is None:
            raise ValueError(text)
        year, _sep, month, day = found.groups()
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        raise FieldProblem(field, "devices.bad_date", value=text) from None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()
