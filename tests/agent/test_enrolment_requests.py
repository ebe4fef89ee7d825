"""A broken enrolment request is one clear line, and the agents already filed stay as they were."""

from __future__ import annotations

import json
from pathlib import Path

import paramiko
import pytest

from agent.delivery.sshkeys import create_key, public_line
from inventory.intake.agents import AgentsProblem, Registry
from tests.agent.helpers import cli
from tui.config import TuiConfig as Config


def request(folder: Path, name: str, **fields: object) -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"soumnet_enrolment": 1, **fields}), encoding="utf-8")
    return path


def test_bad_requests_are_refused_with_their_reason(tmp_path: Path, hub: Config) -> None:
    key = public_line(create_key(tmp_path / "good_key"))
    good = request(tmp_path, "good", agent="kadr-pc", public_key=key, hostname="kadr")
    registry = Registry(hub)
    registry.request(good)
    before = registry.load()
    rsa = f"ssh-rsa {paramiko.RSAKey.generate(1024).get_base64()}"
    junk = tmp_path / "junk.json"
    junk.write_bytes(b"{not json")
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 1_000_000)
    deep = tmp_path / "deep.json"
    deep.write_bytes(b"[" * 8_000 + b"]" * 8_000)  # past the parser's recursion
    cases = {
        deep: "nested deeper than",
        junk: "Expecting property name",
        big: "file too large",
        tmp_path / "missing.json": "No such file",
        request(tmp_path, "rsa", agent="pc-2", public_key=rsa): "must be Ed25519",
        request(tmp_path, "line", agent="pc-3", public_key="ssh-ed25519"): "",
        request(tmp_path, "id", agent="../etc", public_key=key): "is not letters",
        tmp_path / "other.json": "not a soumnet enrolment request",
    }
    (tmp_path / "other.json").write_text('{"agent": "pc-4"}', encoding="utf-8")
    for path, reason in cases.items():
        assert hub.path is not None
        done = cli("inventory.cli", hub.path, "agents", "request", str(path), check=False)
        assert done.returncode != 0, path
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert f"{path}: not an enrolment request" in lines[0] and reason in lines[0], lines
    assert Registry(hub).load() == before


def test_a_refused_request_raises_the_hubs_problem(tmp_path: Path, hub: Config) -> None:
    with pytest.raises(AgentsProblem) as caught:
        Registry(hub).request(request(tmp_path, "x", agent="pc", public_key="ssh-ed25519 !!"))
    assert "not an enrolment request" in str(caught.value)
    assert "бүртгэлийн хүсэлт биш" in caught.value.text("mn")
    assert Registry(hub).load() == {}
