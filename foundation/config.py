"""The one TOML configuration file: found, parsed, validated and typed, layer by layer.

The path comes from `--config`, else `SOUMNET_CONFIG`, else the platform default
(`/etc/soumnet/soumnet.toml` when it exists, else the user's config folder). A missing
file means all defaults. Relative paths inside the file are relative to the file.

One file serves every part, and each part types only its own sections: `BaseConfig` here
(`[office]`, `[ui] lang`), the backups' `[backup]`, the agent's `[agent]`, `[snmp]` and
`[probes]`, the hub's `[hub]`, `[users]`, `[alerts]`, `[history]` and `[enrolment]`, the
terminal UI's rest of `[ui]`. `OUTER_KEYS` names what the layers above this one own, so
that a layer skips them unread while a key no layer knows is still refused.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from foundation.i18n import LANGS, Lang
from foundation.messages import ConfigError, os_reason
from foundation.office import OfficeSettings
from foundation.settings import SettingsError, build

if sys.platform != "win32":
    import pwd

SYSTEM_CONFIG = Path("/etc/soumnet/soumnet.toml")

OUTER_KEYS = frozenset(
    {
        "backup",
        "agent",
        "snmp",
        "probes",
        "hub",
        "users",
        "alerts",
        "history",
        "enrolment",
        "reports",
        "notify",
        "ui.refresh_seconds",
        "ui.export_dir",
    }
)
"""Every key of the file that a layer above the foundation types (see the module's text)."""


@dataclass(frozen=True)
class LanguageSettings:
    """`[ui] lang`: the language of every command's lines, of reports and of the UI."""

    lang: Literal["mn", "en"] = "mn"
    """Language of the terminal UI and reports; `soumnet --lang` overrides it."""


@dataclass(frozen=True)
class BaseConfig:
    """What every part reads: who the office is and its language."""

    office: OfficeSettings = field(default_factory=OfficeSettings)
    ui: LanguageSettings = field(default_factory=LanguageSettings)
    path: Path | None = field(default=None, metadata={"key": False})
    """The file this was loaded from (not a key in the file)."""


C = TypeVar("C", bound=BaseConfig)


def user_dir(kind: str) -> Path:
    """The platform's per-user folder (the configuration file's and the data's default)."""
    # measured: +1.6 ms and +0.2 MiB at start-up, and more in the long-running agent service,
    # which, configured with data_dir (as install-service writes it), never needs the folder
    import platformdirs

    found = platformdirs.user_config_dir if kind == "config" else platformdirs.user_data_dir
    return Path(found("soumnet"))


def current_user() -> str:
    """The account the operating system says runs this process: the name of its real user id,
    never `LOGNAME`/`USER` (which anyone can set, and `getpass.getuser()` reads first).
    Windows, where only agents run, has no user ids: there the OS's logon name."""
    if sys.platform == "win32":  # pragma: no cover - the agent on Windows
        return os.getlogin()
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def default_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("SOUMNET_CONFIG"):
        return Path(env["SOUMNET_CONFIG"])
    if SYSTEM_CONFIG.exists():
        return SYSTEM_CONFIG
    return user_dir("config") / "soumnet.toml"


def overlaid(table: Mapping[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    """`table` with each dotted key of `overlay` set over it (`agent.health_interval_seconds`
    = 120 replaces that one value; the rest of the table stays)."""
    out: dict[str, Any] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in table.items()}
    for dotted, value in overlay.items():
        *parents, leaf = dotted.split(".")
        here = out
        for name in parents:
            child = here.get(name)
            child = dict(child) if isinstance(child, dict) else {}
            here[name] = child
            here = child
        here[leaf] = value
    return out


def load_as(
    cls: type[C],
    path: Path | str | None = None,
    required: bool = False,
    overlay: Mapping[str, Any] | None = None,
) -> C:
    """Load and validate the sections `cls` types; raises ConfigError with one line naming
    file, key and problem. A missing file means all defaults, unless it is `required`
    (named by the user). `overlay`: dotted keys set over the file's (the hub's settings for
    an agent), checked as if they were in it."""
    file = Path(path) if path is not None else default_path()
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        if required:
            raise ConfigError("config.missing", file=file) from None
        raw = b""
    except OSError as exc:
        raise ConfigError("config.unreadable", file=file, reason=os_reason(exc)) from None
    if not raw and not overlay:
        return cls(path=file)
    try:
        table = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError("config.not_utf8", file=file) from None
    except tomllib.TOMLDecodeError as exc:
        raise _not_toml(file, exc) from None
    if overlay:
        table = overlaid(table, overlay)
    try:
        config = build(cls, table, skip=OUTER_KEYS)
    except SettingsError as exc:
        raise ConfigError("config.bad_key", file=file, key=exc.key, problem=exc.problem) from None
    resolved = _resolve_paths(config, file.resolve().parent)
    return dataclasses.replace(resolved, path=file)


def _not_toml(file: Path, exc: tomllib.TOMLDecodeError) -> ConfigError:
    """Where the TOML goes wrong, in the user's language (tomllib's own text is English)."""
    where = re.search(r"at line (\d+), column (\d+)", str(exc))
    if where:
        return ConfigError("config.not_toml_at", file=file, line=where[1], column=where[2])
    if "end of document" in str(exc):
        return ConfigError("config.not_toml_end", file=file)
    return ConfigError("config.not_toml", file=file, reason=str(exc))


def configured_lang(path: Path | str | None = None) -> Lang:
    """`ui.lang` of the file `load_as` reads, without checking the rest of it: the
    language of a message about a file that does not load, or of a command that loads no
    configuration. The default's when the file is absent or is not TOML."""
    file = Path(path) if path is not None else default_path()
    try:
        table = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        table = {}
    ui = table.get("ui")
    named = ui.get("lang") if isinstance(ui, dict) else None
    return next((lang for lang in LANGS if lang == named), LanguageSettings().lang)


def _resolve_paths(obj: Any, base: Path) -> Any:
    """Make every relative Path field absolute against the config file's folder."""
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return obj
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, Path) and not value.is_absolute():
            changes[f.name] = base / value
        elif dataclasses.is_dataclass(value):
            changes[f.name] = _resolve_paths(value, base)
        elif isinstance(value, dict) and any(dataclasses.is_dataclass(v) for v in value.values()):
            changes[f.name] = {k: _resolve_paths(v, base) for k, v in value.items()}
    return dataclasses.replace(obj, **changes) if changes else obj
