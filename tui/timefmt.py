"""Human ages of timestamps ("3 min ago"), in the user's language, to the minute."""

from __future__ import annotations

from datetime import UTC, datetime

from foundation.i18n import Lang
from tui.messages import T


def ago(ts: datetime | None, lang: Lang, now: datetime | None = None) -> str:
    if ts is None:
        return T(lang, "time.never")
    seconds = max(0, int(((now or datetime.now(UTC)) - ts).total_seconds()))
    # No seconds: a column that changes every second repaints every second over SSH.
    if seconds < 60:
        return T(lang, "time.just_now")
    if seconds < 7200:
        return T(lang, "time.minutes_ago", n=seconds // 60)
    if seconds < 172800:
        return T(lang, "time.hours_ago", n=seconds // 3600)
    return T(lang, "time.days_ago", n=seconds // 86400)
