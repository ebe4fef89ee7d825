"""Keys, trees and tree comparison for the backup tests."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pyrage

from agent.backup_cli import main
from backups import sshsig
from tui.config import TuiConfig as Config


@dataclass(frozen=True)
class Keys:
    identity_file: Path
    escrow_file: Path
    recipients: tuple[str, str]
    signing_key: Path
    public_key: str

    @property
    def trusted(self) -> list[str]:
        """`--trusted-key` with the public half of the signing key."""
        return ["--trusted-key", str(self.signing_key.with_name(self.signing_key.name + ".pub"))]


def make_keys(folder: Path) -> Keys:
    folder.mkdir(parents=True, exist_ok=True)
    work, escrow = pyrage.x25519.Identity.generate(), pyrage.x25519.Identity.generate()
    (folder / "work.txt").write_text(str(work) + "\n")
    (folder / "escrow.txt").write_text(str(escrow) + "\n")
    signing = sshsig.SigningKey.generate()
    (folder / "agent_ed25519").write_bytes(signing.private_openssh())
    os.chmod(folder / "agent_ed25519", 0o600)
    (folder / "agent_ed25519.pub").write_text(sshsig.public_line(signing.public) + "\n")
    return Keys(
        folder / "work.txt",
        folder / "escrow.txt",
        (str(work.to_public()), str(escrow.to_public())),
        folder / "agent_ed25519",
        sshsig.public_line(signing.public),
    )


def approve_signer(config: Config, agent: str, keys: Keys, folder: Path) -> None:
    """Enrol `agent` on the hub with the key that signs its archives (the default)."""
    from inventory.intake.agents import Registry

    request = folder / f"{agent}-request.json"
    body = {"soumnet_enrolment": 1, "agent": agent, "public_key": keys.public_key}
    request.write_text(json.dumps(body), encoding="utf-8")
    registry = Registry(config)
    registry.request(request)
    registry.approve(agent, "officer")


def create(keys: Keys, sources: list[Path], out: Path, label: str = "staff") -> int:
    argv = ["create", "--label", label, "--out", str(out), "--signing-key", str(keys.signing_key)]
    for source in sources:
        argv += ["--source", str(source)]
    for recipient in keys.recipients:
        argv += ["--recipient", recipient]
    return main(argv)


def only_archive(out: Path) -> Path:
    found = sorted(out.glob("*.tar.zst.age"))
    assert len(found) == 1, found
    return found[0]


def snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Everything the round trip must keep: type, mode, mtime, content, link target, links."""
    out: dict[str, tuple[object, ...]] = {}
    inode_names: dict[tuple[int, int], str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            st = os.lstat(path)
            mode = stat.S_IMODE(st.st_mode)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("symlink", os.readlink(path))
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("dir", mode, int(st.st_mtime))
            else:
                digest = hashlib.sha256()
                with open(path, "rb") as handle:
                    while chunk := handle.read(1 << 20):
                        digest.update(chunk)
                first = inode_names.setdefault((st.st_dev, st.st_ino), rel)
                out[rel] = (
                    "file",
                    mode,
                    int(st.st_mtime),
                    digest.hexdigest(),
                    first if st.st_nlink > 1 else None,
                )
    return out


def canonical_links(snap: dict[str, tuple[object, ...]]) -> dict[str, tuple[object, ...]]:
    """Hard-link groups named by their smallest member, so walk order does not matter."""
    groups: dict[object, list[str]] = {}
    for rel, value in snap.items():
        if value[0] == "file" and value[4] is not None:
            groups.setdefault(value[4], []).append(rel)
    rename = {head: min(members) for head, members in groups.items()}
    return {
        rel: ((*v[:4], rename[v[4]]) if v[0] == "file" and v[4] is not None else v)
        for rel, v in snap.items()
    }
