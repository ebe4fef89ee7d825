"""Every message exists in both languages with the same placeholders; layers hold."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

from foundation.i18n import Catalog, lang_from_env, parse_lang
from tests.conftest import ROOT


def catalogs() -> list[tuple[str, Catalog]]:
    found = []
    for package in ("foundation", "agent", "inventory", "backups", "tui"):
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            if "messages" not in info.name.rsplit(".", 1)[-1]:
                continue
            loaded = importlib.import_module(info.name)
            for value in vars(loaded).values():
                if isinstance(value, Catalog):
                    found.append((info.name, value))
    return found


def test_catalogs_are_found() -> None:
    names = {name for name, _ in catalogs()}
    assert {"foundation.messages", "foundation.document.messages", "agent.messages"} <= names
    assert {"inventory.messages", "inventory.reports.messages", "tui.messages"} <= names


@pytest.mark.parametrize(("module", "catalog"), catalogs())
def test_both_languages_complete(module: str, catalog: Catalog) -> None:
    for key, (en, mn) in catalog.messages.items():
        assert en.strip() and mn.strip(), f"{module}: {key} has an empty text"
        en_names, mn_names = catalog.placeholders(key)
        assert en_names == mn_names, f"{module}: {key} placeholders differ"


def test_language_choice() -> None:
    assert parse_lang("mn_MN.UTF-8") == "mn"
    assert parse_lang("C.UTF-8") is None
    assert lang_from_env({"LANG": "en_US.UTF-8"}) == "en"
    assert lang_from_env({"SOUMNET_LANG": "mn", "LANG": "en_US"}) == "mn"


def test_dependencies_point_one_way() -> None:
    """import-linter's contracts: only tui imports Textual; tui -> inventory -> agent."""
    linter = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "broken" in done.stdout and "0 broken" in done.stdout


def test_data_code_does_not_load_textual() -> None:
    code = (
        "import sys, agent.cli, inventory.cli, inventory.store.store, backups; "
        "sys.exit('textual' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
