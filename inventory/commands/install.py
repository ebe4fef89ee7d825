"""`soumnet-hub install-service`: the hub for several people, fenced by the operating system.

- The service account (`soumnet`) owns the data folder; only it writes there. `serve` runs
  as it (a systemd unit with the agent's confinement) and takes people's changes through its
  socket (`inventory.intake.door`), where the kernel names the caller.
- Group `soumnet-it` (IT staff) reads the records; group `soumnet-audit` (auditors, and IT
  staff too) enters the data folder and reads the audit trail and the archives. Nobody else
  enters the data folder. Folders are set-group-id, so that what `serve` writes later gets
  the folder's group, and `serve` writes with umask 027 (files 0640): a record file is
  readable by `soumnet-it` only, an audit shard or an archive by `soumnet-audit`.
- Each account given is put in its groups and listed in `[users]` of the configuration file,
  which becomes readable by those groups only.

Installing is a list of `Step`s (the agent's), so `--dry-run` prints exactly what would be done.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from agent.messages import T as AGENT_T
from agent.service import install
from foundation.cli import CommandError, cli_lang
from foundation.commands import Command
from inventory.config import HubConfig
from inventory.intake.archives import archive_root
from inventory.messages import T
from inventory.store.layout import Layout

UNIT_NAME = "soumnet-hub.service"
ACCOUNT = re.compile(r"^[a-z_][a-z0-9_.-]{0,31}$")


def groups(service: str) -> tuple[str, str]:
    """The IT group and the auditors' group of a service account."""
    return f"{service}-it", f"{service}-audit"


def hub_command() -> list[str]:
    script = Path(sys.executable).parent / "soumnet-hub"
    return [str(script)] if script.exists() else [sys.executable, "-m", "inventory.cli"]


def systemd_unit(config: HubConfig, service: str, command: list[str]) -> str:
    """`serve` as the service account, in the same confinement as the agent's unit."""
    assert config.path is not None
    data = config.hub_dir
    writable = [data]
    archives = archive_root(config)
    if not archives.is_relative_to(data):
        writable.append(archives)
    keys = config.enrolment.authorized_keys
    if keys is not None and not keys.is_relative_to(data):
        writable.append(keys.parent)
    used = [Path(command[0]), config.path.resolve(), *writable]
    in_home = any(p.is_relative_to(home) for p in used for home in install.HOME_DIRS)
    exec_start = " ".join(
        install.systemd_word(w, command=True)
        for w in [*command, "--config", str(config.path.resolve()), "serve"]
    )
    lines = [
        "[Unit]",
        "Description=soumnet hub: the one writer of the office's records",
        "After=network.target",
        "",
        "[Service]",
        "Type=simple",
        f"User={service}",
        f"Group={service}",
        f"SupplementaryGroups={groups(service)[1]}",
        f"ExecStart={exec_start}",
        "Restart=on-failure",
        "RestartSec=10",
        "Environment=PYTHONUNBUFFERED=1",
        "UMask=0027",
        *install.confinement(in_home, writable),
        "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
        "CapabilityBoundingSet=",
        "",
        "[Install]",
        "WantedBy=multi-user.target",
        "",
    ]
    return "\n".join(lines)


def _users_text(config: HubConfig, it: list[str], auditors: list[str]) -> str:
    """The `[users]` tables to add to the configuration (none for an account already there
    with the same role; another role there is the caller's mistake, said in one line)."""
    added: list[str] = []
    for name, role in [*((n, "it") for n in it), *((n, "auditor") for n in auditors)]:
        known = config.users.get(name)
        if known is not None and known.role != role:
            raise CommandError(
                T(cli_lang(config), "hub.install.role_taken", user=name, role=known.role), 2
            )
        if known is None:
            added.append(f'\n[users."{name}"]\nrole = "{role}"\n')
    return "".join(added)


def steps(
    config: HubConfig, service: str, it: list[str], auditors: list[str], unit_dir: Path, start: bool
) -> list[install.Step]:
    lang = cli_lang(config)
    if config.path is None or not config.path.is_file():
        raise CommandError(T(lang, "hub.install.no_config", file=config.path), 2)
    for name in [service, *it, *auditors]:
        if not ACCOUNT.match(name):
            raise CommandError(T(lang, "hub.install.bad_account", user=name), 2)
    missing = [n for n in [*it, *auditors] if not install.user_exists(n)]
    if missing:
        raise CommandError(T(lang, "hub.install.no_account", user=missing[0]), 2)
    it_group, audit_group = groups(service)
    layout = Layout(config.hub_dir)
    archives = archive_root(config)
    run = install.Step
    found: list[install.Step] = []
    for group in (it_group, audit_group):
        found.append(run(argv=("groupadd", "--system", "-f", group)))
    if not install.user_exists(service):
        # a shell, because agents log in to this account over SSH for the forced command
        home = ("--home-dir", str(layout.root), "--shell", "/bin/sh")
        found.append(
            run(argv=("useradd", "--system", "--user-group", "--no-create-home", *home, service))
        )
    found.append(run(argv=("usermod", "-a", "-G", audit_group, service)))
    for name in it:
        found.append(run(argv=("usermod", "-a", "-G", f"{it_group},{audit_group}", name)))
    for name in auditors:
        found.append(run(argv=("usermod", "-a", "-G", audit_group, name)))
    # the folders: made (or kept), then handed over with their groups and modes
    for folder, group in (
        (layout.root, audit_group),
        (layout.spool, service),
        (layout.store, it_group),
        (layout.history, it_group),
        (layout.agents, it_group),
        (layout.audit, audit_group),
        (archives, audit_group),
    ):
        found.append(run(argv=("install", "-d", str(folder))))
        found.append(run(argv=("chown", "-R", f"{service}:{group}", str(folder))))
    for folder in (layout.store, layout.agents, archives):
        found.append(run(argv=("chmod", "-R", "u=rwX,g=rX,o=", str(folder))))
        found.append(
            run(argv=("find", str(folder), "-type", "d", "-exec", "chmod", "g+s", "{}", "+"))
        )
    found.append(run(argv=("chown", f"{service}:{audit_group}", str(layout.root))))
    found.append(run(argv=("chmod", "2750", str(layout.root))))
    found.append(run(argv=("chmod", "0700", str(layout.spool))))
    # auditors pass through store/ (never list it) to reach store/audit
    found.append(run(argv=("chmod", "o+x", str(layout.store))))
    for name in (layout.marker.name, "records.lock", "serve.lock"):
        found.append(run(argv=("touch", str(layout.root / name))))
        found.append(run(argv=("chown", f"{service}:{audit_group}", str(layout.root / name))))
        found.append(run(argv=("chmod", "0640", str(layout.root / name))))
    text = config.path.read_text(encoding="utf-8") + _users_text(config, it, auditors)
    found.append(run(path=config.path.resolve(), text=text, mode=0o640))
    found.append(run(argv=("chown", f"root:{audit_group}", str(config.path.resolve()))))
    found.append(run(path=unit_dir / UNIT_NAME, text=systemd_unit(config, service, hub_command())))
    if start:
        found.append(run(argv=("systemctl", "daemon-reload")))
        found.append(run(argv=("systemctl", "enable", "--now", UNIT_NAME)))
    return found


def _args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--it", nargs="+", default=[], metavar="ACCOUNT", help="IT staff")
    parser.add_argument("--auditor", nargs="+", default=[], metavar="ACCOUNT", help="auditors")
    parser.add_argument("--dry-run", action="store_true", help="print the steps, change nothing")
    parser.add_argument("--unit-dir", type=Path, default=install.UNIT_DIR)
    parser.add_argument(
        "--service-user", default=install.SERVICE_USER, help="the account that owns the data"
    )
    parser.add_argument(
        "--no-start", action="store_true", help="write the unit but leave systemd alone"
    )


def _run(args: argparse.Namespace, config: HubConfig) -> int:
    lang = args.lang
    plan = steps(config, args.service_user, args.it, args.auditor, args.unit_dir, not args.no_start)
    if not Layout(config.hub_dir).marker.exists() and not args.dry_run:
        Layout(config.hub_dir).init()
    if args.dry_run:
        for step in plan:
            print(install.show(step))
            if step.path is not None:
                print(step.text)
        return 0
    install.execute(plan, lambda key, what: print(AGENT_T(lang, key, file=what, command=what)))
    return 0


COMMANDS = (
    Command(
        "install-service",
        "set the hub up for several people: service account, groups, folder modes, unit",
        _args,
        _run,
    ),
)
