"""Read a registry export (`regedit /e`, "Windows Registry Editor Version 5.00", UTF-16) into
what `winreg` gives the agent: subkey name → value name → value (REG_SZ and REG_EXPAND_SZ as
text, REG_DWORD as an int, other types as bytes)."""

from __future__ import annotations

import re
from typing import Any

VALUE = re.compile(r'^("(?:[^"\\]|\\.)*"|@)=(.*)$')


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text[1:-1])


def _value(raw: str) -> Any:
    if raw.startswith('"'):
        return _unquote(raw)
    if raw.startswith("dword:"):
        return int(raw[6:], 16)
    kind, _, hexes = raw.partition(":")
    data = bytes(int(h, 16) for h in hexes.replace(" ", "").split(",") if h)
    if kind in ("hex(2)", "hex(1)"):  # REG_EXPAND_SZ / REG_SZ written as hex: UTF-16 text
        return data.decode("utf-16-le").rstrip("\x00")
    return data


def read_export(raw: bytes, under: str) -> dict[str, dict[str, Any]]:
    """The subkeys right under the key `under` (e.g. `...\\Uninstall`) and their values."""
    text = raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else raw.decode()
    keys: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    pending = ""
    prefix = under.casefold() + "\\"
    for line in text.splitlines():
        line = pending + line.strip() if pending else line.rstrip()
        if line.endswith("\\") and not line.startswith("["):
            pending = line[:-1]
            continue
        pending = ""
        if line.startswith("[") and line.endswith("]"):
            path = line[1:-1]
            rest = path[len(prefix) :] if path.casefold().startswith(prefix) else ""
            current = keys.setdefault(rest, {}) if rest and "\\" not in rest else None
            continue
        found = VALUE.match(line)
        if found and current is not None:
            name = "" if found[1] == "@" else _unquote(found[1])
            current[name] = _value(found[2])
    return keys
