"""The one check every command that changes the hub makes: the person's configured role.

Records, archives and agent enrolment alike are changed only by the `it` role (or by anyone
while no `[users]` are configured), so an auditor cannot approve an agent any more than edit
a device.
"""

from __future__ import annotations

from agent.cliutil import CommandError, cli_lang
from agent.config import Config, current_user
from inventory.records_messages import T

REFUSED = 4


def changer(config: Config) -> str:
    """The logged-in user making a change; refused (one line, exit 4) unless role `it`."""
    user = current_user()
    if config.users and config.role_of(user) != "it":
        raise CommandError(T(cli_lang(config), "records.read_only", user=user), REFUSED)
    return user
