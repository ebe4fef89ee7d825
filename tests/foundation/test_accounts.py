"""Must show 1 of the roles point: real accounts on a hub set up by `install-service`.

An IT user, an auditor and an unlisted user (made with `useradd`) run the commands and the
terminal UI through `runuser`, with `serve` running as the service account as its unit
would run it. The environment (`LOGNAME`, `USER`, `SOUMNET_*`) changes nothing.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from inventory.store import audit
from inventory.store.layout import Layout
from tests.conftest import IN_CI, ROOT, require_program, venv_command, write_config
from tests.tui.test_tmux import Terminal
from tui.config import load


@dataclass(frozen=True)
class Site:
    config: Path
    data: Path
    service: str
    it: str
    auditor: str
    stranger: str
    forged: Path
    """A configuration anyone may read that names every account IT staff, over the same data."""


def _need_root() -> None:
    if os.geteuid() != 0:
        message = "making accounts needs root"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def _wait(condition: object, what: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds  # a bound for a hung run, not a speed assertion
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {seconds} s")


def _everyone_can_run(path: Path) -> bool:
    return all(p.stat().st_mode & 0o001 for p in path.parents) and bool(path.stat().st_mode & 1)


def _python() -> tuple[list[str], str]:
    """An interpreter the accounts can run, and the PYTHONPATH it needs: this one when every
    account can reach it, else the system's of the same version (a venv made from a Python
    under root's home cannot be run by anyone else) with this checkout and the venv's
    packages on the path."""
    packages = sysconfig.get_paths()["purelib"]
    path = f"{ROOT}:{packages}"
    mine = Path(sys.executable).resolve()
    if _everyone_can_run(mine):
        return [sys.executable], path
    system = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    if system.exists() and _everyone_can_run(system):
        return [str(system)], path
    message = f"no Python that other accounts can run ({mine} is not)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


PYTHON, PYTHONPATH = _python()
HUB = [*PYTHON, "-m", "inventory.cli"]
TUI = [*PYTHON, "-m", "tui.cli"]


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """A hub installed for three accounts, `serve` running as the service account."""
    _need_root()
    require_program("runuser")
    tag = f"sn{os.getpid() % 100000}"
    names = Site(Path(), Path(), f"{tag}svc", f"{tag}it", f"{tag}aud", f"{tag}out", Path())
    # under /tmp, not pytest's own folder: that one is root's only, and the accounts must
    # reach this one (the checkout and its .venv are readable by every account here)
    top = Path(tempfile.mkdtemp(prefix="soumnet-accounts-"))
    top.chmod(0o755)
    made: list[str] = []
    serve: subprocess.Popen[bytes] | None = None
    try:
        for name in (names.it, names.auditor, names.stranger):
            subprocess.run(["useradd", "--no-create-home", "--shell", "/bin/sh", name], check=True)
            made.append(name)
        path = write_config(top / "site")
        (top / "site").chmod(0o755)
        config = load(path)
        Layout(config.hub_dir).init()
        done = subprocess.run(
            [
                venv_command("soumnet-hub"),
                "--config",
                str(path),
                "install-service",
                "--service-user",
                names.service,
                "--it",
                names.it,
                "--auditor",
                names.auditor,
                "--unit-dir",
                str(top / "units"),
                "--no-start",
            ],
            capture_output=True,
            text=True,
        )
        made.append(names.service)
        assert done.returncode == 0, done.stderr
        unit = (top / "units" / "soumnet-hub.service").read_text()
        assert f"User={names.service}" in unit and "UMask=0027" in unit
        assert "ProtectSystem=strict" in unit and "NoNewPrivileges=yes" in unit
        serve = subprocess.Popen(
            [
                "runuser",
                "-u",
                names.service,
                "--",
                "sh",
                "-c",  # the umask of the unit
                f"umask 027; exec {' '.join(HUB)} --config {path} serve",
            ],
            env={**os.environ, "PYTHONPATH": PYTHONPATH},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        data = config.hub_dir
        _wait((data / "serve.sock").exists, "serve's socket")
        forged = top / "forged.toml"
        everyone = "".join(
            f'[users."{n}"]\nrole = "it"\n' for n in (names.it, names.auditor, names.stranger)
        )
        forged.write_text(f'[hub]\ndata_dir = "{data}"\n\n{everyone}', encoding="utf-8")
        forged.chmod(0o644)
        yield Site(path, data, names.service, names.it, names.auditor, names.stranger, forged)
    finally:
        if serve is not None:
            serve.terminate()
            serve.wait(30)
        for name in made:
            subprocess.run(["userdel", name], capture_output=True)
        for group in (f"{names.service}-it", f"{names.service}-audit"):
            subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(top, ignore_errors=True)


LIES = {"LOGNAME": "root", "USER": "root", "SOUMNET_USER": "root", "SOUMNET_ROLE": "it"}
"""What a person might set to pass for someone else (and SOUMNET_CONFIG: the forged file)."""


def _as(site: Site, user: str, *argv: str, lie: bool = False) -> subprocess.CompletedProcess[str]:
    config = site.forged if lie else site.config
    env = ["env", f"SOUMNET_CONFIG={config}", "SOUMNET_LANG=en", "HOME=/tmp"]
    env.append(f"PYTHONPATH={PYTHONPATH}")
    if lie:
        env += [f"{k}={v}" for k, v in LIES.items()]
    return subprocess.run(
        ["runuser", "-u", user, "--", *env, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def _hub(site: Site, user: str, *args: str, lie: bool = False) -> subprocess.CompletedProcess[str]:
    return _as(site, user, *HUB, *args, lie=lie)


def _one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode != 0, done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


@pytest.mark.parametrize("lie", [False, True])
def test_the_it_user_changes_records(site: Site, lie: bool) -> None:
    added = _hub(site, site.it, "devices", "add", "name=Нягтлан ПК", "type=pc", lie=lie)
    assert added.returncode == 0, added.stderr
    key = added.stdout.strip()
    edited = _hub(site, site.it, "devices", "edit", key, "location=Room 2", lie=lie)
    assert edited.returncode == 0, edited.stderr
    work = ("maintenance", "add", f"device={key}", "date=2026-11-10", "kind=repair")
    logged = _hub(site, site.it, *work, "description=fan", lie=lie)
    assert logged.returncode == 0, logged.stderr
    listed = _hub(site, site.it, "devices", "list", "--json", lie=lie)
    assert key in {d["key"] for d in json.loads(listed.stdout)}
    assert _hub(site, site.it, "maintenance", "list", lie=lie).returncode == 0
    trail = json.loads(_hub(site, site.it, "audit", "list", "--json", lie=lie).stdout)
    assert {e["who"] for e in trail} == {site.it}
    assert _hub(site, site.it, "audit", "verify").returncode == 0
    # what serve wrote is the service account's, readable by the IT group only
    stat = (site.data / "store" / "devices.json").stat()
    assert stat.st_mode & 0o007 == 0


@pytest.mark.parametrize("lie", [False, True])
def test_the_auditor_reads_the_trail_and_reports_and_writes_nothing(site: Site, lie: bool) -> None:
    assert _hub(site, site.it, "devices", "add", "name=PC").returncode == 0
    before = (site.data / "store" / "devices.json").read_bytes()
    for write in (
        ("devices", "add", "name=PC2"),
        ("devices", "not-duplicate", "manual:1"),
        (
            "maintenance",
            "add",
            "device=manual:1",
            "date=2026-11-10",
            "kind=repair",
            "description=x",
        ),
        ("maintenance", "close", "1"),
        ("agents", "approve", "pc1"),
    ):
        done = _hub(site, site.auditor, *write, lie=lie)
        assert done.returncode == 4, (write, done.stderr)
        assert site.auditor in _one_line(done)
    assert _hub(site, site.auditor, "devices", "list", lie=lie).returncode != 0
    for read in (("maintenance", "list"), ("alerts", "--all")):
        # refused; or, with a forged file, a record file it cannot open or one not there yet
        done = _hub(site, site.auditor, *read, lie=lie)
        assert done.returncode != 0 or done.stdout == "", (read, done.stdout)
    trail = _hub(site, site.auditor, "audit", "list", "--json", lie=lie)
    assert trail.returncode == 0 and json.loads(trail.stdout), trail.stderr
    assert _hub(site, site.auditor, "audit", "verify", lie=lie).returncode == 0
    report = _hub(site, site.auditor, "report", "--period", "2026", "--format", "json", lie=lie)
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)
    # the PDF is made by serve's account (matplotlib and fpdf2 there) and written by the
    # auditor's own command into a file of theirs, with nothing said on the way
    out = Path(tempfile.mkdtemp(prefix="auditor-"))
    out.chmod(0o777)
    pdf = out / "report.pdf"
    made = _hub(
        site,
        site.auditor,
        "report",
        "--period",
        "2026",
        "--format",
        "pdf",
        "--out",
        str(pdf),
        lie=lie,
    )
    assert made.returncode == 0 and made.stderr == "", made.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_uid != os.getuid()
    shutil.rmtree(out, ignore_errors=True)
    assert _hub(site, site.auditor, "archives", "list", lie=lie).returncode == 0
    assert (site.data / "store" / "devices.json").read_bytes() == before


@pytest.mark.parametrize("lie", [False, True])
def test_the_unlisted_user_reads_and_writes_nothing(site: Site, lie: bool) -> None:
    for argv in (
        ("devices", "list"),
        ("devices", "add", "name=PC"),
        ("maintenance", "list"),
        ("report", "--period", "2026"),
        ("audit", "list"),
        ("archives", "list"),
    ):
        done = _hub(site, site.stranger, *argv, lie=lie)
        assert done.returncode != 0, (argv, done.stdout)
        _one_line(done)
        assert done.stdout == ""


@pytest.mark.parametrize("who", ["auditor", "stranger"])
def test_store_files_cannot_be_written_or_read_around_the_door(site: Site, who: str) -> None:
    user = getattr(site, who)
    store = site.data / "store"
    assert _hub(site, site.it, "devices", "add", "name=PC").returncode == 0
    for target in (store / "devices.json", store / "audit" / "head.json", store / "new.json"):
        done = _as(site, user, "sh", "-c", f"echo '{{}}' > {target}")
        assert done.returncode != 0 and "Permission denied" in done.stderr, target
    done = _as(site, user, "cat", str(store / "devices.json"))
    assert done.returncode != 0 and "Permission denied" in done.stderr
    assert audit.verify(Layout(site.data)) == []


def _table_shown(term: Terminal) -> bool:
    return re.search(r"\d+ of \d+ devices", term.capture()) is not None


def test_the_terminal_ui_as_each_account(site: Site) -> None:
    tmux = require_program("tmux")
    refused = _as(site, site.stranger, *TUI, "--lang", "en")
    # the configuration is for the listed accounts' groups only: nothing starts
    assert "cannot read the configuration" in _one_line(refused)
    forged = _as(site, site.stranger, *TUI, "--lang", "en", lie=True)
    assert "Permission denied" in _one_line(forged)
    assert _hub(site, site.it, "devices", "add", "name=Seed").returncode == 0
    env = {**os.environ, "TERM": "xterm", "LANG": "C.UTF-8", "TEXTUAL_ANIMATIONS": "none"}
    lies = " ".join(f"{k}={v}" for k, v in LIES.items())
    for user, shown, role in (
        (site.auditor, "Audit trail", "auditor"),
        (site.it, "Overview", "it"),
    ):
        term = Terminal(tmux, f"soumnet-accounts-{os.getpid()}-{role}")
        try:
            term.start(
                f"exec runuser -u {user} -- env SOUMNET_CONFIG={site.config} HOME=/tmp {lies}"
                f" PYTHONPATH={PYTHONPATH} {' '.join(TUI)} --lang en",
                env,
            )
            screen = term.wait_for(shown)
            assert user in screen
            if role == "auditor":
                term.keys("d")  # the devices screen's key: not an auditor's
                time.sleep(1)
                assert "Audit trail" in term.capture()
            else:  # IT staff change a record through the form: serve stores it, as them
                term.keys("d")
                _wait(functools.partial(_table_shown, term), "the devices table")
                term.keys("a")
                term.wait_for("Save")
                term.keys("TUI-PC", "F6")
                term.wait_for("TUI-PC added")
        finally:
            term.stop()
    added = [e for e in audit.entries(Layout(site.data)) if e["after"].get("name") == "TUI-PC"]
    assert [e["who"] for e in added] == [site.it]


def _install(path: Path) -> list[str]:
    return [venv_command("soumnet-hub"), "--config", str(path), "install-service", "--dry-run"]


def test_install_service_dry_run_changes_nothing(tmp_path: Path) -> None:
    path = write_config(tmp_path / "site")
    before = path.read_bytes()
    done = subprocess.run(
        [*_install(path), "--it", "root", "--unit-dir", str(tmp_path / "units")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "groupadd --system -f soumnet-it" in done.stdout
    assert '[users."root"]' in done.stdout and "UMask=0027" in done.stdout
    assert "systemctl enable --now soumnet-hub.service" in done.stdout
    assert path.read_bytes() == before and not (tmp_path / "units").exists()
    assert not (tmp_path / "site" / "hub").exists()


def test_install_service_names_a_missing_account(tmp_path: Path) -> None:
    path = write_config(tmp_path / "site")
    done = subprocess.run(
        [*_install(path), "--auditor", "no-such-account-here"],
        capture_output=True,
        text=True,
        env={**os.environ, "SOUMNET_LANG": "en"},
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "soumnet-hub: there is no account no-such-account-here on this machine: create it"
        " first (useradd)"
    ]
