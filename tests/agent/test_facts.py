"""Hardware facts: Linux from a recorded /sys tree, Windows from recorded CIM JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from agent.collectors import facts, facts_windows
from agent.collectors.facts import facts_jobs, linux_facts
from agent.collectors.facts_windows import parse, windows_facts
from agent.service.loop import JOB_FACTORIES, Agent
from foundation.i18n import Problem
from foundation.wire import Report, parse_report, utcnow
from inventory.records.devices import facts_from, list_devices
from inventory.store.layout import Layout
from tests.conftest import venv_command
from tui.config import TuiConfig as Config

DATA = Path(__file__).parent / "data"


def recorded(name: str) -> str:
    return (DATA / f"{name}.json").read_text(encoding="utf-8-sig")


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def sysfs(root: Path) -> None:
    """A Lenovo desktop's /sys, /proc/cpuinfo and os-release, as the kernel writes them."""
    write(
        root,
        {
            "sys/class/dmi/id/sys_vendor": "LENOVO\n",
            "sys/class/dmi/id/product_name": "10MQS0BX00\n",
            "sys/class/dmi/id/product_serial": "PC0XYZ12\n",
            "sys/class/dmi/id/bios_vendor": "LENOVO\n",
            "sys/class/dmi/id/bios_version": "M16KT47A\n",
            "sys/class/dmi/id/bios_date": "03/04/2019\n",
            "sys/class/dmi/id/board_vendor": "LENOVO\n",
            "sys/class/dmi/id/board_name": "3130\n",
            "sys/class/dmi/id/board_serial": "Default string\n",
            "proc/cpuinfo": "processor\t: 0\nvendor_id\t: GenuineIntel\n"
            "model name\t: Intel(R) Core(TM) i3-8100 CPU @ 3.60GHz\n\nprocessor\t: 1\n"
            "model name\t: Intel(R) Core(TM) i3-8100 CPU @ 3.60GHz\n",
            "etc/os-release": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'
            'NAME="Debian GNU/Linux"\nVERSION_ID="12"\n',
            "sys/block/sda/size": "1953525168\n",
            "sys/block/sda/removable": "0\n",
            "sys/block/sda/queue/rotational": "1\n",
            "sys/block/sda/device/vendor": "ATA     \n",
            "sys/block/sda/device/model": "WDC WD10EZEX-08W\n",
            "sys/block/sda/device/vpd_pg80": b"\x00\x80\x00\x14     WD-WCC6Y4XXXXXX",
            "sys/block/nvme0n1/size": "500118192\n",
            "sys/block/nvme0n1/removable": "0\n",
            "sys/block/nvme0n1/queue/rotational": "0\n",
            "sys/block/nvme0n1/device/model": "SAMSUNG MZVLB256HAHQ-000L7              \n",
            "sys/block/nvme0n1/device/serial": "S41GNX0M123456      \n",
            "sys/block/sdb/size": "30031872\n",
            "sys/block/sdb/removable": "1\n",
            "sys/block/sdb/device/model": "Cruzer Blade\n",
            "sys/block/loop0/size": "8\n",
        },
    )


def test_linux_facts_from_sys(tmp_path: Path) -> None:
    sysfs(tmp_path)
    found = linux_facts(tmp_path)
    assert found["make"] == "LENOVO" and found["model"] == "10MQS0BX00"
    assert found["serial"] == "PC0XYZ12"
    assert found["bios"] == {"vendor": "LENOVO", "version": "M16KT47A", "date": "2019-03-04"}
    assert found["board"] == {"vendor": "LENOVO", "model": "3130"}  # placeholder serial left out
    assert found["cpu"]["model"] == "Intel(R) Core(TM) i3-8100 CPU @ 3.60GHz"
    assert found["memory_total"] > 0
    assert found["disks"] == [
        {
            "name": "nvme0n1",
            "model": "SAMSUNG MZVLB256HAHQ-000L7",
            "serial": "S41GNX0M123456",
            "size": 500118192 * 512,
            "rotational": False,
        },
        {
            "name": "sda",
            "model": "WDC WD10EZEX-08W",
            "serial": "WD-WCC6Y4XXXXXX",
            "size": 1953525168 * 512,
            "rotational": True,
        },
    ]
    assert found["os"]["name"] == "Debian GNU/Linux 12 (bookworm)"
    assert found["os"]["version"] == "12"
    assert all(i["mac"] or i["ipv4"] for i in found["interfaces"])
    assert "lo" not in {i["name"] for i in found["interfaces"]}


def test_root_only_and_missing_files_are_absent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sysfs(tmp_path)
    read_bytes = Path.read_bytes
    secret = {"product_serial", "board_serial", "vpd_pg80"}

    def guarded(path: Path) -> bytes:
        if path.name in secret:  # mode 0400 root: what an unprivileged agent meets
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    found = linux_facts(tmp_path)
    assert "serial" not in found
    assert "serial" not in found["board"]
    assert "serial" not in next(d for d in found["disks"] if d["name"] == "sda")
    assert found["make"] == "LENOVO"  # the readable facts are still there

    monkeypatch.undo()
    bare = linux_facts(tmp_path / "nothing-here")  # a machine without DMI (a VM, ARM board)
    assert not {"make", "model", "serial", "bios", "board", "disks"} & set(bare)
    assert bare["memory_total"] > 0 and bare["os"]["kernel"]


def test_windows_desktop_single_instances() -> None:
    assert parse(recorded("cim_hp_desktop")) == {
        "hostname": "NYAGTLAN-PC",
        "make": "HP",
        "model": "HP ProDesk 400 G6 Desktop MT",
        "serial": "4CE0271XYZ",
        "bios": {"vendor": "HP", "version": "S05 Ver. 02.12.00", "date": "2021-06-10"},
        "board": {"vendor": "HP", "model": "871F", "serial": "PGDKK028JDN1AB"},
        "cpu": {
            "model": "Intel(R) Core(TM) i5-9500 CPU @ 3.00GHz",
            "count_logical": 6,
            "count_physical": 6,
        },
        "memory_total": 8443146240,
        "disks": [
            {
                "name": r"\\.\PHYSICALDRIVE0",
                "model": "SAMSUNG MZVLB256HBHQ-000H1",
                "serial": "0025_388A_91B2_1C4E.",
                "size": 256052966400,
                "bus": "SCSI",
            }
        ],
        "interfaces": [{"name": "Ethernet", "mac": "3c:52:82:6a:1f:0b", "ipv4": ["192.168.10.23"]}],
        "os": {
            "name": "Microsoft Windows 10 Pro",
            "version": "10.0.19045",
            "build": "19045",
            "machine": "64-bit",
        },
    }


def test_windows_arrays_placeholders_and_old_dates() -> None:
    found = parse(recorded("cim_clone_server"))
    assert "make" not in found and "model" not in found  # "To be filled by O.E.M."
    assert found["serial"] == "170312345600123"  # BIOS placeholder: the board's serial
    assert found["bios"]["date"] == "2017-03-14"  # PowerShell 5.1's wrapped /Date(ms)/
    assert found["cpu"] == {
        "model": "Intel(R) Xeon(R) CPU E5-2620 v4 @ 2.10GHz",
        "count_logical": 32,
        "count_physical": 16,
    }
    assert [d["model"] for d in found["disks"]] == ["ST1000DM010-2EP102", "KINGSTON SA400S37240G"]
    assert found["disks"][0]["serial"] == "Z9A1B2C3"
    assert "serial" not in found["disks"][1]  # null
    assert found["interfaces"] == [
        {"name": "Ethernet 2", "mac": "30:9c:23:0a:44:5e", "ipv4": ["10.0.0.5"]},
        {"name": "Wi-Fi", "mac": "50:3e:aa:12:34:56", "ipv4": []},
    ]
    assert found["os"]["name"] == "Microsoft Windows 7 Professional"


def test_windows_nulls_are_absent() -> None:
    found = parse(recorded("cim_vm_nulls"))
    assert found == {
        "hostname": "HUB-VM",
        "make": "QEMU",
        "model": "Standard PC (Q35 + ICH9, 2009)",
        "cpu": {"model": "AMD EPYC 7B13", "count_logical": 2, "count_physical": 2},
        "memory_total": 17179869184,  # UInt64 written as text
        "os": {
            "name": "Microsoft Windows Server 2022 Standard",
            "version": "10.0.20348",
            "build": "20348",
            "machine": "64-bit",
        },
    }


@pytest.mark.parametrize("text", ["", "WARNING: something\n{", "[1, 2]", "null"])
def test_windows_output_that_is_not_facts_is_one_clear_error(text: str) -> None:
    with pytest.raises(Problem) as caught:
        parse(text)
    assert caught.value.key == "agent.facts.bad_output"
    for lang in ("en", "mn"):
        assert "\n" not in caught.value.text(lang)


def completed(code: int, out: bytes = b"", err: bytes = b"") -> Any:
    return subprocess.CompletedProcess(["powershell.exe"], code, out, err)


def test_windows_facts_runs_powershell_once(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def fake_run(argv: list[str], **kwargs: Any) -> Any:
        seen.append(argv)
        return completed(0, b"\xef\xbb\xbf" + recorded("cim_hp_desktop").encode())

    monkeypatch.setattr(facts_windows.subprocess, "run", fake_run)
    assert windows_facts()["serial"] == "4CE0271XYZ"
    assert len(seen) == 1 and seen[0][0] == "powershell.exe" and "-NoProfile" in seen[0]
    assert "ConvertTo-Json" in seen[0][-1] and "Win32_BIOS" in seen[0][-1]


@pytest.mark.parametrize(
    ("outcome", "expect"),
    [
        (FileNotFoundError(2, "No such file or directory"), "No such file"),
        (subprocess.TimeoutExpired("powershell.exe", 120), "timed out"),
        (completed(1, err=b"Get-CimInstance : Access denied\r\n"), "Access denied"),
    ],
)
def test_windows_powershell_failures(
    monkeypatch: pytest.MonkeyPatch, outcome: Any, expect: str
) -> None:
    def fake_run(argv: list[str], **kwargs: Any) -> Any:
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    monkeypatch.setattr(facts_windows.subprocess, "run", fake_run)
    with pytest.raises(Problem) as caught:
        windows_facts()
    assert caught.value.key == "agent.facts.powershell_failed"
    assert expect in caught.value.text("en") and expect in caught.value.text("mn")


def test_facts_job_report_is_taken_up_by_the_hub(
    hub: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert facts_jobs in JOB_FACTORIES
    monkeypatch.setattr(facts, "collect", lambda: parse(recorded("cim_hp_desktop")))
    (job,) = facts_jobs(hub)
    assert job.name == "facts" and job.interval_seconds == 24 * 3600
    (report,) = job.run()
    assert report.kind == "facts" and report.device.startswith("host:")
    assert parse_report(report.line()).data == report.data
    taken = facts_from(report)
    assert taken["make"] == "HP" and taken["model"] == "HP ProDesk 400 G6 Desktop MT"
    assert taken["serial"] == "4CE0271XYZ" and taken["macs"] == ["3c:52:82:6a:1f:0b"]
    assert taken["ip"] == "192.168.10.23" and taken["name"] == "NYAGTLAN-PC"


def test_this_machines_facts_are_a_valid_report() -> None:
    data = facts.collect()
    report = Report("r-1", "pc", "facts", "host:0123456789abcdef", utcnow(), data)
    assert parse_report(report.line()).data == data
    assert data["cpu"]["count_logical"] >= 1 and data["os"]["name"]


def test_facts_command_prints_json(cli_env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "agent.cli", "facts", "--json"],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["kind"] == "facts" and doc["agent"] == "test-agent"
    assert doc["data"]["memory_total"] > 0


def test_facts_at_start_reach_the_hubs_records(
    hub: Config, cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service's first cycle sends facts; after `serve` the device record has them."""
    monkeypatch.setattr(facts, "collect", lambda: parse(recorded("cim_hp_desktop")))
    logged: list[str] = []
    assert Agent(hub, log=logged.append).run(once=True) == 0
    assert logged == []
    done = subprocess.run(
        [venv_command("soumnet-hub"), "serve", "--once"],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    record = next(d for d in list_devices(Layout(hub.hub_dir)) if d.get("serial"))
    assert record["serial"] == "4CE0271XYZ"
    assert record["make"] == "HP" and record["model"] == "HP ProDesk 400 G6 Desktop MT"
    assert "3c:52:82:6a:1f:0b" in record["macs"]
