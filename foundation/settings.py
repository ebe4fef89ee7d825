"""Turn a parsed TOML table into typed, frozen dataclasses, or say exactly what is wrong."""

from __future__ import annotations

import dataclasses
import types
import typing
from pathlib import Path
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from foundation.i18n import Problem
from foundation.messages import T

C = TypeVar("C")


class SettingsError(ValueError):
    """A key that is unknown or holds the wrong type; `key` is the dotted path."""

    def __init__(self, key: str, problem_key: str, /, **values: object) -> None:
        self.problem = Problem(T, problem_key, **values)
        super().__init__(f"{key}: {self.problem}")
        self.key = key


def build(cls: type[C], table: object, prefix: str = "", skip: frozenset[str] = frozenset()) -> C:
    """Build dataclass `cls` from `table`; unknown keys and wrong types raise SettingsError.
    A dotted key in `skip` that `cls` has no field for belongs to another part's settings
    (see foundation.config) and is left unread."""
    if not isinstance(table, dict):
        raise SettingsError(prefix or "(top)", "settings.expected_table", got=_kind(table))
    hints = get_type_hints(cls)
    fields = {
        f.name: f
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.metadata.get("key", True)
    }
    values: dict[str, Any] = {}
    for key, raw in table.items():
        path = f"{prefix}.{key}" if prefix else key
        if key not in fields:
            if path in skip:
                continue
            here = f"{prefix}." if prefix else ""
            others = {k.removeprefix(here) for k in skip if k.startswith(here)}
            known = ", ".join(sorted(set(fields) | {k for k in others if "." not in k}))
            raise SettingsError(path, "settings.unknown_key", known=known)
        values[key] = _convert(hints[key], raw, path, skip)
    return cls(**values)


def _convert(hint: Any, raw: object, path: str, skip: frozenset[str] = frozenset()) -> Any:
    origin = get_origin(hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return build(hint, raw, path, skip)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        if raw is None and len(options) < len(get_args(hint)):
            return None
        errors: list[SettingsError] = []
        for option in options:
            try:
                return _convert(option, raw, path)
            except SettingsError as exc:
                errors.append(exc)
        if len(errors) == 1:
            raise errors[0]
        first, second = errors[0].problem, errors[1].problem
        raise SettingsError(path, "settings.either", first=first, second=second)
    if origin is Literal:
        allowed = get_args(hint)
        if raw not in allowed:
            shown = ", ".join(repr(a) for a in allowed)
            raise SettingsError(path, "settings.expected_one_of", allowed=shown, got=repr(raw))
        return raw
    if origin in (list, tuple):
        if not isinstance(raw, list):
            raise SettingsError(path, "settings.expected_list", got=_kind(raw))
        (item,) = get_args(hint)[:1]
        return tuple(_convert(item, v, f"{path}[{i}]") for i, v in enumerate(raw))
    if origin is dict or origin is typing.Mapping:
        if not isinstance(raw, dict):
            raise SettingsError(path, "settings.expected_table", got=_kind(raw))
        _, item = get_args(hint)
        return {str(k): _convert(item, v, f"{path}.{k}") for k, v in raw.items()}
    if hint is bool:
        if not isinstance(raw, bool):
            raise SettingsError(path, "settings.expected_bool", got=_kind(raw))
        return raw
    if hint is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise SettingsError(path, "settings.expected_int", got=_kind(raw))
        return raw
    if hint is float:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise SettingsError(path, "settings.expected_number", got=_kind(raw))
        return float(raw)
    if hint is str:
        if not isinstance(raw, str):
            raise SettingsError(path, "settings.expected_string", got=_kind(raw))
        return raw
    if hint is ZoneInfo:
        try:
            return ZoneInfo(raw) if isinstance(raw, str) and raw else ZoneInfo("")
        except (ZoneInfoNotFoundError, ValueError):
            raise SettingsError(path, "settings.expected_timezone", got=_kind(raw)) from None
    if hint is Path:
        if not isinstance(raw, str) or not raw:
            raise SettingsError(path, "settings.expected_path", got=_kind(raw))
        return Path(raw)
    raise TypeError(f"{path}: unsupported setting type {hint!r}")  # pragma: no cover


def _kind(raw: object) -> str:
    """The offending value as written in TOML, shortened."""
    if isinstance(raw, dict):
        return "{…}"
    text = repr(raw).replace("True", "true").replace("False", "false")
    return text if len(text) <= 60 else text[:59] + "…"
