"""Real SNMP peers on loopback for the network tests and the benchmark: net-snmp `snmpd` and
`snmpsim` serving recordings of real devices from the `snmpsim-data` package.
"""

from __future__ import annotations

import bz2
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import snmpsim_data

RECORDINGS = Path(snmpsim_data.__file__).resolve().parent / "data"
DATA = Path(__file__).resolve().parent / "data"
SWITCH = RECORDINGS / "network/switch/dlink-des3038.snmprec.bz2"
ROUTER = RECORDINGS / "network/router/vyatta-unknown.snmprec.bz2"
UPS = RECORDINGS / "UPS/phoenixtec-power.snmprec.bz2"
PRINTER = DATA / "printer.snmprec"

V3_USER = "soumv3"
V3_AUTH = "auth-pass-2026"
V3_PRIV = "priv-pass-2026"

# Run as root, snmpsim drops privileges; stdlib modules it imports lazily afterwards may
# then be unreadable, so they are imported here first.
SNMPSIM_WRAPPER = """\
import sys
import dbm, dbm.dumb  # noqa
import encodings.ascii, encodings.latin_1, encodings.utf_8, encodings.idna  # noqa
import encodings.hex_codec, encodings.raw_unicode_escape, encodings.unicode_escape  # noqa
from snmpsim.commands.responder import main
sys.exit(main())
"""


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_tcp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(snmpget: str, port: int, community: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the SNMP peer exited with status {proc.returncode}")
        probe = subprocess.run(
            [
                snmpget,
                "-v2c",
                "-c",
                community,
                "-t",
                "0.3",
                "-r",
                "0",
                "-On",
                f"127.0.0.1:{port}",
                "1.3.6.1.2.1.1.1.0",
            ],
            capture_output=True,
        )
        if probe.returncode == 0:
            return
        time.sleep(0.1)
    raise RuntimeError("the SNMP peer did not answer within 60 s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass(frozen=True)
class Peer:
    port: int
    folder: Path
    more_ports: tuple[int, ...] = ()
    """Further ports the same responder answers on (distinct device addresses)."""


@contextmanager
def snmpd(snmpd_program: str, snmpget: str, community: str = "public") -> Iterator[Peer]:
    """net-snmp's agent, unprivileged, on a loopback port, with a v2c community and a v3
    authPriv (SHA/AES) user."""
    folder = Path(tempfile.mkdtemp(prefix="soumnet-snmpd-"))
    port = free_udp_port()
    conf = folder / "snmpd.conf"
    conf.write_text(
        f"agentAddress udp:127.0.0.1:{port}\n"
        f"rocommunity {community} 127.0.0.1\n"
        f'createUser {V3_USER} SHA "{V3_AUTH}" AES "{V3_PRIV}"\n'
        f"rouser {V3_USER} priv\n"
        "sysLocation Server room\nsysContact it@soum.example\n",
        encoding="utf-8",
    )
    (folder / "persist").mkdir()
    env = dict(os.environ, SNMP_PERSISTENT_DIR=str(folder / "persist"), MIBS="", MIBDIRS="")
    command = [snmpd_program, "-f", "-C", "-c", str(conf), "-I", "-smux"]
    command += ["-Lf", str(folder / "snmpd.log"), "-p", str(folder / "snmpd.pid")]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_ready(snmpget, port, community, proc)
        yield Peer(port, folder)
    finally:
        _stop(proc)
        shutil.rmtree(folder, ignore_errors=True)


def write_recording(source: Path, target: Path, shift: dict[str, int] | None = None) -> None:
    """Copy a recording as plain text; `shift` adds to values of OIDs with these prefixes
    (to make a second, later snapshot of the same device)."""
    raw = bz2.decompress(source.read_bytes()) if source.suffix == ".bz2" else source.read_bytes()
    if not shift:
        target.write_bytes(raw)
        return
    lines = []
    for line in raw.decode("latin-1").splitlines():
        oid, _, rest = line.partition("|")
        tag, _, value = rest.partition("|")
        for prefix, delta in shift.items():
            if (oid == prefix or oid.startswith(prefix + ".")) and value.lstrip("-").isdigit():
                value = str(int(value) + delta)
        lines.append(f"{oid}|{tag}|{value}")
    target.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))


@contextmanager
def snmpsim(
    recordings: dict[str, Path], snmpget: str, endpoints: int = 1, extra_ports: int = 0
) -> Iterator[list[Peer]]:
    """snmpsim serving each recording under its community name; `endpoints` responder
    processes on as many ports (each a separate process, so the responders are not the
    bottleneck of a benchmark)."""
    folder = Path(tempfile.mkdtemp(prefix="soumnet-snmpsim-"))
    folder.chmod(0o755)
    data = folder / "data"
    data.mkdir()
    for community, source in recordings.items():
        if source.parent == data:
            continue
        write_recording(source, data / f"{community}.snmprec")
    wrapper = folder / "responder.py"
    wrapper.write_text(SNMPSIM_WRAPPER, encoding="utf-8")
    procs: list[subprocess.Popen[bytes]] = []
    peers: list[Peer] = []
    try:
        for n in range(endpoints):
            cache = folder / f"cache-{n}"
            cache.mkdir()
            for path in (data, cache, *data.iterdir()):
                path.chmod(0o777 if path.is_dir() else 0o644)
            port = free_udp_port()
            more = tuple(free_udp_port() for _ in range(extra_ports))
            command = [sys.executable, str(wrapper), f"--data-dir={data}", f"--cache-dir={cache}"]
            command += [f"--agent-udpv4-endpoint=127.0.0.1:{p}" for p in (port, *more)]
            command += ["--log-level=error"]
            if hasattr(os, "geteuid") and os.geteuid() == 0:
                command += ["--process-user=nobody", "--process-group=nogroup"]
            log = (folder / f"snmpsim-{n}.log").open("wb")
            proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=folder)
            log.close()
            procs.append(proc)
            peers.append(Peer(port, folder, more))
        first = next(iter(recordings))
        for proc, peer in zip(procs, peers, strict=True):
            try:
                _wait_ready(snmpget, peer.port, first, proc)
            except RuntimeError as exc:
                logs = "".join(p.read_text(errors="replace")[-2000:] for p in folder.glob("*.log"))
                raise RuntimeError(f"{exc}\n{logs}") from None
        yield peers
    finally:
        for proc in procs:
            _stop(proc)
        shutil.rmtree(folder, ignore_errors=True)


def snmpbulkwalk(program: str, port: int, community: str, root: str) -> dict[str, object]:
    """`snmpbulkwalk -On -Oe -Ot -Ox` output as OID → int / bytes / dotted str."""
    out = subprocess.run(
        [
            program,
            "-v2c",
            "-c",
            community,
            "-On",
            "-Oe",
            "-Ot",
            "-Ox",
            "-Cr25",
            f"127.0.0.1:{port}",
            root,
        ],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ, MIBS="", MIBDIRS=""),
    ).stdout
    entries: list[list[str]] = []
    for line in out.splitlines():
        if line.startswith(".1.") and " = " in line:
            oid, _, value = line.partition(" = ")
            entries.append([oid[1:], value])
        elif entries:
            entries[-1][1] += " " + line
    return {oid: canonical(value) for oid, value in entries if "No Such" not in value}


def canonical(value: str) -> object:
    value = value.strip()
    kind, sep, rest = value.partition(": ")
    if not sep:
        if value == '""':
            return b""
        return int(value) if value.lstrip("-").isdigit() else value
    rest = rest.strip()
    if kind == "Hex-STRING":
        return bytes.fromhex(rest.replace(" ", ""))
    if kind == "STRING":
        return rest.strip('"').encode("utf-8")
    if kind == "OID":
        return rest.lstrip(".")
    if kind == "IpAddress":
        return rest
    if kind == "Timeticks":
        return int(rest.strip("()").split(")")[0])
    return int(rest.split()[0])


def walk_many(program: str, port: int, community: str, roots: Sequence[str]) -> dict[str, object]:
    found: dict[str, object] = {}
    for root in roots:
        found.update(snmpbulkwalk(program, port, community, root))
    return found
