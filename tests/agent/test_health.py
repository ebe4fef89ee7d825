"""The health snapshot: every documented field, rates over the interval, absent sensors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import namedtuple
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import psutil
import pytest

from agent.collectors import health
from agent.collectors.health import HealthCollector, ProcessSampler, top_processes
from foundation.kinds import figures
from foundation.wire import Report, parse_report, utcnow
from tests.conftest import ROOT

Temp = namedtuple("Temp", "label current high critical")
Fan = namedtuple("Fan", "label current")
Battery = namedtuple("Battery", "percent secsleft power_plugged")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def documented_fields() -> set[str]:
    """`data.X` names in the README's health-fields table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### `soumnet-agent collect --json`", 1)[1].split("\n##", 1)[0]
    return set(re.findall(r"^\| `data\.([a-z_]+)", section, re.MULTILINE))


def no_sensors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(psutil, "sensors_temperatures", lambda: {}, raising=False)
    monkeypatch.setattr(psutil, "sensors_fans", lambda: {}, raising=False)
    monkeypatch.setattr(psutil, "sensors_battery", lambda: None, raising=False)


def test_every_field_is_measured_and_documented(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        psutil,
        "sensors_temperatures",
        lambda: {"coretemp": [Temp("Core 0", 48.0, 80.0, 100.0)]},
        raising=False,
    )
    monkeypatch.setattr(
        psutil, "sensors_fans", lambda: {"thinkpad": [Fan("", 2400)]}, raising=False
    )
    monkeypatch.setattr(
        psutil,
        "sensors_battery",
        lambda: Battery(81.5, psutil.POWER_TIME_UNLIMITED, True),
        raising=False,
    )
    data = HealthCollector().update()
    assert set(data) == documented_fields()
    assert 0.0 <= data["cpu"]["percent"] <= 100.0
    assert len(data["cpu"]["per_core"]) == data["cpu"]["count_logical"]
    assert data["memory"]["total"] == psutil.virtual_memory().total
    assert {"total", "used", "free", "percent"} <= set(data["swap"])
    assert data["disks"] and all(d["total"] > 0 for d in data["disks"])
    assert {"read_bytes", "write_bytes", "read_count", "write_count"} <= set(data["disk_io"][0])
    lo = next(i for i in data["interfaces"] if i["name"] == "lo")
    assert lo["up"] and "127.0.0.1" in lo["ipv4"]
    assert {"bytes_sent", "bytes_recv", "errin", "errout", "dropin", "dropout"} <= set(lo)
    assert len(data["load"]) == 3
    assert data["uptime_seconds"] > 0
    assert isinstance(data["users"], list)
    assert data["temperatures"] == [
        {"sensor": "coretemp", "label": "Core 0", "current": 48.0, "high": 80.0, "critical": 100.0}
    ]
    assert data["fans"] == [{"sensor": "thinkpad", "label": "", "rpm": 2400}]
    assert data["battery"] == {"percent": 81.5, "plugged": True, "seconds_left": None}
    procs = data["processes"]
    assert procs["count"] > 1 and 1 <= len(procs["top_cpu"]) <= health.TOP_PROCESSES
    sizes = [p.info["memory_info"] for p in psutil.process_iter(["memory_info"])]
    biggest = max(m.rss for m in sizes if m is not None)
    assert procs["top_memory"][0]["rss"] >= biggest // 2  # it is among the largest


def test_the_snapshot_is_a_valid_report_and_the_hub_finds_its_figures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_sensors(monkeypatch)
    collector = HealthCollector()
    collector.update()
    data = collector.update()
    report = Report("r-1", "pc", "health", "host:0123456789abcdef", utcnow(), data)
    line = report.line()
    assert len(line.encode()) < 64 * 1024  # far below the hub's 256 KiB report limit
    assert parse_report(line).data == json.loads(line)["data"]
    found = figures("health", data)
    assert set(found) == {"cpu_percent", "memory_percent", "disk_percent"}
    assert found["disk_percent"] == max(d["percent"] for d in data["disks"])


def test_absent_and_failing_sensors_are_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    no_sensors(monkeypatch)
    data = HealthCollector().update()
    assert not {"temperatures", "fans", "battery"} & set(data)

    def broken() -> Any:
        raise OSError("no such device")

    monkeypatch.setattr(psutil, "sensors_temperatures", broken, raising=False)
    monkeypatch.delattr(psutil, "sensors_fans", raising=False)
    data = HealthCollector().update()
    assert not {"temperatures", "fans", "battery"} & set(data)
    assert data["cpu"] and data["memory"]  # the rest was measured


def test_a_slow_sensor_is_skipped_for_a_while(monkeypatch: pytest.MonkeyPatch) -> None:
    no_sensors(monkeypatch)
    calls: list[float] = []

    def slow() -> dict[str, list[Temp]]:
        calls.append(time.monotonic())
        return {"acpitz": [Temp("", 40.0, None, None)]}

    monkeypatch.setattr(psutil, "sensors_temperatures", slow, raising=False)
    monkeypatch.setattr(health, "SLOW_SENSOR_SECONDS", -1.0)  # every read counts as slow
    collector = HealthCollector()
    first = collector.update()
    assert first["temperatures"][0]["current"] == 40.0
    for _ in range(health.SLOW_SENSOR_SKIP_CYCLES):
        assert "temperatures" not in collector.update()
    assert "temperatures" in collector.update()
    assert len(calls) == 2


def test_rates_cover_the_interval_since_the_last_update() -> None:
    clock = FakeClock()
    collector = HealthCollector(clock=clock)
    rates = {"bytes_recv": "recv_bytes_per_s"}
    first = collector._with_rates("net", {"eth0": {"bytes_recv": 1000}}, rates)
    assert first == {"eth0": {"bytes_recv": 1000}}  # no rate before a previous sample
    clock.now += 2.0
    second = collector._with_rates(
        "net", {"eth0": {"bytes_recv": 5000}, "wlan0": {"bytes_recv": 7}}, rates
    )
    assert second["eth0"]["recv_bytes_per_s"] == 2000.0
    assert "recv_bytes_per_s" not in second["wlan0"]  # new interface: no previous counter
    clock.now += 2.0
    third = collector._with_rates("net", {"eth0": {"bytes_recv": 10}}, rates)
    assert third == {"eth0": {"bytes_recv": 10}}  # counter reset: no made-up rate


def test_disk_and_network_rates_appear_on_the_second_update(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    no_sensors(monkeypatch)
    collector = HealthCollector()
    first = collector.update()
    assert all("recv_bytes_per_s" not in i for i in first["interfaces"])
    (tmp_path / "blob").write_bytes(b"x" * 1024 * 1024)
    second = collector.update()
    lo = next(i for i in second["interfaces"] if i["name"] == "lo")
    assert lo["recv_bytes_per_s"] >= 0.0 and lo["sent_bytes_per_s"] >= 0.0
    assert all("write_bytes_per_s" in d for d in second["disk_io"])


def test_process_cpu_is_measured_since_the_previous_sample() -> None:
    clock = FakeClock()
    seen = [
        {1: ("init", 5.0, 10), 2: ("chrome", 100.0, 900), 3: ("antivirus", 50.0, 2000)},
        {
            1: ("init", 5.0, 10),
            2: ("chrome", 101.1, 950),  # 1.1 s of CPU in 2 s: 55 %
            3: ("antivirus", 50.6, 2000),  # 30 %
            4: ("new", 9.0, 5),  # started since: no earlier sample, no made-up figure
        },
        {2: ("firefox", 0.5, 700)},  # pid 2 reused by another program
    ]
    sampler = ProcessSampler(clock, read=lambda: seen.pop(0))
    first = sampler.sample()
    assert all(row["cpu_percent"] == 0.0 for row in first)
    clock.now += 2.0
    top = top_processes(sampler.sample(), n=2)
    assert top["count"] == 4
    assert [(p["name"], p["cpu_percent"]) for p in top["top_cpu"]] == [
        ("chrome", 55.0),
        ("antivirus", 30.0),
    ]
    assert [p["pid"] for p in top["top_memory"]] == [3, 2]
    clock.now += 2.0
    assert sampler.sample() == [{"pid": 2, "name": "firefox", "cpu_percent": 0.0, "rss": 700}]


def test_linux_process_reader_agrees_with_psutil() -> None:
    rows = health.linux_processes()
    me = psutil.Process()
    name, cpu, rss = rows[me.pid]
    assert name == me.name()[:15]
    assert abs(cpu - sum(me.cpu_times()[:2])) < 0.5
    assert abs(rss - me.memory_info().rss) < 8 * 1024 * 1024
    assert set(health.psutil_processes()) & set(rows)  # the portable reader sees them too


def test_virtual_block_devices_have_no_disk_io(monkeypatch: pytest.MonkeyPatch) -> None:
    io = SimpleNamespace(
        read_bytes=1, write_bytes=2, read_count=3, write_count=4, read_time=5, write_time=6
    )
    monkeypatch.setattr(
        psutil,
        "disk_io_counters",
        lambda perdisk, nowrap=True: {
            "sda": io,
            "sda1": io,
            "loop0": io,
            "zram0": io,
            "nvme0n1": io,
        },
    )
    monkeypatch.setattr(health, "_whole_disks", lambda: {"sda", "loop0", "zram0", "nvme0n1"})
    assert sorted(health.disk_io_counters()) == ["nvme0n1", "sda"]


def test_kept_process_files_are_read_afresh_and_closed_when_the_process_ends() -> None:
    reader = health.LinuxProcesses(keep_open=1000)
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        first = reader()
        assert child.pid in first and os.getpid() in first
        began = time.process_time()
        while time.process_time() - began < 0.3:  # use CPU between two reads of a kept file
            pass
        assert reader()[os.getpid()][1] >= first[os.getpid()][1] + 0.2

        def kept() -> set[str]:
            """The process files this process holds open (other tests' sockets may come and
            go in the same worker meanwhile: only these are counted)."""
            found = set()
            for fd in os.listdir("/proc/self/fd"):
                try:
                    target = os.readlink(f"/proc/self/fd/{fd}")
                except OSError:
                    continue
                if target.startswith("/proc/") and target.endswith("/stat"):
                    found.add(target)
            return found

        before = kept()
        assert f"/proc/{child.pid}/stat" in before
        child.kill()
        child.wait()
        assert child.pid not in reader()
        assert kept() == before - {f"/proc/{child.pid}/stat"}
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    reader.close()
    limited = health.LinuxProcesses(keep_open=2)
    assert len(limited()) > 2
    assert len(limited._open) == 2  # the rest are opened and closed at each read
    limited.close()


def test_memory_and_swap_agree_with_psutil() -> None:
    memory, swap = health.memory_and_swap()
    vm, sw = psutil.virtual_memory(), psutil.swap_memory()
    assert memory["total"] == vm.total and swap["total"] == sw.total
    assert abs(memory["available"] - vm.available) < 64 * 1024 * 1024
    assert memory["used"] == memory["total"] - memory["available"]
    assert abs(memory["percent"] - vm.percent) < 1.0
    assert swap["used"] == swap["total"] - swap["free"]


def test_file_systems_are_listed_again_when_the_mount_table_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = [b"/dev/sda1 / ext4 rw 0 0\n"]
    listed: list[int] = []
    real = health.local_partitions

    def counting() -> list[Any]:
        listed.append(1)
        return real()

    monkeypatch.setattr(health, "_mount_table", lambda: table[0])
    monkeypatch.setattr(health, "local_partitions", counting)
    disks = health.LocalDisks()
    assert disks() and disks() and len(listed) == 1  # usage measured twice, listed once
    table[0] += b"/dev/sdb1 /media/usb vfat rw 0 0\n"
    disks()
    assert len(listed) == 2
