"""`soumnet-hub doctor`: what weakens the fence around the agents' SSH account.

The agent's key is meant to do nothing but feed `ingest`. That holds only while sshd refuses
passwords and forwarding for the agent account and every key line in `authorized_keys` is
`restrict` with the forced command, in a file no other account can edit. The effective
settings come from `sshd -T` for a connection of the agent account (so `Match` blocks count),
not from reading the configuration file by hand. Each finding is one translated line; the
TUI's agents screen shows the same lines (`view`).
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from foundation.commands import Command
from foundation.config import current_user
from foundation.i18n import Lang
from inventory.agents_messages import T
from inventory.config import HubConfig
from inventory.intake.agents import Registry

# sshd -T option -> the values that keep the fence (anything else weakens it)
REFUSED = {
    "passwordauthentication": ("no",),
    "kbdinteractiveauthentication": ("no",),
    "permitemptypasswords": ("no",),
}
FORWARDING = {
    "allowtcpforwarding": ("no",),
    "allowstreamlocalforwarding": ("no",),
    "allowagentforwarding": ("no",),
    "x11forwarding": ("no",),
    "permittunnel": ("no",),
    "gatewayports": ("no",),
}
KEY_TYPES = ("ssh-", "ecdsa-", "sk-")


@dataclass(frozen=True)
class Finding:
    """One weakness: a message key of `agents_messages` and its values."""

    check: str
    values: dict[str, str]

    def text(self, lang: Lang) -> str:
        return T(lang, f"doctor.{self.check}", **self.values)


def sshd_settings(config: HubConfig, user: str) -> dict[str, str] | Finding:
    """The effective settings for a login of `user` from loopback, or why none could be read."""
    sshd = shutil.which("sshd") or next(
        (p for p in ("/usr/sbin/sshd", "/sbin/sshd") if os.path.exists(p)), None
    )
    conf = config.enrolment.sshd_config
    if sshd is None:
        return Finding("sshd_missing", {})
    # A throwaway host key: the real ones are root's. Imported here: cryptography (+9 MiB RSS,
    # +15 ms) only when sshd is asked, not at every hub command's start.
    from backups.sshsig import SigningKey

    with tempfile.TemporaryDirectory() as folder:
        key = Path(folder) / "host_key"
        key.write_bytes(SigningKey.generate().private_openssh())
        key.chmod(0o600)
        match = f"user={user},host=localhost,addr=127.0.0.1"
        done = subprocess.run(
            [sshd, "-T", "-f", str(conf), "-h", str(key), "-C", match],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["?"])[-1]
        return Finding("sshd_unreadable", {"file": str(conf), "reason": reason})
    settings: dict[str, str] = {}
    for line in done.stdout.splitlines():
        name, _, value = line.partition(" ")
        settings.setdefault(name.lower(), value.strip())
    return settings


def options_of(line: str) -> tuple[list[str], str] | None:
    """An authorized_keys line's options and its comment; None for a blank or comment line."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    options: list[str] = []
    if not text.startswith(KEY_TYPES):
        current, quoted, index = "", False, 0
        while index < len(text):
            char = text[index]
            if char == '"':
                quoted = not quoted
            elif char == "\\" and quoted and index + 1 < len(text):
                current += char
                index += 1
                char = text[index]
            elif char in ", \t" and not quoted:
                options.append(current)
                current = ""
                if char != ",":
                    break
                index += 1
                continue
            current += char
            index += 1
        text = text[index:].strip()
    words = text.split(None, 2)
    return [o.lower() for o in options if o], words[2] if len(words) > 2 else ""


def key_findings(path: Path) -> list[Finding]:
    """Key lines that can do more than `ingest`."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    except OSError as exc:
        return [Finding("keys_unreadable", {"file": str(path), "reason": str(exc.strerror)})]
    found: list[Finding] = []
    for number, line in enumerate(lines, 1):
        parsed = options_of(line)
        if parsed is None:
            continue
        options, comment = parsed
        where = {"file": str(path), "line": str(number), "comment": comment or "-"}
        if "restrict" not in options:
            found.append(Finding("key_unrestricted", where))
        if not any(o.startswith("command=") for o in options):
            found.append(Finding("key_no_command", where))
    return found


def mode_findings(path: Path, user: str) -> list[Finding]:
    """The file and its folders: no account but the agent account and root may change them."""
    try:
        allowed = {0, pwd.getpwnam(user).pw_uid}
    except KeyError:
        return [Finding("no_account", {"user": user})]
    found: list[Finding] = []
    for place in (path, *path.parents):
        try:
            info = place.stat()
        except FileNotFoundError:
            continue
        # a root-owned sticky folder (/tmp) lets no one replace another account's file
        sticky = stat.S_ISDIR(info.st_mode) and info.st_mode & stat.S_ISVTX and info.st_uid == 0
        if (info.st_mode & 0o022 and not sticky) or info.st_uid not in allowed:
            found.append(
                Finding(
                    "keys_writable",
                    {"file": str(place), "mode": oct(stat.S_IMODE(info.st_mode))[2:]},
                )
            )
    return found


def examine(config: HubConfig) -> list[Finding]:
    """Everything that weakens the agents' fence; empty when it holds."""
    user = config.enrolment.agent_user or current_user()
    found: list[Finding] = []
    settings = sshd_settings(config, user)
    if isinstance(settings, Finding):
        found.append(settings)
    else:
        for table, check in ((REFUSED, "sshd_login"), (FORWARDING, "sshd_forwarding")):
            for option, good in table.items():
                value = settings.get(option)
                if value is not None and value.lower() not in good:
                    found.append(Finding(check, {"option": option, "value": value, "user": user}))
    keys = Registry(config).authorized_keys
    found += key_findings(keys)
    found += mode_findings(keys, user)
    return found


def view(config: HubConfig, lang: Lang) -> list[str]:
    """The lines the TUI's agents screen shows: the findings, or that the fence holds."""
    found = examine(config)
    if not found:
        return [T(lang, "doctor.fine")]
    return [T(lang, "doctor.found", count=len(found)), *(f.text(lang) for f in found)]


def _args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.epilog = "exit status: 0 when nothing weakens the fence, 1 when something does"


def _run(args: argparse.Namespace, config: HubConfig) -> int:
    lang = args.lang
    found = examine(config)
    if args.json:
        rows = [{"check": f.check, **f.values, "text": f.text(lang)} for f in found]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for finding in found:
            print(finding.text(lang))
    return 1 if found else 0


COMMANDS = (
    Command(
        "doctor",
        "report what weakens the agents' SSH fence (sshd settings, authorized_keys)",
        _args,
        _run,
    ),
)
