"""The channel object for each `[notify.channels.NAME]` table."""

from __future__ import annotations

from inventory.notify.channels.apprise_channel import AppriseChannel
from inventory.notify.channels.base import Channel
from inventory.notify.channels.sms import SmsChannel
from inventory.notify.channels.smtp import SmtpChannel
from inventory.settings.notify import ChannelSettings


def make_channel(settings: ChannelSettings) -> Channel:
    if settings.type == "smtp":
        return SmtpChannel(settings)
    if settings.type == "apprise":
        return AppriseChannel(settings)
    return SmsChannel(settings)
