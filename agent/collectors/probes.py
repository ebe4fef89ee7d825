"""Reachability probes: ICMP ping, TCP connect and HTTP(S) GET, with latency, loss and jitter.

Ping needs no root: the system `ping` program (set-uid or with a capability on every common
system) is used first, then an unprivileged ICMP socket where the kernel allows one
(`net.ipv4.ping_group_range`). Where neither works the probe falls back to a TCP connect to
port 443, then 80: a refused connection proves the host answers too. Every attempt has a
time limit, and targets are probed concurrently, so one dead target never delays the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import re
import shutil
import socket
import ssl
import struct
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from agent.delivery.rollup import mean
from agent.settings.network import ProbeTarget

PING_TIME = re.compile(r"time[=<]\s*([0-9.]+)\s*ms", re.IGNORECASE)


@dataclass
class ProbeResult:
    name: str
    role: str
    kind: str
    target: str
    sent: int = 0
    received: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    method: str = ""
    """How it was measured: `ping`, `icmp-socket`, `tcp-fallback`, `tcp` or `http`."""
    status: int | None = None
    """HTTP status of the last answer."""
    error: str | None = None

    @property
    def up(self) -> bool:
        return self.received > 0

    @property
    def loss_percent(self) -> float:
        return round(100.0 * (self.sent - self.received) / self.sent, 1) if self.sent else 100.0

    @property
    def latency_ms(self) -> float | None:
        return round(mean(self.latencies_ms), 3) if self.latencies_ms else None

    @property
    def jitter_ms(self) -> float | None:
        """Mean absolute difference of consecutive round trips (as RTP does)."""
        lat = self.latencies_ms
        if len(lat) < 2:
            return 0.0 if lat else None
        return round(mean([abs(b - a) for a, b in itertools.pairwise(lat)]), 3)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "kind": self.kind,
            "target": self.target,
            "up": self.up,
            "sent": self.sent,
            "received": self.received,
            "loss_percent": self.loss_percent,
            "latency_ms": self.latency_ms,
            "jitter_ms": self.jitter_ms,
            "method": self.method,
            "status": self.status,
            "error": self.error,
        }


def target_label(target: ProbeTarget) -> str:
    if target.kind == "http":
        return target.url
    if target.kind == "tcp":
        return f"{target.host}:{target.port}"
    return target.host


# -- ping --------------------------------------------------------------------------------------


async def _ping_program(host: str, count: int, timeout: float) -> list[float] | None:
    """Round trips in ms from the system `ping`; None when the program cannot be used."""
    program = shutil.which("ping")
    if not program:
        return None
    if os.name == "nt":
        args = ["-n", str(count), "-w", str(max(1, int(timeout * 1000))), host]
    else:
        args = ["-n", "-c", str(count), "-i", "0.2", "-W", str(max(1, round(timeout))), host]
    try:
        proc = await asyncio.create_subprocess_exec(
            program, *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
    except OSError:
        return None
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout * count + 2.0)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        return []
    text = out.decode("utf-8", "replace")
    times = [float(m) for m in PING_TIME.findall(text)]
    if not times and proc.returncode not in (0, 1):
        # 2: an error such as "operation not permitted" or an unknown host
        lowered = (text + err.decode("utf-8", "replace")).lower()
        if "permi" in lowered or "socket" in lowered:
            return None
    return times[:count]


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


async def _ping_socket(host: str, count: int, timeout: float) -> list[float] | None:
    """Unprivileged ICMP echo (a datagram ICMP socket); None where the kernel refuses one."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, None, family=socket.AF_INET)
        address = infos[0][4][0]
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
    except (OSError, IndexError):
        return None
    sock.setblocking(False)
    times: list[float] = []
    try:
        for seq in range(count):
            header = struct.pack("!BBHHH", 8, 0, 0, 0, seq)
            payload = b"soumnet-probe"
            packet = struct.pack("!BBHHH", 8, 0, _checksum(header + payload), 0, seq) + payload
            started = time.perf_counter()
            await loop.sock_sendto(sock, packet, (address, 0))
            try:
                while True:
                    left = timeout - (time.perf_counter() - started)
                    if left <= 0:
                        raise TimeoutError
                    reply = await asyncio.wait_for(loop.sock_recv(sock, 1024), left)
                    if (
                        len(reply) >= 8
                        and reply[0] == 0
                        and struct.unpack("!H", reply[6:8])[0] == seq
                    ):
                        times.append((time.perf_counter() - started) * 1000)
                        break
            except TimeoutError:
                pass
    except OSError:
        return times if times else None
    finally:
        sock.close()
    return times


async def _tcp_once(host: str, port: int, timeout: float, refused_is_up: bool) -> float | None:
    started = time.perf_counter()
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except ConnectionRefusedError:
        return (time.perf_counter() - started) * 1000 if refused_is_up else None
    except (OSError, TimeoutError):
        return None
    elapsed = (time.perf_counter() - started) * 1000
    writer.close()
    with contextlib.suppress(OSError, TimeoutError):
        await asyncio.wait_for(writer.wait_closed(), timeout)
    return elapsed


async def ping(host: str, count: int, timeout: float) -> ProbeResult:
    result = ProbeResult(name=host, role="", kind="ping", target=host, sent=count)
    times = await _ping_program(host, count, timeout)
    result.method = "ping"
    if times is None:
        times = await _ping_socket(host, count, timeout)
        result.method = "icmp-socket"
    if times is None:
        result.method = "tcp-fallback"
        times = []
        for _ in range(count):
            found = await _tcp_once(host, 443, timeout, refused_is_up=True)
            if found is None:
                found = await _tcp_once(host, 80, timeout, refused_is_up=True)
            if found is not None:
                times.append(found)
    result.latencies_ms = [round(t, 3) for t in times]
    result.received = len(times)
    if not times:
        result.error = "no reply"
    return result


async def tcp(host: str, port: int, count: int, timeout: float) -> ProbeResult:
    result = ProbeResult("", "", "tcp", f"{host}:{port}", sent=count, method="tcp")
    for _ in range(count):
        found = await _tcp_once(host, port, timeout, refused_is_up=False)
        if found is not None:
            result.latencies_ms.append(round(found, 3))
    result.received = len(result.latencies_ms)
    if not result.received:
        result.error = "no connection"
    return result


def _http_get(url: str, timeout: float) -> tuple[int, float]:
    """(status, ms to the response headers); any HTTP answer counts as reachable."""
    request = urllib.request.Request(url, headers={"User-Agent": "soumnet-probe"})
    context = ssl.create_default_context()
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
            status = int(response.status)
            elapsed = (time.perf_counter() - started) * 1000
            response.read(65536)
    except urllib.error.HTTPError as exc:
        status, elapsed = int(exc.code), (time.perf_counter() - started) * 1000
        exc.close()
    return status, elapsed


async def http(url: str, count: int, timeout: float) -> ProbeResult:
    result = ProbeResult("", "", "http", url, sent=count, method="http")
    for _ in range(count):
        try:
            status, elapsed = await asyncio.to_thread(_http_get, url, timeout)
        except (OSError, ValueError) as exc:  # URLError is an OSError
            reason = getattr(exc, "reason", None) or exc
            result.error = str(reason)
            continue
        result.status = status
        if status < 500:
            result.latencies_ms.append(round(elapsed, 3))
        else:
            result.error = f"HTTP {status}"
    result.received = len(result.latencies_ms)
    if result.received:
        result.error = None
    return result


async def probe(target: ProbeTarget, count: int, timeout: float) -> ProbeResult:
    if target.kind == "http":
        result = await http(target.url, count, timeout)
    elif target.kind == "tcp":
        result = await tcp(target.host, target.port, count, timeout)
    else:
        result = await ping(target.host, count, timeout)
    result.name = target.name or target_label(target)
    result.role = target.role
    return result


async def probe_all_async(
    targets: Sequence[ProbeTarget], count: int, timeout: float, concurrency: int
) -> list[ProbeResult]:
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(target: ProbeTarget) -> ProbeResult:
        async with gate:
            return await probe(target, max(1, count), timeout)

    return list(await asyncio.gather(*(one(t) for t in targets)))


def probe_all(
    targets: Sequence[ProbeTarget], count: int = 3, timeout: float = 2.0, concurrency: int = 16
) -> list[ProbeResult]:
    """Probe every target concurrently; results in the order of `targets`."""
    if not targets:
        return []
    return asyncio.run(probe_all_async(targets, count, timeout, concurrency))
