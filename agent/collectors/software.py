"""The programs installed on this machine: the kind `software` document
(`foundation.kinds.software`), for `host:<host id>`.

Where they are read:
- Debian and its kin: dpkg's own database, `/var/lib/dpkg/status`, read directly (what
  `dpkg-query -W` prints, without a process): every package whose status ends in `installed`.
  The key is the package name, qualified with `:arch` as dpkg qualifies it (`libc6:i386`:
  `Multi-Arch: same` packages and packages of another architecture than dpkg's own);
- RPM systems: `rpm -qa --queryformat` (name, epoch:version-release, arch, vendor, install time);
  a name installed for two architectures is keyed `name:arch`;
- Windows: the Uninstall keys of both registry views (`HKLM` 64-bit and 32-bit) and of `HKCU`,
  through `winreg`, as Programs and Features lists them: an entry without `DisplayName`, one
  that is part of another (`SystemComponent` = 1) and updates (`ParentKeyName`, or a
  `ReleaseType` of an update or hotfix) are left out. The key is the registry key's name; the
  same name in two views with other values is kept as `name@<view>`.

The job `software` looks every `[agent] software_interval_seconds` (default an hour). When the
package database's modification time and size are what they were at the last read, it reads
nothing (the registry has no such time: it is read every time). The read runs in a short child
(`agent.jobs.child`), so the service never holds the parsed database, and the report carries
only what changed since the last one sent (`agent.collectors.sent`): nothing when nothing did.
The `scan` task sends the whole document (`Job.whole`).
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agent.collectors.sent import Sent
from agent.collectors.software_messages import T
from agent.config import AgentConfig
from agent.jobs.child import in_child
from agent.jobs.job import Job
from foundation.devicekeys import host_key
from foundation.i18n import Problem
from foundation.kinds.software import KIND
from foundation.wire import Report, new_report_id, utcnow

if sys.platform == "win32":
    import winreg

DPKG_STATUS = Path("/var/lib/dpkg/status")
RPM_DATABASES = (Path("/var/lib/rpm"), Path("/usr/lib/sysimage/rpm"))
RPM_FORMAT = "%{NAME}\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{VENDOR}\\t%{INSTALLTIME}\\n"
UNINSTALL = r"SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall"
UPDATE_TYPES = frozenset({"security update", "update rollup", "hotfix", "update", "service pack"})
VIEW_ARCH = {"64": "x64", "32": "x86"}

Programs = dict[str, dict[str, str]]
Views = Mapping[str, Mapping[str, Mapping[str, Any]]]
"""Registry view (`64`, `32`, `user`) → Uninstall subkey name → its values."""


class SoftwareProblem(Problem):
    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(T, key, **values)


def _entry(**fields: str | None) -> dict[str, str]:
    """A program's fields, those the database does not keep left out (the document stays small:
    it is sent whole once)."""
    return {k: v for k, v in fields.items() if v}


# -- dpkg ------------------------------------------------------------------------------------


def _stanzas(text: str) -> Iterable[dict[str, str]]:
    """The fields of each paragraph of a deb822 file that this module reads."""
    wanted = ("Package", "Status", "Version", "Architecture", "Multi-Arch")
    found: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            if found:
                yield found
                found = {}
            continue
        if line[0] in " \t":
            continue  # a continuation line (descriptions, conffiles)
        name, sep, value = line.partition(":")
        if sep and name in wanted:
            found[name] = value.strip()
    if found:
        yield found


def dpkg_programs(status: Path = DPKG_STATUS) -> Programs:
    """Every installed package in dpkg's status file."""
    try:
        text = status.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise SoftwareProblem("software.unreadable", file=status, reason=exc.strerror) from None
    installed = [
        s for s in _stanzas(text) if s.get("Package") and s.get("Status", "").endswith(" installed")
    ]
    native = next((s.get("Architecture") for s in installed if s["Package"] == "dpkg"), None)
    out: Programs = {}
    for s in installed:
        name, arch = s["Package"], s.get("Architecture")
        foreign = arch not in (None, "all", native) and native is not None
        key = f"{name}:{arch}" if arch and (s.get("Multi-Arch") == "same" or foreign) else name
        out[key] = _entry(name=name, version=s.get("Version"), arch=arch)
    return out


# -- rpm -------------------------------------------------------------------------------------


def parse_rpm(text: str) -> Programs:
    """`rpm -qa --queryformat RPM_FORMAT`'s lines as programs."""
    rows = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) != 5 or not parts[0]:
            continue
        name, version, arch, vendor, stamp = (p if p != "(none)" else "" for p in parts)
        version = version.removeprefix("0:")
        day = None
        if stamp.isdigit():
            day = datetime.fromtimestamp(int(stamp), UTC).date().isoformat()
        rows.append((name, _entry(name=name, version=version, arch=arch, publisher=vendor,
                                  installed=day)))  # fmt: skip
    names = [name for name, _ in rows]
    out: Programs = {}
    for name, entry in rows:
        twice = names.count(name) > 1 and entry.get("arch")
        out[f"{name}:{entry['arch']}" if twice else name] = entry
    return out


def rpm_programs() -> Programs:
    found = shutil.which("rpm")
    if found is None:
        raise SoftwareProblem("software.no_database")
    try:
        done = subprocess.run(
            [found, "-qa", "--queryformat", RPM_FORMAT], capture_output=True, timeout=300
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SoftwareProblem("software.rpm_failed", reason=exc) from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[-1] if lines else f"exit status {done.returncode}"
        raise SoftwareProblem("software.rpm_failed", reason=reason)
    return parse_rpm(done.stdout.decode("utf-8", "replace"))


# -- the Windows registry --------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip().strip("\x00").strip() or None
    return None


def _install_date(value: Any) -> str | None:
    """`InstallDate` is `YYYYMMDD` by convention; anything else is not a date."""
    found = _text(value)
    if found and len(found) == 8 and found.isdigit():
        return f"{found[:4]}-{found[4:6]}-{found[6:]}"
    return None


def _listed(values: Mapping[str, Any]) -> bool:
    """Whether Programs and Features would list the entry."""
    if not _text(values.get("DisplayName")):
        return False
    if values.get("SystemComponent") == 1 or _text(values.get("ParentKeyName")):
        return False
    release = _text(values.get("ReleaseType"))
    return not (release and release.casefold() in UPDATE_TYPES)


def registry_programs(views: Views) -> Programs:
    """The programs of the Uninstall keys of each view."""
    out: Programs = {}
    for view, keys in views.items():
        for subkey, values in keys.items():
            if not _listed(values):
                continue
            entry = _entry(
                name=_text(values.get("DisplayName")),
                version=_text(values.get("DisplayVersion")),
                publisher=_text(values.get("Publisher")),
                arch=VIEW_ARCH.get(view),
                installed=_install_date(values.get("InstallDate")),
            )
            if subkey in out:
                if {**out[subkey], "arch": ""} == {**entry, "arch": ""}:
                    continue  # a 32-bit Windows shows one registry under both views
                out[f"{subkey}@{view}"] = entry
            else:
                out[subkey] = entry
    return out


if sys.platform == "win32":

    def read_registry() -> dict[str, dict[str, dict[str, Any]]]:
        """Every Uninstall subkey's values, per view."""
        views: dict[str, dict[str, dict[str, Any]]] = {}
        places = (
            ("64", winreg.HKEY_LOCAL_MACHINE, winreg.KEY_WOW64_64KEY),
            ("32", winreg.HKEY_LOCAL_MACHINE, winreg.KEY_WOW64_32KEY),
            ("user", winreg.HKEY_CURRENT_USER, 0),
        )
        for view, hive, flag in places:
            keys: dict[str, dict[str, Any]] = {}
            try:
                top = winreg.OpenKey(hive, UNINSTALL, 0, winreg.KEY_READ | flag)
            except OSError:
                views[view] = keys  # no such key (HKCU often has none)
                continue
            with top:
                count = winreg.QueryInfoKey(top)[0]
                for index in range(count):
                    try:
                        name = winreg.EnumKey(top, index)
                        with winreg.OpenKey(top, name, 0, winreg.KEY_READ | flag) as sub:
                            values: dict[str, Any] = {}
                            for at in range(winreg.QueryInfoKey(sub)[1]):
                                value_name, value, _kind = winreg.EnumValue(sub, at)
                                values[value_name] = value
                    except OSError:
                        continue  # removed while read, or not ours to read: the others count
                    keys[name] = values
            views[view] = keys
        return views

else:

    def read_registry() -> dict[str, dict[str, dict[str, Any]]]:
        """Windows only: elsewhere there is no registry to read."""
        raise SoftwareProblem("software.no_database")


# -- which database, and whether it changed --------------------------------------------------


def source_of(dpkg_status: Path = DPKG_STATUS) -> str | None:
    """`registry`, `dpkg`, `rpm`, or None when this machine has none of them."""
    if platform.system() == "Windows":
        return "registry"
    if dpkg_status.exists():
        return "dpkg"
    if shutil.which("rpm") and any(p.is_dir() for p in RPM_DATABASES):
        return "rpm"
    return None


def database_stamp(source: str | None, dpkg_status: Path = DPKG_STATUS) -> list[int] | None:
    """What tells a changed package database from an unchanged one without reading it
    (modification time and size); None: no such cheap sign (the registry), read it."""
    paths: list[Path] = []
    if source == "dpkg":
        paths = [dpkg_status]
    elif source == "rpm":
        for folder in RPM_DATABASES:
            try:
                paths.extend(p for p in folder.iterdir() if p.is_file())
            except OSError:
                continue
    stamp: list[int] = []
    for path in sorted(paths):
        try:
            info = path.stat()
        except OSError:
            return None
        stamp += [info.st_mtime_ns, info.st_size]
    return stamp or None


def collect(dpkg_status: str = str(DPKG_STATUS)) -> dict[str, Any]:
    """`{"source", "programs"}` of this machine (what the child returns)."""
    status = Path(dpkg_status)
    source = source_of(status)
    if source == "dpkg":
        return {"source": source, "programs": dpkg_programs(status)}
    if source == "rpm":
        return {"source": source, "programs": rpm_programs()}
    if source == "registry":
        try:
            views = read_registry()
        except OSError as exc:
            raise SoftwareProblem("software.registry_failed", reason=exc) from None
        return {"source": source, "programs": registry_programs(views)}
    raise SoftwareProblem("software.no_database")


# -- the job ---------------------------------------------------------------------------------


class SoftwareScan:
    """The `software` job's state: the stamp of the last database read."""

    def __init__(self, config: AgentConfig, device: str, dpkg_status: Path = DPKG_STATUS) -> None:
        self.config = config
        self.device = device
        self.dpkg_status = dpkg_status
        self.sent = Sent(config.agent_dir, KIND)
        self.stamp: list[int] | None = None
        self.reads = 0
        """How many times the database was read (a test checks that unchanged means none)."""

    def run(self) -> list[Report]:
        """The changes since the last report; nothing when the database did not change."""
        return self._scan(whole=False)

    def whole(self) -> list[Report]:
        """The whole document, read now (the `scan` task: the hub lost track of it)."""
        return self._scan(whole=True)

    def _scan(self, whole: bool) -> list[Report]:
        source = source_of(self.dpkg_status)
        if source is None:
            raise SoftwareProblem("software.no_database")
        stamp = database_stamp(source, self.dpkg_status)
        if not whole and stamp is not None and stamp == self.stamp:
            return []
        found = in_child("agent.collectors.software:collect", dpkg_status=str(self.dpkg_status))
        self.reads += 1
        data = self.sent.changes(found["programs"], whole=whole)
        self.stamp = stamp
        if data is None:
            return []
        data["source"] = found["source"]
        agent = self.config.agent_id
        report = Report(new_report_id(agent), agent, KIND, self.device, utcnow(), data)
        return [report]


def software_jobs(config: AgentConfig) -> list[Job]:
    """Installed programs at the service's start, then whenever the package database changed."""
    scan = SoftwareScan(config, host_key())
    interval = config.agent.software_interval_seconds
    return [Job("software", interval, scan.run, scan.whole)]
