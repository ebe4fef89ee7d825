"""E-mail over SMTP (standard library `smtplib`): STARTTLS, TLS or plain, with or without login.

The message's idempotency key is its `Message-ID`, so a message sent again after a crash is the
same message to the mailbox (mail programs show one copy of a Message-ID).
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Sequence
from email.header import Header
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate
from pathlib import Path

from foundation.i18n import Problem
from inventory.notify.channels.base import DeliveryFailed
from inventory.notify.messages import T
from inventory.settings.notify import ChannelSettings


class SmtpChannel:
    def __init__(self, settings: ChannelSettings) -> None:
        self.settings = settings
        self.internet = settings.needs_internet

    def _password(self) -> str:
        file = self.settings.password_file
        if file is None:
            return ""
        try:
            return file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise DeliveryFailed(
                Problem(T, "smtp.no_password", file=file, reason=exc.strerror or exc), retry=True
            ) from None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        if s.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                s.host, s.smtp_port, timeout=s.timeout_seconds, context=context
            )
        else:
            client = smtplib.SMTP(s.host, s.smtp_port, timeout=s.timeout_seconds)
            if s.security == "starttls":
                client.starttls(context=context)
        if s.user:
            client.login(s.user, self._password())
        return client

    def _message(
        self, key: str, to: str, subject: str, text: str, attach: Sequence[Path] = ()
    ) -> Message:
        """A UTF-8 text mail. The subject is encoded by `email.header.Header`: the newer
        `EmailMessage` folds a long Cyrillic subject into encoded words that lose the space
        between them (Python 3.11), which mail programs then show run together."""
        mail: Message = MIMEText(text, "plain", "utf-8")
        if attach:
            mixed = MIMEMultipart()
            mixed.attach(mail)
            for path in attach:
                part = MIMEApplication(path.read_bytes(), Name=path.name)
                part.add_header("Content-Disposition", "attachment", filename=path.name)
                mixed.attach(part)
            mail = mixed
        mail["From"] = self.settings.sender
        mail["To"] = to
        mail["Subject"] = Header(subject, "utf-8")  # type: ignore[assignment]
        mail["Date"] = formatdate(localtime=False)
        domain = self.settings.sender.rpartition("@")[2] or "soumnet"
        mail["Message-ID"] = f"<{key}@{domain}>"
        return mail

    def send(self, key: str, to: str, subject: str, text: str, attach: Sequence[Path] = ()) -> None:
        if "@" not in to:
            raise DeliveryFailed(Problem(T, "smtp.bad_address", address=to), retry=False)
        try:
            mail = self._message(key, to, subject, text, attach)
        except OSError as exc:
            raise DeliveryFailed(_unreadable(exc), retry=True) from None
        try:
            with self._connect() as client:
                client.send_message(mail)
        except DeliveryFailed:
            raise
        except Exception as exc:
            raise _failed(self.settings, exc) from None

    def check(self) -> Problem | None:
        try:
            with self._connect() as client:
                client.noop()
        except DeliveryFailed as failed:
            return failed.problem
        except Exception as exc:
            return _failed(self.settings, exc).problem
        return None


def _unreadable(exc: OSError) -> Problem:
    return Problem(T, "notify.no_file", file=exc.filename, reason=exc.strerror or exc)


def _failed(s: ChannelSettings, exc: BaseException) -> DeliveryFailed:
    """One line for what smtplib or the network raised, and whether to try again."""
    where = f"{s.host}:{s.smtp_port}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return DeliveryFailed(Problem(T, "smtp.login", server=where, user=s.user), retry=True)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(exc.recipients)
        return DeliveryFailed(Problem(T, "smtp.refused", server=where, to=refused), retry=False)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return DeliveryFailed(Problem(T, "smtp.no_tls", server=where), retry=False)
    if isinstance(exc, smtplib.SMTPResponseException):
        said = exc.smtp_error
        reason = said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said or "")
        retry = exc.smtp_code < 500
        return DeliveryFailed(
            Problem(T, "smtp.answer", server=where, code=exc.smtp_code, reason=reason), retry
        )
    if isinstance(exc, ssl.SSLError):
        return DeliveryFailed(Problem(T, "smtp.tls", server=where, reason=exc), retry=True)
    if isinstance(exc, socket.gaierror):
        return DeliveryFailed(Problem(T, "smtp.no_host", server=where), retry=True)
    if isinstance(exc, (OSError, smtplib.SMTPException)):
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return DeliveryFailed(Problem(T, "smtp.unreachable", server=where, reason=reason), True)
    return DeliveryFailed(Problem(T, "smtp.unreachable", server=where, reason=exc), retry=True)
