"""An office PC installs only the agent: no Textual, fpdf2 or Jinja2, and offline from a wheelhouse.

One `make wheelhouse` per module (it downloads once); the venvs install from it with `--no-index`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
HUB_ONLY = ("textual", "fpdf", "jinja2", "prometheus_client")

IMPORT_ALL = """
import importlib, json, pkgutil, sys
import agent, backups
names = []
for pkg in (agent, backups):
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        if info.name.endswith("facts_windows"):
            continue
        importlib.import_module(info.name)
        names.append(info.name)
print(json.dumps({"modules": names, "loaded": sorted({m.split(".")[0] for m in sys.modules})}))
"""


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The agent's wheels for Windows and Linux, written by `make wheelhouse`."""
    out = tmp_path_factory.mktemp("wheelhouse") / "wheels"
    subprocess.run(
        ["make", "-s", "wheelhouse", f"WHEELHOUSE={out}", f"WHEEL_PYTHON={sys.executable}"],
        cwd=ROOT,
        check=True,
        timeout=600,
    )
    return out


def _agent_venv(where: Path, wheelhouse: Path) -> Path:
    venv.create(where, with_pip=True)
    python = where / "bin" / "python"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-index",
            "--find-links",
            str(wheelhouse),
            "soumnet",
        ],
        check=True,
        timeout=600,
    )
    return python


@pytest.fixture(scope="module")
def agent_python(wheelhouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The interpreter of a venv with the agent alone, installed offline from the wheelhouse."""
    return _agent_venv(tmp_path_factory.mktemp("agent") / "venv", wheelhouse)


def _console(python: Path, cwd: Path, command: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """A console script of the agent-only venv, in a bare environment, its lines in English."""
    return subprocess.run(
        [str(python.parent / command), *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "SOUMNET_LANG": "en", "HOME": str(cwd)},
    )


def test_wheelhouse_installs_the_agent_offline_without_hub_packages(
    agent_python: Path, tmp_path: Path
) -> None:
    python = agent_python
    done = subprocess.run(
        [str(python), "-c", IMPORT_ALL], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert "agent.cli" in seen["modules"]
    assert not set(HUB_ONLY) & set(seen["loaded"])
    for name in HUB_ONLY:
        found = subprocess.run([str(python), "-c", f"import {name}"], capture_output=True)
        assert found.returncode != 0, f"{name} is installed in an agent-only venv"
    for fmt in ("html", "pdf"):
        said = _console(
            python, tmp_path, "soumnet-backup", "report", "--format", fmt, "x.report.json"
        )
        assert said.returncode != 0
        assert "Traceback" not in said.stderr
        assert len(said.stderr.strip().splitlines()) == 1, said.stderr
        assert "soumnet[hub]" in said.stderr


@pytest.mark.parametrize(("command", "extra"), [("soumnet", "tui"), ("soumnet-hub", "hub")])
def test_the_hub_and_the_ui_name_their_extra_on_an_agent_only_machine(
    agent_python: Path, tmp_path: Path, command: str, extra: str
) -> None:
    for argv in ([], ["--help"]):
        said = _console(agent_python, tmp_path, command, *argv)
        assert said.returncode != 0
        assert "Traceback" not in said.stderr
        assert len(said.stderr.strip().splitlines()) == 1, said.stderr
        assert said.stderr.startswith(f"{command}: ")
        assert f"soumnet[{extra}]" in said.stderr


def test_wheelhouse_has_a_windows_wheel_for_every_agent_dependency(wheelhouse: Path) -> None:
    names = [p.name for p in wheelhouse.glob("*.whl")]
    compiled = [n for n in names if not n.endswith("-none-any.whl")]
    assert compiled
    stems = {n.split("-")[0] for n in compiled}
    for stem in stems:
        assert any(n.startswith(stem + "-") and n.endswith("win_amd64.whl") for n in names), stem
        assert any(n.startswith(stem + "-") and "manylinux" in n for n in names), stem
