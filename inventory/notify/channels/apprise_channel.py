"""Messengers and webhooks through Apprise: one URL per channel names the service and target
(`tgram://…`, `ntfy://…`, `matrix://…`, `slack://…`, `json://host/path` …), so no service has a
hand-written client here.

To a webhook (`json://`, `form://`, `xml://`) the message's idempotency key travels as the
`Idempotency-Key` header, the same on a repeated send, so a receiver can tell a repeat.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from foundation.i18n import Problem
from inventory.notify.channels.base import DeliveryFailed
from inventory.notify.messages import T
from inventory.settings.notify import ChannelSettings

WEBHOOKS = ("json", "jsons", "form", "forms", "xml", "xmls")


class AppriseChannel:
    def __init__(self, settings: ChannelSettings) -> None:
        self.settings = settings
        self.internet = settings.needs_internet

    def url(self, to: str, key: str = "") -> str:
        url = self.settings.url.replace("{to}", quote(to, safe="@+"))
        scheme = url.partition("://")[0].lower()
        if key and scheme in WEBHOOKS:
            url += ("&" if "?" in url else "?") + "+Idempotency-Key=" + quote(key)
        return url

    def send(self, key: str, to: str, subject: str, text: str, attach: Sequence[Path] = ()) -> None:
        import apprise  # loaded by the sender's thread only, not by every command

        if "{to}" in self.settings.url and not to:
            raise DeliveryFailed(Problem(T, "apprise.no_address"), retry=False)
        app = apprise.Apprise()
        if not app.add(self.url(to, key)):
            raise DeliveryFailed(Problem(T, "apprise.bad_url", scheme=self._scheme()), False)
        said: list[str] = []

        def heard(entry: Any, *_: Any) -> None:
            said.append(str(getattr(entry, "message", entry)))

        try:
            files = [str(path) for path in attach] or None
            sent = bool(
                app.notify(
                    body=text,
                    title=subject,
                    attach=files,
                    log_callback=heard,
                    log_level=logging.WARNING,
                )
            )
        except Exception as exc:  # a plugin's own failure is a failed send, not a dead thread
            said.append(repr(exc))
            sent = False
        if not sent:
            reason = said[-1] if said else "-"
            raise DeliveryFailed(
                Problem(T, "apprise.failed", scheme=self._scheme(), reason=reason), retry=True
            )

    def _scheme(self) -> str:
        return self.settings.url.partition("://")[0] or "?"

    def check(self) -> Problem | None:
        import apprise

        if not apprise.Apprise().add(self.url("x")):
            return Problem(T, "apprise.bad_url", scheme=self._scheme())
        return None
