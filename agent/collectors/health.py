"""Health of this machine, measured with psutil.

`HealthCollector.update()` measures and returns a plain dict (the `data` of a `health`
report); showing it is someone else's job. The collector keeps the previous counters so CPU
percentages and disk/network rates cover the interval since the last call, as a monitor's
should. Things that do not change while the agent runs (OS, core counts) are read once.
Field names are stable: the README's health-fields table documents each one.
"""

from __future__ import annotations

import contextlib
import os
import platform
import socket
import time
import weakref
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import psutil

NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smbfs",
    "smb3",
    "sshfs",
    "fuse.sshfs",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
    "davfs",
    "fuse.rclone",
}
SKIP_FS = {"squashfs", "tmpfs", "devtmpfs", "overlay", "iso9660", "udf"}
VIRTUAL_DISKS = ("loop", "ram", "zram", "dm-", "md", "sr", "fd", "nbd")
"""Block devices that are not fixed disks of their own (their I/O is counted elsewhere)."""
TOP_PROCESSES = 5
SLOW_SENSOR_SECONDS = 0.25
"""A sensor read slower than this (some drivers take a second) is skipped for a while."""
SLOW_SENSOR_SKIP_CYCLES = 30

Counters = dict[str, dict[str, int]]


class HealthCollector:
    """Keeps what one sample needs from the previous one (counters, process CPU times), so
    every figure covers the interval between two updates; one collector per service."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        # The first cpu_percent() without an interval is always 0.0: prime it now, and the
        # per-process CPU counters with it.
        psutil.cpu_percent(percpu=True)
        self._processes = ProcessSampler(clock)
        self._processes.sample()
        self._primed_at = clock()
        self._os = {
            "system": platform.system(),
            "release": platform.release(),
            "version": platform.version(),
            "machine": platform.machine(),
        }
        self._cpu_counts = {
            "count_logical": psutil.cpu_count(),
            "count_physical": psutil.cpu_count(logical=False),
        }
        self._windows = platform.system() == "Windows"
        self._previous: dict[str, tuple[float, Counters]] = {}
        self._sensor_skip: dict[str, int] = {}
        self._disks = LocalDisks()

    def update(self) -> dict[str, Any]:
        if self._clock() - self._primed_at < 0.1:
            time.sleep(0.1)
        per_core = psutil.cpu_percent(percpu=True)
        memory, swap = memory_and_swap()
        data: dict[str, Any] = {
            "hostname": socket.gethostname(),
            "os": dict(self._os),
            "uptime_seconds": uptime_seconds(),
            "cpu": {
                "percent": round(sum(per_core) / len(per_core), 1) if per_core else 0.0,
                "per_core": [round(p, 1) for p in per_core],
                "count_logical": self._cpu_counts["count_logical"] or len(per_core),
                "count_physical": self._cpu_counts["count_physical"],
            },
            "memory": memory,
            "swap": swap,
            "disks": self._disks(),
            "disk_io": [
                {"name": name, **io}
                for name, io in sorted(
                    self._with_rates("disk_io", disk_io_counters(), DISK_RATES).items()
                )
            ],
            "interfaces": interfaces(self._with_rates("net_io", net_io_counters(), NET_RATES)),
            "users": users(),
            "processes": top_processes(self._processes.sample()),
        }
        if hasattr(psutil, "getloadavg") and not self._windows:
            data["load"] = [round(x, 2) for x in psutil.getloadavg()]
        for name, read in SENSORS.items():
            found = self._sensor(name, read)
            if found:
                data[name] = found
        return data

    def _with_rates(
        self, name: str, counters: Counters, rates: Mapping[str, str]
    ) -> dict[str, dict[str, Any]]:
        """The counters, plus per-second rates over the interval since the previous update.

        A counter that went backwards (reset, wrap) has no rate this time."""
        now = self._clock()
        before = self._previous.get(name)
        self._previous[name] = (now, counters)
        out: dict[str, dict[str, Any]] = {key: dict(values) for key, values in counters.items()}
        if before is None or now <= before[0]:
            return out
        elapsed = now - before[0]
        for key, values in out.items():
            old = before[1].get(key)
            if old is None:
                continue
            for counter, rate in rates.items():
                delta = values.get(counter, 0) - old.get(counter, 0)
                if delta >= 0:
                    values[rate] = round(delta / elapsed, 1)
        return out

    def _sensor(self, name: str, read: Callable[[], Any]) -> Any:
        """A sensor's reading, or None when the machine lacks it or it was slow lately."""
        skip = self._sensor_skip.get(name, 0)
        if skip > 0:
            self._sensor_skip[name] = skip - 1
            return None
        started = time.perf_counter()
        try:
            found = read()
        except (OSError, RuntimeError, AttributeError, NotImplementedError):
            return None
        if time.perf_counter() - started > SLOW_SENSOR_SECONDS:
            self._sensor_skip[name] = SLOW_SENSOR_SKIP_CYCLES
        return found


DISK_RATES = {"read_bytes": "read_bytes_per_s", "write_bytes": "write_bytes_per_s"}
NET_RATES = {"bytes_recv": "recv_bytes_per_s", "bytes_sent": "sent_bytes_per_s"}


def uptime_seconds() -> int:
    """Seconds since boot: the kernel's boot-time clock where there is one (Linux), which a
    change of the wall clock does not move; elsewhere now less the boot time (on Linux
    psutil.boot_time() reads the whole of /proc/stat for it)."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        return int(time.clock_gettime(boottime))
    return int(time.time() - psutil.boot_time())


def memory_and_swap() -> tuple[dict[str, Any], dict[str, Any]]:
    """`memory` and `swap` of the report: on Linux from one read of /proc/meminfo, computed as
    psutil computes them (psutil reads the file twice, and /proc/vmstat for swap-in and -out
    counts the report does not carry); psutil where the kernel gives no MemAvailable."""
    found = _meminfo()
    if found.get("MemAvailable", 0) > 0 and "SwapTotal" in found and "SwapFree" in found:
        total, available = found["MemTotal"], found["MemAvailable"]
        if available > total:  # as psutil: a kernel's odd figure, free memory instead
            available = found["MemFree"]
        swap_total, swap_free = found["SwapTotal"], found["SwapFree"]
    else:
        memory = psutil.virtual_memory()
        swap = psutil.swap_memory()
        total, available, swap_total, swap_free = (
            memory.total,
            memory.available,
            swap.total,
            swap.free,
        )
    return (
        {
            "total": total,
            "available": available,
            "used": total - available,
            "percent": _percent(total - available, total),
        },
        {
            "total": swap_total,
            "used": swap_total - swap_free,
            "free": swap_free,
            "percent": _percent(swap_total - swap_free, swap_total),
        },
    )


_MEMINFO = (b"MemTotal:", b"MemFree:", b"MemAvailable:", b"SwapTotal:", b"SwapFree:")


def _meminfo() -> dict[str, int]:
    """The figures of /proc/meminfo that the report needs, in bytes ({} if unreadable)."""
    text = _read_whole("/proc/meminfo")
    out: dict[str, int] = {}
    for line in (text or b"").splitlines():
        name, _, rest = line.partition(b" ")
        if name in _MEMINFO:
            out[name[:-1].decode()] = int(rest.split()[0]) * 1024
    return out


def _percent(used: int, total: int) -> float:
    return round(used / total * 100, 1) if total else 0.0


class LocalDisks:
    """Usage of every fixed, local file system (network mounts can hang and are skipped).

    Which file systems those are is worked out again only when the mount table has changed
    (on Linux, when the text of /proc/self/mounts differs: listing them cost twice as much as
    measuring them); their usage is measured at every call."""

    def __init__(self) -> None:
        self._table: bytes | None = None
        self._partitions: list[Any] = []

    def __call__(self) -> list[dict[str, Any]]:
        table = _mount_table()
        if table is None or table != self._table:
            self._partitions = local_partitions()
            self._table = table
        found: list[dict[str, Any]] = []
        seen_devices: set[str] = set()
        for part in self._partitions:
            if part.device in seen_devices:
                continue
            try:
                usage = psutil.disk_usage(part.mountpoint)
            except (PermissionError, OSError):
                continue
            seen_devices.add(part.device)
            found.append(
                {
                    "mount": part.mountpoint,
                    "device": part.device,
                    "fstype": part.fstype,
                    "total": usage.total,
                    "used": usage.used,
                    "free": usage.free,
                    "percent": round(usage.percent, 1),
                }
            )
        return found


def _mount_table() -> bytes | None:
    """The text of the mount table (Linux), None where there is none to compare."""
    return _read_whole("/proc/self/mounts")


def _read_whole(path: str) -> bytes | None:
    """A kernel-made text file, None if unreadable (os.open and os.read: a buffered file
    object costs four system calls more)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        parts = []
        while chunk := os.read(fd, 65536):
            parts.append(chunk)
        return b"".join(parts)
    except OSError:
        return None
    finally:
        os.close(fd)


def local_partitions() -> list[Any]:
    """The mounted partitions that hold fixed, local file systems."""
    return [
        part
        for part in psutil.disk_partitions(all=False)
        if part.fstype.lower() not in NETWORK_FS
        and part.fstype.lower() not in SKIP_FS
        and "cdrom" not in part.opts
    ]


def disks() -> list[dict[str, Any]]:
    """Usage of every fixed, local file system, measured once."""
    return LocalDisks()()


def _whole_disks() -> set[str] | None:
    """Linux: the block devices that are disks (not partitions); elsewhere None (all are)."""
    try:
        return set(os.listdir("/sys/block"))
    except OSError:
        return None


def disk_io_counters() -> Counters:
    """I/O counters of every fixed disk, by disk name (partitions and virtual devices left out).

    The kernel's counters as they are (`nowrap=False`, here and for the network): psutil's
    correction of a counter that wrapped costs a third of the call, and `_with_rates`
    already gives no rate for an interval in which a counter went backwards."""
    try:
        per_disk = psutil.disk_io_counters(perdisk=True, nowrap=False) or {}
    except (OSError, RuntimeError):
        return {}
    whole = _whole_disks()
    out: Counters = {}
    for name, io in per_disk.items():
        if name.startswith(VIRTUAL_DISKS) or (whole is not None and name not in whole):
            continue
        out[name] = {
            "read_bytes": io.read_bytes,
            "write_bytes": io.write_bytes,
            "read_count": io.read_count,
            "write_count": io.write_count,
            "read_time_ms": io.read_time,
            "write_time_ms": io.write_time,
        }
    return out


def net_io_counters() -> Counters:
    try:
        per_nic = psutil.net_io_counters(pernic=True, nowrap=False) or {}
    except (OSError, RuntimeError):
        return {}
    return {
        name: {
            "bytes_sent": io.bytes_sent,
            "bytes_recv": io.bytes_recv,
            "packets_sent": io.packets_sent,
            "packets_recv": io.packets_recv,
            "errin": io.errin,
            "errout": io.errout,
            "dropin": io.dropin,
            "dropout": io.dropout,
        }
        for name, io in per_nic.items()
    }


DUPLEX = {psutil.NIC_DUPLEX_FULL: "full", psutil.NIC_DUPLEX_HALF: "half"}


def interfaces(traffic: Mapping[str, Mapping[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Every network interface with its state, speed, addresses and traffic counters."""
    stats = psutil.net_if_stats()
    addrs = psutil.net_if_addrs()
    traffic = traffic or {}
    out = []
    for name in sorted(set(stats) | set(addrs)):
        st = stats.get(name)
        ipv4, ipv6, mac = [], [], None
        for addr in addrs.get(name, []):
            if addr.family == socket.AF_INET:
                ipv4.append(addr.address)
            elif addr.family == socket.AF_INET6:
                ipv6.append(addr.address.split("%")[0])
            elif addr.family == psutil.AF_LINK:
                mac = addr.address
        out.append(
            {
                "name": name,
                "up": bool(st.isup) if st else False,
                "speed_mbps": st.speed if st else 0,
                "duplex": DUPLEX.get(st.duplex) if st else None,
                "mtu": st.mtu if st else 0,
                "mac": mac,
                "ipv4": ipv4,
                "ipv6": ipv6,
                **traffic.get(name, {}),
            }
        )
    return out


def users() -> list[dict[str, Any]]:
    """Who is logged in: name, terminal, remote host, and since when (UTC)."""
    try:
        found = psutil.users()
    except (OSError, RuntimeError):
        return []
    return [
        {
            "name": u.name,
            "terminal": u.terminal,
            "host": u.host or None,
            "started": datetime.fromtimestamp(u.started, UTC).isoformat(timespec="seconds"),
        }
        for u in found
    ]


ProcessRow = tuple[str, float, int]
"""A process's name, CPU seconds used since it started, and resident memory in bytes."""


def _parse_stat(raw: bytes) -> ProcessRow | None:
    """Name, CPU seconds and resident bytes from the text of /proc/PID/stat."""
    close = raw.rfind(b")")
    fields = raw[close + 2 :].split(None, 22)
    if len(fields) < 22:
        return None
    name = raw[raw.find(b"(") + 1 : close].decode("utf-8", "replace")
    return name, (int(fields[11]) + int(fields[12])) / CLOCK_TICKS, int(fields[21]) * PAGE_SIZE


KEEP_OPEN_MAX = 512
"""At most this many /proc/PID/stat files stay open between samples (and at most a quarter of
the process's file limit); further processes are opened and closed each time."""


class LinuxProcesses:
    """Every process from /proc: one read of /proc/PID/stat gives name, CPU ticks and
    resident pages, about four times cheaper than psutil's per-process calls, which read two
    or three files per process.

    Each file stays open between calls and is read again from its start (the kernel writes it
    anew at every read): opening and closing a hundred files or more each cycle was a third of
    the cost. An open file belongs to its process, not to its number: once that process is
    gone the read fails, the file is closed, and a new process with the same number is opened
    by its path."""

    def __init__(self, keep_open: int | None = None) -> None:
        if keep_open is None:
            limit = os.sysconf("SC_OPEN_MAX")  # the soft limit on open files; -1: none
            keep_open = KEEP_OPEN_MAX if limit < 0 else min(KEEP_OPEN_MAX, limit // 4)
        self._keep_open = keep_open
        self._open: dict[int, int] = {}
        self._finalizer = weakref.finalize(self, _close_all, self._open)

    def __call__(self) -> dict[int, ProcessRow]:
        out: dict[int, ProcessRow] = {}
        kept = self._open
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            pid = int(entry)
            raw = self._reread(pid) if pid in kept else b""
            if not raw:
                raw = self._first_read(pid, entry)
            row = _parse_stat(raw) if raw else None
            if row is not None:
                out[pid] = row
        for pid in [pid for pid in kept if pid not in out]:  # gone since the last call
            os.close(kept.pop(pid))
        return out

    def _reread(self, pid: int) -> bytes:
        """The kept file read again; b"" (and closed) when its process has ended."""
        fd = self._open[pid]
        try:
            raw = os.pread(fd, 4096, 0)
        except OSError:
            raw = b""
        if not raw:
            os.close(self._open.pop(pid))
        return raw

    def _first_read(self, pid: int, entry: str) -> bytes:
        try:  # os.open/os.read: a third cheaper than a buffered file object
            fd = os.open(f"/proc/{entry}/stat", os.O_RDONLY)
        except OSError:  # gone, or hidden from us
            return b""
        try:
            raw = os.read(fd, 4096)
        except OSError:
            raw = b""
        if raw and len(self._open) < self._keep_open:
            self._open[pid] = fd
        else:
            os.close(fd)
        return raw

    def close(self) -> None:
        """Close the kept files (also done when the reader is garbage collected)."""
        self._finalizer()


def _close_all(fds: dict[int, int]) -> None:
    for fd in fds.values():
        with contextlib.suppress(OSError):
            os.close(fd)
    fds.clear()


def linux_processes() -> dict[int, ProcessRow]:
    """Every process from /proc, once (nothing kept open)."""
    return LinuxProcesses(keep_open=0)()


def psutil_processes() -> dict[int, ProcessRow]:
    """Every process through psutil (Windows, macOS); what we may not see counts as 0."""
    out: dict[int, ProcessRow] = {}
    for proc in psutil.process_iter(["name", "cpu_times", "memory_info"]):
        info = proc.info
        times, mem = info.get("cpu_times"), info.get("memory_info")
        cpu = times.user + times.system if times is not None else 0.0
        out[proc.pid] = (info.get("name") or "", cpu, mem.rss if mem is not None else 0)
    return out


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class ProcessSampler:
    """Each process's CPU use since the previous sample, from one pass over the processes."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        read: Callable[[], dict[int, ProcessRow]] | None = None,
    ) -> None:
        self._clock = clock
        self._read = read or (LinuxProcesses() if os.path.isdir("/proc/self") else psutil_processes)
        self._before: dict[int, ProcessRow] = {}
        self._at: float | None = None

    def sample(self) -> list[dict[str, Any]]:
        rows, now = self._read(), self._clock()
        elapsed = now - self._at if self._at is not None else 0.0
        out = []
        for pid, (name, cpu, rss) in rows.items():
            old = self._before.get(pid)
            used = cpu - old[1] if old is not None and old[0] == name else -1.0
            percent = used / elapsed * 100 if elapsed > 0 and used >= 0 else 0.0
            out.append({"pid": pid, "name": name, "cpu_percent": round(percent, 1), "rss": rss})
        self._before, self._at = rows, now
        return out


def top_processes(rows: list[dict[str, Any]], n: int = TOP_PROCESSES) -> dict[str, Any]:
    """The `n` busiest processes by CPU and the `n` largest by memory."""
    return {
        "count": len(rows),
        "top_cpu": sorted(rows, key=lambda r: (-r["cpu_percent"], r["pid"]))[:n],
        "top_memory": sorted(rows, key=lambda r: (-r["rss"], r["pid"]))[:n],
    }


def temperatures() -> list[dict[str, Any]]:
    read = getattr(psutil, "sensors_temperatures", None)
    found = read() if read else {}
    return [
        {
            "sensor": sensor,
            "label": t.label,
            "current": t.current,
            "high": t.high,
            "critical": t.critical,
        }
        for sensor, entries in sorted(found.items())
        for t in entries
    ]


def fans() -> list[dict[str, Any]]:
    read = getattr(psutil, "sensors_fans", None)
    found = read() if read else {}
    return [
        {"sensor": sensor, "label": f.label, "rpm": f.current}
        for sensor, entries in sorted(found.items())
        for f in entries
    ]


def battery() -> dict[str, Any] | None:
    read = getattr(psutil, "sensors_battery", None)
    found = read() if read else None
    if found is None:
        return None
    secs = found.secsleft
    return {
        "percent": round(found.percent, 1),
        "plugged": found.power_plugged,
        "seconds_left": secs if isinstance(secs, int) and secs >= 0 else None,
    }


SENSORS: dict[str, Callable[[], Any]] = {
    "temperatures": temperatures,
    "fans": fans,
    "battery": battery,
}
"""Readings the machine may lack: absent from the report then, not an error."""
