"""A real OpenSSH `sshd` on a free loopback port, with its own host key and authorized_keys."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from foundation.config import current_user
from tests.conftest import require_program


@dataclass
class Sshd:
    process: subprocess.Popen[bytes]
    port: int
    host_key_line: str
    authorized_keys: Path
    user: str
    log: Path

    @property
    def hub(self) -> str:
        return f"{self.user}@127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def host_key(folder: Path, name: str) -> tuple[Path, str]:
    """A new Ed25519 host key and its public line."""
    keygen = require_program("ssh-keygen")
    path = folder / name
    subprocess.run(
        [keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True, capture_output=True
    )
    public = path.with_name(name + ".pub").read_text().split()
    return path, f"{public[0]} {public[1]}"


def start_sshd(folder: Path, extra: str = "") -> Sshd:
    """`extra` is appended to the configuration (e.g. a `Match` block)."""
    sshd = require_program("sshd")
    folder.mkdir(parents=True, exist_ok=True)
    key, line = host_key(folder, "ssh_host_ed25519_key")
    authorized = folder / "authorized_keys"
    authorized.touch(mode=0o600)
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    port = free_port()
    conf = folder / "sshd_config"
    conf.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {key}\nPidFile {folder / 'sshd.pid'}\n"
        f"AuthorizedKeysFile {authorized}\nUsePAM no\nStrictModes no\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\n"
        "PermitRootLogin prohibit-password\nPubkeyAuthentication yes\n"
        "Subsystem sftp internal-sftp\nAllowTcpForwarding yes\nLogLevel VERBOSE\n" + extra
    )
    log = folder / "sshd.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sshd, "-D", "-e", "-f", str(conf)], stderr=out)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"sshd exited: {log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                if sock.recv(8).startswith(b"SSH-"):
                    break
        except OSError:
            time.sleep(0.05)
    else:
        process.kill()
        raise RuntimeError(f"sshd did not start: {log.read_text()}")
    return Sshd(process, port, line, authorized, current_user(), log)
