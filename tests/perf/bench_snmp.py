"""Benchmark: poll 50 simulated devices (system group + ifTable/ifXTable) with soumnet's
poller, against net-snmp's `snmpbulkwalk` run for each device in turn, in the same run.

The devices are net-snmp `snmpd` agents: several processes, each answering on several
loopback ports, so the responders are not the bottleneck. Real switches, printers and UPSes
answer in roughly 5-50 ms per request, while loopback answers at once and would measure only
client CPU; so each device is reached through a small UDP relay (separate processes) that
holds every request and every answer for half of `--latency-ms` (default 20 ms per request).
The run with no added latency is printed too, for information.

Targets: the 50-device poll at least 3x faster than the sequential `snmpbulkwalk` loop, and
one device's poll at most 2x the time of `snmpbulkwalk` for that device.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from agent.collectors.snmp import oids  # noqa: E402
from agent.collectors.snmp.plan import PollLimits, Target  # noqa: E402
from agent.collectors.snmp.poller import PollResult, SnmpRuntime  # noqa: E402
from tests.network.peers import _stop, _wait_ready, free_udp_port  # noqa: E402

Poll = Callable[..., list[PollResult]]
DEVICES = 50
PROCESSES = 5
ROOTS = ("1.3.6.1.2.1.1", oids.IF_ENTRY, oids.IFX_ENTRY)
SECTIONS = ("system", "interfaces")
ENV = dict(os.environ, MIBS="", MIBDIRS="")


RELAY = """
import asyncio, sys

DELAY = float(sys.argv[1]) / 2000.0
PAIRS = [tuple(int(p) for p in pair.split(":")) for pair in sys.argv[2:]]


class Upstream(asyncio.DatagramProtocol):
    def __init__(self, front, client):
        self.front, self.client = front, client

    def datagram_received(self, data, addr):
        loop = asyncio.get_running_loop()
        loop.call_later(DELAY, self.front.sendto, data, self.client)


class Front(asyncio.DatagramProtocol):
    def __init__(self, target):
        self.target, self.ups = target, {}

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        asyncio.get_running_loop().create_task(self.forward(data, addr))

    async def forward(self, data, addr):
        loop = asyncio.get_running_loop()
        if addr not in self.ups:
            self.ups[addr], _ = await loop.create_datagram_endpoint(
                lambda: Upstream(self.transport, addr), remote_addr=("127.0.0.1", self.target)
            )
        up = self.ups[addr]
        loop.call_later(DELAY, up.sendto, data)


async def main():
    loop = asyncio.get_running_loop()
    for listen, target in PAIRS:
        await loop.create_datagram_endpoint(
            lambda t=target: Front(t), local_addr=("127.0.0.1", listen)
        )
    print("ready", flush=True)
    await asyncio.Event().wait()


asyncio.run(main())
"""


def start_relays(
    ports: list[int], latency_ms: float, processes: int = 2
) -> tuple[list[int], list[subprocess.Popen[bytes]]]:
    """Relays in front of `ports` that add `latency_ms` per request; returns their ports."""
    fronts = [free_udp_port() for _ in ports]
    procs = []
    for n in range(processes):
        pairs = [f"{f}:{p}" for f, p in list(zip(fronts, ports, strict=True))[n::processes]]
        proc = subprocess.Popen(
            [sys.executable, "-c", RELAY, str(latency_ms), *pairs], stdout=subprocess.PIPE
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        procs.append(proc)
    return fronts, procs


def program(name: str) -> str:
    found = shutil.which(name) or next(
        (str(p) for d in ("/usr/sbin", "/sbin") if (p := Path(d) / name).exists()), None
    )
    if not found:
        sys.exit(f"bench_snmp: {name} is not installed")
    return found


def start_agents(
    folder: Path, snmpd: str, snmpget: str
) -> tuple[list[int], list[subprocess.Popen[bytes]]]:
    ports = [free_udp_port() for _ in range(DEVICES)]
    procs = []
    for n in range(PROCESSES):
        mine = ports[n::PROCESSES]
        conf = folder / f"snmpd-{n}.conf"
        addresses = ",".join(f"udp:127.0.0.1:{p}" for p in mine)
        conf.write_text(f"agentAddress {addresses}\nrocommunity public 127.0.0.1\n")
        (folder / f"persist-{n}").mkdir()
        env = dict(ENV, SNMP_PERSISTENT_DIR=str(folder / f"persist-{n}"))
        command = [snmpd, "-f", "-C", "-c", str(conf), "-I", "-smux", "-Lf", "/dev/null"]
        command += ["-p", str(folder / f"snmpd-{n}.pid")]
        proc = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        procs.append(proc)
        for port in mine:
            _wait_ready(snmpget, port, "public", proc)
    return ports, procs


def bulkwalk_device(walker: str, port: int) -> int:
    """All three subtrees of one device with `snmpbulkwalk`; returns the varbind count."""
    count = 0
    for root in ROOTS:
        out = subprocess.run(
            [walker, "-v2c", "-c", "public", "-On", "-Cr25", f"127.0.0.1:{port}", root],
            capture_output=True,
            text=True,
            check=True,
            env=ENV,
        ).stdout
        count += sum(1 for line in out.splitlines() if line.startswith(".1."))
    return count


def timed(fn: Callable[[], object], repeat: int = 1) -> float:
    """Median wall time of `repeat` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(poll: Poll, walker: str, ports: list[int]) -> tuple[float, float, float, float]:
    """(one device ours, one device snmpbulkwalk, all ours, all snmpbulkwalk) in seconds."""
    targets = [Target("127.0.0.1", p, timeout=2.0, retries=1) for p in ports]
    results = poll(targets[:2], SECTIONS)
    assert all(r.up for r in results), [r.error for r in results]
    bulkwalk_device(walker, ports[0])

    one_ours = timed(lambda: poll(targets[:1], SECTIONS), repeat=7)
    one_theirs = timed(lambda: bulkwalk_device(walker, ports[0]), repeat=7)

    def ours_all() -> None:
        found = poll(targets, SECTIONS, PollLimits(concurrency=DEVICES))
        assert all(r.up for r in found), [r.error for r in found if not r.up]

    def theirs_all() -> None:
        for port in ports:
            bulkwalk_device(walker, port)

    return one_ours, one_theirs, timed(ours_all, repeat=3), timed(theirs_all, repeat=3)


def report(label: str, figures: tuple[float, float, float, float]) -> tuple[float, float]:
    one_ours, one_theirs, all_ours, all_theirs = figures
    single, speedup = one_ours / one_theirs, all_theirs / all_ours
    print(f"-- {label}")
    ours_ms, theirs_ms = one_ours * 1000, one_theirs * 1000
    print(
        f"one device:  soumnet {ours_ms:7.1f} ms   snmpbulkwalk {theirs_ms:7.1f} ms   "
        f"ratio {single:.2f} (target <= 2.0)"
    )
    print(
        f"{DEVICES} devices: soumnet {all_ours:6.2f} s concurrent   snmpbulkwalk "
        f"{all_theirs:6.2f} s in turn   speed-up {speedup:.2f}x (target >= 3.0)"
    )
    return single, speedup


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=20.0, help="added per request")
    args = parser.parse_args()
    snmpd, snmpget, walker = program("snmpd"), program("snmpget"), program("snmpbulkwalk")
    folder = Path(tempfile.mkdtemp(prefix="soumnet-bench-snmp-"))
    procs: list[subprocess.Popen[bytes]] = []
    runtime = SnmpRuntime()  # as the agent service keeps it: engines set up once
    try:
        ports, procs = start_agents(folder, snmpd, snmpget)
        varbinds = bulkwalk_device(walker, ports[0])
        print(f"devices: {DEVICES} snmpd agents in {PROCESSES} processes on loopback")
        print(f"per device: system group + ifTable + ifXTable ({varbinds} varbinds)")
        plain = measure(runtime.poll, walker, ports)
        fronts, relays = start_relays(ports, args.latency_ms)
        procs += relays
        modelled = measure(runtime.poll, walker, fronts)
    finally:
        runtime.close()
        for proc in procs:
            _stop(proc)
        shutil.rmtree(folder, ignore_errors=True)
    report("no added latency (client CPU only; for information)", plain)
    single, speedup = report(f"device latency {args.latency_ms:g} ms per request", modelled)
    ok = speedup >= 3.0 and single <= 2.0
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
