"""The one check every command that reads or changes the hub makes: the person's role.

Records, archives and agent enrolment alike are changed only by the `it` role (or by anyone
while no `[users]` are configured), so an auditor cannot approve an agent any more than edit
a device. The person is the account the operating system names (`current_user`: the real
user id, or `serve`'s peer credentials), never an environment variable. `serve` makes the
same check for every operation it carries out (`inventory.intake.door`); a command makes it first
only to say so in one line before it sends anything.
"""

from __future__ import annotations

from foundation.cli import CommandError, cli_lang
from foundation.config import current_user
from foundation.i18n import Problem
from inventory.config import HubConfig
from inventory.records_messages import T

IT = frozenset({"it"})
READERS = frozenset({"it", "auditor"})
REFUSED = 4
"""The exit status of a command whose caller's role may not do it."""


class Refused(Problem):
    """The caller's role may not do this; `status` is the command's exit status."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(T, key, **values)
        self.status = REFUSED


def role_problem(
    config: HubConfig, user: str, allowed: frozenset[str], reading: bool = False
) -> Refused | None:
    """Why `user` may not do what `allowed` may (change records, or read them when
    `reading`), or None when they may. Without any `[users]` (one person on their own
    machine) everyone may."""
    if not config.users:
        return None
    role = config.role_of(user)
    if role is None:
        return Refused("door.no_role", user=user)
    if role not in allowed:
        return Refused("door.may_not_read" if reading else "records.read_only", user=user)
    return None


def check(config: HubConfig, allowed: frozenset[str] = IT, reading: bool = False) -> str:
    """The OS's account of this process, refused (one line, exit 4) unless its role is
    among `allowed`."""
    user = current_user()
    refused = role_problem(config, user, allowed, reading)
    if refused is not None:
        raise CommandError(refused.text(cli_lang(config)), refused.status)
    return user


def changer(config: HubConfig) -> str:
    """The account making a change; refused unless its role is `it`."""
    return check(config, IT)
