"""The installed programs: read from the real package database (a tiny Debian package installed
and removed in the test), from recorded Windows registry exports, and sent as changes."""

from __future__ import annotations

import gzip
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.collectors import software as collector
from agent.collectors.software import SoftwareScan, dpkg_programs, parse_rpm, registry_programs
from agent.jobs.child import ChildFailed
from agent.service.loop import Agent
from foundation.cli import load_config
from foundation.devicekeys import host_key
from foundation.messages import ConfigError
from inventory.intake.serve import drain
from inventory.risks import software
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.agent.regfile import read_export
from tests.conftest import IN_CI, require_program
from tui.config import TuiConfig as Config
from tui.config import load

DATA = Path(__file__).with_name("data") / "software"
UNINSTALL = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall"
PACKAGE = "soumnet-test-tiny"


def _as_root() -> None:
    if os.geteuid() != 0:
        message = "installing a Debian package needs root (CI runs the tests as root)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def _dpkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["dpkg", *args], capture_output=True, text=True, timeout=120)


def _build(folder: Path, version: str) -> Path:
    """A Debian package of one small file, made with dpkg-deb."""
    root = folder / f"{PACKAGE}-{version}"
    (root / "DEBIAN").mkdir(parents=True)
    (root / "usr/share/doc" / PACKAGE).mkdir(parents=True)
    (root / "usr/share/doc" / PACKAGE / "README").write_text("a package made by a test\n")
    (root / "DEBIAN/control").write_text(
        f"Package: {PACKAGE}\nVersion: {version}\nArchitecture: all\n"
        "Maintainer: soumnet tests <root@localhost>\nDescription: a test package\n"
        " Installed and removed by the software inventory's tests.\n"
    )
    out = folder / f"{PACKAGE}_{version}_all.deb"
    subprocess.run(
        [require_program("dpkg-deb"), "--build", "--root-owner-group", str(root), str(out)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture
def package(tmp_path: Path) -> Iterator[Path]:
    """The tiny package's file; whatever the test did, it is not installed afterwards."""
    _as_root()
    require_program("dpkg")
    _dpkg("--purge", PACKAGE)
    made = _build(tmp_path / "deb", "1.0-1")
    yield made
    _dpkg("--purge", PACKAGE)


def _cycle(config: Config) -> Store:
    """One agent cycle (every job, then a sync to the hub on this machine) and the hub's
    `serve` applying what came."""
    assert Agent(config, log=lambda line: None).run(once=True) == 0
    layout = Layout(config.hub_dir)
    store = Store(layout)
    drain(layout, store, log=lambda line: None)
    return store


def _installed(config: Config) -> list[software.Install]:
    return software.find(Layout(config.hub_dir), "SOUMNET-test-TINY")  # any case


def _software_report(store: Store) -> dict:
    return store.latest()[host_key()]["software"]["data"]


def test_install_and_remove_reach_the_hub_within_one_cycle(hub: Config, package: Path) -> None:
    store = _cycle(hub)
    layout = Layout(hub.hub_dir)
    listed = software.device_programs(layout, host_key())
    assert listed is not None and not listed.stale
    real = subprocess.run(
        ["dpkg-query", "-W", "-f", "${binary:Package}\t${Version}\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert sorted(f"{p.key}\t{p.version}" for p in listed.programs) == sorted(real)
    assert _software_report(store)["full"] is True
    assert _installed(hub) == []

    assert _dpkg("-i", str(package)).returncode == 0
    store = _cycle(hub)
    (found,) = _installed(hub)
    assert (found.device, found.program.name, found.program.version) == (
        host_key(),
        PACKAGE,
        "1.0-1",
    )
    sent = _software_report(store)
    assert sent["full"] is False and sent["removed"] == []
    assert sent["values"] == {PACKAGE: {"name": PACKAGE, "version": "1.0-1", "arch": "all"}}

    assert _dpkg("-r", PACKAGE).returncode == 0
    store = _cycle(hub)
    assert _installed(hub) == []
    sent = _software_report(store)
    assert sent["full"] is False and sent["removed"] == [PACKAGE] and sent["values"] == {}


def test_an_unchanged_database_is_not_read_and_nothing_is_sent(hub: Config) -> None:
    require_program("dpkg")
    scan = SoftwareScan(hub, host_key())
    first = scan.run()
    assert len(first) == 1 and first[0].data["full"] and first[0].data["source"] == "dpkg"
    assert scan.run() == [] and scan.reads == 1  # the status file did not change: not read
    again = SoftwareScan(hub, host_key())  # a restarted service reads once, sends nothing
    assert again.run() == [] and again.reads == 1
    (whole,) = scan.whole()  # the scan task: the whole document, read now
    assert whole.data["full"] and whole.data["values"] == first[0].data["values"]


def test_the_dpkg_database_is_read_as_dpkg_query_reads_it(tmp_path: Path) -> None:
    status = tmp_path / "status"
    status.write_text(
        "Package: dpkg\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.21.22\n\n"
        "Package: libc6\nStatus: install ok installed\nArchitecture: i386\nMulti-Arch: same\n"
        "Version: 2.36-9\nDescription: GNU C Library\n this line continues\n\n"
        "Package: gone\nStatus: deinstall ok config-files\nArchitecture: amd64\nVersion: 1\n\n"
        "Package: wine32\nStatus: hold ok installed\nArchitecture: i386\nVersion: 8.0\n"
    )
    assert dpkg_programs(status) == {
        "dpkg": {"name": "dpkg", "version": "1.21.22", "arch": "amd64"},
        "libc6:i386": {"name": "libc6", "version": "2.36-9", "arch": "i386"},
        "wine32:i386": {"name": "wine32", "version": "8.0", "arch": "i386"},
    }


def test_an_unreadable_database_is_one_line_and_keeps_what_was_sent(
    hub: Config, tmp_path: Path
) -> None:
    status = tmp_path / "status"
    status.write_text("Package: zip\nStatus: install ok installed\nVersion: 3.0\n")
    scan = SoftwareScan(hub, host_key(), dpkg_status=status)
    assert scan.run()[0].data["values"] == {"zip": {"name": "zip", "version": "3.0"}}
    status.unlink()
    status.mkdir()  # what cannot be read as a file, even by root
    with pytest.raises(ChildFailed) as failed:
        scan.run()
    assert str(failed.value) == (
        f"SoftwareProblem: cannot read the package database {status}: Is a directory"
    )
    assert scan.sent.last() == {"zip": {"name": "zip", "version": "3.0"}}  # nothing lost
    status.rmdir()
    status.write_text("Package: zip\nStatus: install ok installed\nVersion: 3.0\n")
    assert scan.run() == []  # mended: the same programs, nothing to send


def _xp() -> dict:
    return read_export(gzip.decompress((DATA / "xp-Uninstall.reg.gz").read_bytes()), UNINSTALL)


def _win10() -> dict:
    return read_export((DATA / "win10-ru-Uninstall.reg").read_bytes(), UNINSTALL)


def test_the_registry_lists_what_programs_and_features_lists() -> None:
    xp = _xp()
    assert len(xp) == 534  # every subkey of the recording
    programs = registry_programs({"32": xp})
    assert len(programs) == 63
    assert programs["Office14.PROPLUS"] == {
        "name": "Microsoft Office Professional Plus 2010",
        "version": "14.0.6029.1000",
        "publisher": "Microsoft Corporation",
        "arch": "x86",
    }
    assert programs["{26A24AE4-039D-4CA4-87B4-2F83216031FF}"]["installed"] == "2012-02-20"
    # updates of Windows (ParentKeyName, ReleaseType) and parts of others (SystemComponent)
    assert xp["KB2079403"]["ParentKeyName"] == "OperatingSystem" and "KB2079403" not in programs
    assert xp["KB950759"]["SystemComponent"] == 1 and "KB950759" not in programs
    assert not any("Security Update" in p["name"] for p in programs.values())
    assert "Connection Manager" in xp and "Connection Manager" not in programs  # no DisplayName


def test_both_views_and_the_user_hive_are_one_document() -> None:
    win10 = _win10()
    views = {"64": win10, "32": _xp(), "user": {}}
    programs = registry_programs(views)
    assert programs["{50F91F80-D397-437C-B0C8-62128DE3B55E}"] == {
        "name": "КриптоПро CSP",
        "version": "5.0.12000",
        "publisher": "Компания КриптоПро",
        "arch": "x64",
        "installed": "2021-07-24",
    }
    assert programs["1C Предприятие 7.7.27"]["name"] == "1C Предприятие 7.7"
    assert len(programs) == 63 + 2
    # one registry shown under both views (32-bit Windows) is one program; other values twice
    same = registry_programs({"64": win10, "32": win10})
    assert len(same) == 2
    other = {k: {**v, "DisplayVersion": "5.1"} for k, v in win10.items()}
    both = registry_programs({"64": win10, "32": other})
    assert both["1C Предприятие 7.7.27@32"]["version"] == "5.1"


def test_rpm_lines() -> None:
    text = (
        "bash\t0:5.2.26-3.fc40\tx86_64\tFedora Project\t1717000000\n"
        "glibc\t0:2.39-8.fc40\tx86_64\tFedora Project\t1717000000\n"
        "glibc\t0:2.39-8.fc40\ti686\tFedora Project\t1717000000\n"
        "gpg-pubkey\t0:a15b79cc-63d04c2c\t(none)\t(none)\t1717000000\n"
        "vim-enhanced\t2:9.1.393-1.fc40\tx86_64\tFedora Project\t1717000000\n"
    )
    programs = parse_rpm(text)
    assert programs["bash"] == {
        "name": "bash",
        "version": "5.2.26-3.fc40",
        "arch": "x86_64",
        "publisher": "Fedora Project",
        "installed": "2024-05-29",
    }
    assert {"glibc:x86_64", "glibc:i686"} <= set(programs) and "glibc" not in programs
    assert programs["vim-enhanced"]["version"] == "2:9.1.393-1.fc40"
    assert "arch" not in programs["gpg-pubkey"]


def test_the_job_is_named_and_its_interval_configured(tmp_path: Path) -> None:
    path = tmp_path / "soumnet.toml"
    path.write_text('[agent]\nid = "pc"\ndata_dir = "agent"\nsoftware_interval_seconds = 600\n')
    (job,) = collector.software_jobs(load(path))
    assert (job.name, job.interval_seconds) == ("software", 600) and job.whole is not None
    path.write_text('[agent]\nsoftware_interval_seconds = "hourly"\n')
    with pytest.raises(ConfigError, match="software_interval_seconds: expected a whole number"):
        load_config(path, Config)
