"""`soumnet-agent install-service`: make the agent start with the machine.

Linux: a systemd unit running the agent as its own system user `soumnet`, restarted on
failure, with the file system read-only except the agent's data folder (and the backup
folder), no new privileges and no capabilities, except CAP_NET_RAW when ping probes are
configured (the `ping` program's own capability is not honoured under NoNewPrivileges).
Windows: a scheduled task that starts the agent as SYSTEM at boot.

Installing is a list of `Step`s, so `--dry-run` can print exactly what would be done and the
tests can check it without root.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from agent.config import AgentConfig
from agent.messages import T
from foundation import atomicio
from foundation.i18n import Problem
from foundation.messages import os_reason

if sys.platform != "win32":  # POSIX accounts; the Windows service needs no account lookup
    import pwd

SERVICE_USER = "soumnet"
UNIT_NAME = "soumnet-agent.service"
UNIT_DIR = Path("/etc/systemd/system")
TASK_NAME = "soumnet-agent"
TASK_COMMAND_LIMIT = 261
"""The longest /TR command line schtasks accepts."""
HOME_DIRS = (Path("/home"), Path("/root"), Path("/run/user"))


@dataclass(frozen=True)
class Step:
    """Either a command to run (`argv`) or a file to write (`path` with `text`)."""

    argv: tuple[str, ...] = ()
    path: Path | None = None
    text: str = ""
    mode: int = 0o644


def agent_command(windows: bool = sys.platform == "win32") -> list[str]:
    """How the service starts this agent: the installed script, else the module."""
    folder = Path(sys.executable).parent
    script = folder / ("soumnet-agent.exe" if windows else "soumnet-agent")
    return [str(script)] if script.exists() else [sys.executable, "-m", "agent.cli"]


def _checked(config: AgentConfig) -> tuple[Path, Path]:
    """The config file and the data folder the service will use; both must be explicit."""
    if config.path is None or not config.path.is_file():
        raise Problem(T, "agent.install.no_config", file=config.path)
    if config.agent.data_dir is None:
        raise Problem(T, "agent.install.no_data_dir", file=config.path)
    return config.path.resolve(), config.agent.data_dir


def systemd_word(word: str, command: bool = False) -> str:
    """One unit-file word: specifiers (and in a command, variables) escaped, quoted if needed."""
    word = word.replace("%", "%%")
    if command:
        word = word.replace("$", "$$")
    if any(c.isspace() for c in word) or '"' in word or "\\" in word:
        return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return word


def uses_ping(config: AgentConfig) -> bool:
    return any(target.kind == "ping" for target in config.probes.targets)


def writable_paths(config: AgentConfig, data_dir: Path) -> list[Path]:
    paths = [data_dir]
    out_dir = config.backup.out_dir
    if out_dir is not None and not out_dir.is_relative_to(data_dir):
        paths.append(out_dir)
    return paths


def confinement(in_home: bool, writable: Sequence[Path]) -> list[str]:
    """The unit lines that fence a soumnet service in: read-only system, no privileges, only
    `writable` writable (shared by the agent's unit and the hub's)."""
    return [
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        # The service's own files may live under /home (a developer's venv): read-only then.
        f"ProtectHome={'read-only' if in_home else 'yes'}",
        "PrivateTmp=yes",
        "PrivateDevices=yes",
        "ProtectKernelTunables=yes",
        "ProtectKernelModules=yes",
        "ProtectKernelLogs=yes",
        "ProtectControlGroups=yes",
        "ProtectClock=yes",
        "ProtectHostname=yes",
        "RestrictSUIDSGID=yes",
        "RestrictRealtime=yes",
        "RestrictNamespaces=yes",
        "LockPersonality=yes",
        "SystemCallArchitectures=native",
        f"ReadWritePaths={' '.join(systemd_word(str(p)) for p in writable)}",
    ]


def systemd_unit(config: AgentConfig, command: Sequence[str]) -> str:
    """The unit file's text: own user, restart on failure, a read-only system around it."""
    config_file, data_dir = _checked(config)
    writable = writable_paths(config, data_dir)
    used = [Path(command[0]), config_file, *writable]
    in_home = any(p.is_relative_to(home) for p in used for home in HOME_DIRS)
    caps = "CAP_NET_RAW" if uses_ping(config) else ""
    exec_start = " ".join(
        systemd_word(w, command=True) for w in [*command, "--config", str(config_file), "run"]
    )
    lines = [
        "[Unit]",
        "Description=soumnet agent: measures this machine and delivers it to the office hub",
        "Wants=network-online.target",
        "After=network-online.target",
        "",
        "[Service]",
        "Type=simple",
        f"User={SERVICE_USER}",
        f"Group={SERVICE_USER}",
        f"ExecStart={exec_start}",
        "Restart=on-failure",
        "RestartSec=30",
        "Environment=PYTHONUNBUFFERED=1",
        "UMask=0077",
        *confinement(in_home, writable),
        "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK",
        f"CapabilityBoundingSet={caps}",
    ]
    if caps:
        lines.append(f"AmbientCapabilities={caps}")
    lines += ["", "[Install]", "WantedBy=multi-user.target", ""]
    return "\n".join(lines)


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def linux_steps(
    config: AgentConfig,
    command: Sequence[str],
    unit_dir: Path = UNIT_DIR,
    has_user: Callable[[str], bool] = user_exists,
) -> list[Step]:
    """Create the user, hand it the data folder, write the unit, enable and start it."""
    _, data_dir = _checked(config)
    steps: list[Step] = []
    if not has_user(SERVICE_USER):
        steps.append(
            Step(
                argv=(
                    "useradd",
                    "--system",
                    "--user-group",
                    "--no-create-home",
                    "--home-dir",
                    str(data_dir),
                    "--shell",
                    "/usr/sbin/nologin",
                    SERVICE_USER,
                )
            )
        )
    for folder in writable_paths(config, data_dir):
        steps.append(Step(argv=("install", "-d", "-m", "0700", str(folder))))
        steps.append(Step(argv=("chown", "-R", f"{SERVICE_USER}:{SERVICE_USER}", str(folder))))
    steps.append(Step(path=unit_dir / UNIT_NAME, text=systemd_unit(config, command)))
    steps.append(Step(argv=("systemctl", "daemon-reload")))
    steps.append(Step(argv=("systemctl", "enable", "--now", UNIT_NAME)))
    return steps


def _windows_word(word: str) -> str:
    return f'"{word}"' if any(c.isspace() for c in word) else word


def windows_steps(config: AgentConfig, command: Sequence[str]) -> list[Step]:
    """A start-up task as SYSTEM (`schtasks /Create /SC ONSTART`), then started once now."""
    config_file, _ = _checked(config)
    run = " ".join(
        _windows_word(w) for w in [*command, "--config", str(PureWindowsPath(config_file)), "run"]
    )
    if len(run) > TASK_COMMAND_LIMIT:
        raise Problem(T, "agent.install.task_too_long", length=len(run), limit=TASK_COMMAND_LIMIT)
    create = ("schtasks", "/Create", "/TN", TASK_NAME, "/TR", run)
    options = ("/SC", "ONSTART", "/RU", "SYSTEM", "/RL", "HIGHEST", "/F")
    return [Step(argv=create + options), Step(argv=("schtasks", "/Run", "/TN", TASK_NAME))]


def plan(config: AgentConfig, system: str, unit_dir: Path = UNIT_DIR) -> list[Step]:
    if system == "Linux":
        return linux_steps(config, agent_command(windows=False), unit_dir)
    if system == "Windows":
        return windows_steps(config, agent_command(windows=True))
    raise Problem(T, "agent.install.unsupported", system=system)


def show(step: Step) -> str:
    return shlex.join(step.argv) if step.argv else str(step.path)


Runner = Callable[[Sequence[str]], subprocess.CompletedProcess[bytes]]


def _run(argv: Sequence[str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(list(argv), capture_output=True, check=False)


def execute(steps: Sequence[Step], log: Callable[[str, str], None], run: Runner = _run) -> None:
    """Carry the steps out in order; the first failure stops with its reason.

    `log(key, what)` reports each step done (the caller translates)."""
    for step in steps:
        if step.path is not None:
            step.path.parent.mkdir(parents=True, exist_ok=True)
            atomicio.write_text(step.path, step.text, step.mode)
            log("agent.install.wrote", str(step.path))
            continue
        try:
            done = run(step.argv)
        except OSError as exc:
            raise Problem(
                T, "agent.install.step_failed", command=show(step), reason=os_reason(exc)
            ) from None
        if done.returncode != 0:
            lines = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()
            reason = lines[-1] if lines else f"exit status {done.returncode}"
            raise Problem(T, "agent.install.step_failed", command=show(step), reason=reason)
        log("agent.install.ran", show(step))
