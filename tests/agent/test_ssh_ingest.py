"""Bad input and dropped connections over the real sshd: reasons back, nothing lost, no twins."""

from __future__ import annotations

import json
import time
from pathlib import Path

import hypothesis.strategies as st
import psutil
import pytest
from hypothesis import HealthCheck, given, settings

from agent.delivery.outbox import Outbox
from agent.delivery.route import transport_for
from agent.delivery.sshsession import Session
from agent.delivery.sync import sync_once
from agent.delivery.transport import DeliveryError, SshTransport
from foundation.wire import batch_header, dumps, encode_batch
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.agent.helpers import agent_config, cli, enrol
from tests.agent.sshd import Sshd
from tests.foundation.reports import health
from tui.config import TuiConfig as Config


def stored_ids(hub: Config) -> list[str]:
    assert hub.path is not None
    cli("inventory.cli", hub.path, "serve", "--once")
    return sorted(Store(Layout(hub.hub_dir)).all_sample_ids())


def raw_batch(agent: str, lines: list[str]) -> bytes:
    return ("\n".join([batch_header(agent, len(lines)), *lines]) + "\n").encode("utf-8")


def ssh(tmp_path: Path, sshd: Sshd, hub: Config) -> tuple[Config, SshTransport]:
    agent = agent_config(tmp_path / "pc")
    enrol(agent, hub, sshd)
    transport = transport_for(agent)
    assert isinstance(transport, SshTransport)
    return agent, transport


def test_bad_reports_rejected_with_reasons_good_ones_stored(
    tmp_path: Path, sshd: Sshd, ssh_hub: Config
) -> None:
    _, transport = ssh(tmp_path, sshd, ssh_hub)
    good = [health("pc-1", n).to_json() for n in range(3)]
    old = dict(good[0], id="pc-1-old", v=2)
    big = dict(good[0], id="pc-1-big", data={"blob": "x" * (ssh_hub.hub.max_report_bytes + 10)})
    wrong_type = dict(good[0], id="pc-1-type", ts=12345)
    other_agent = dict(good[0], id="pc-1-other", agent="intruder")
    lines = [
        dumps(good[0]),
        "{not json at all",
        dumps(old),
        dumps(big),
        dumps(good[1]),
        dumps(wrong_type),
        dumps(other_agent),
        dumps(good[2]),
    ]
    reply = transport.exchange(raw_batch("pc-1", lines))
    assert sorted(reply["accepted"]) == ["pc-1-0", "pc-1-1", "pc-1-2"]
    reasons = {r["id"]: r["reason"] for r in reply["rejected"]}
    assert "schema version 2" in reasons["pc-1-old"]
    assert "larger than the limit" in reasons["pc-1-big"]
    assert "ts" in reasons["pc-1-type"]
    assert "intruder" in reasons["pc-1-other"]
    assert any("not JSON" in r for r in reasons.values())
    assert len(reply["rejected"]) == 5
    assert stored_ids(ssh_hub) == ["pc-1-0", "pc-1-1", "pc-1-2"]


def _junk() -> st.SearchStrategy[str]:
    # what can travel as UTF-8: lone surrogates cannot be encoded at all
    text = st.text(st.characters(blacklist_characters="\n\r", codec="utf-8"), max_size=200)
    values = st.one_of(st.none(), st.integers(), st.booleans(), st.lists(st.integers(), max_size=3))
    fields = st.sampled_from(["id", "agent", "kind", "device", "ts", "data", "v"])
    mutated = st.tuples(fields, values).map(
        lambda fv: dumps({**health("pc-1", 0).to_json(), "id": "pc-1-junk", fv[0]: fv[1]})
    )
    return st.one_of(text.filter(lambda t: t.strip() != ""), mutated)


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(junk=st.lists(_junk(), min_size=1, max_size=6))
def test_hypothesis_junk_is_rejected_and_the_hub_stays_up(
    tmp_path: Path, sshd: Sshd, ssh_hub: Config, junk: list[str]
) -> None:
    # The fixtures are shared by the examples: enrol once.
    agent = agent_config(tmp_path / "pc")
    if not (agent.agent_dir / "agent_ed25519").exists():
        enrol(agent, ssh_hub, sshd)
    transport = transport_for(agent)
    marker = f"pc-1-good-{time.time_ns()}"
    good = dumps(dict(health("pc-1", 5).to_json(), id=marker))
    reply = transport.exchange(raw_batch("pc-1", [*junk, good]))
    assert reply["accepted"] == [marker]
    assert len(reply["rejected"]) == len(junk)
    assert all(r["reason"] for r in reply["rejected"])
    assert marker in stored_ids(ssh_hub)


def test_batch_cut_mid_way_is_not_kept_and_retry_is_exact(
    tmp_path: Path, sshd: Sshd, ssh_hub: Config
) -> None:
    agent, transport = ssh(tmp_path, sshd, ssh_hub)
    outbox = Outbox(agent.agent_dir)
    outbox.add([health("pc-1", n) for n in range(20)])
    # The same SSH session the transport's child process opens, driven by hand.
    session = Session(**vars(transport))
    # 1. The socket closed mid-batch: header promises 20, only 8 and half a line arrive.
    client = session._connect()
    chan_transport = client.get_transport()
    assert chan_transport is not None
    channel = chan_transport.open_session()
    channel.exec_command("ingest")
    whole = encode_batch("pc-1", outbox.oldest(20))
    channel.sendall(whole[: len(whole) // 2])
    time.sleep(0.5)
    client.close()
    # 2. The hub's ingest process killed mid-batch.
    client = session._connect()
    chan_transport = client.get_transport()
    assert chan_transport is not None
    channel = chan_transport.open_session()
    channel.exec_command("ingest")
    channel.sendall(whole[: len(whole) // 3])
    killed = 0
    deadline = time.monotonic() + 30
    while not killed and time.monotonic() < deadline:
        for proc in psutil.Process(sshd.process.pid).children(recursive=True):
            try:
                if "ingest" in " ".join(proc.cmdline()):
                    proc.kill()
                    killed += 1
            except psutil.Error:
                continue
        time.sleep(0.1)
    assert killed
    channel.settimeout(30)
    answer = b""
    while chunk := channel.recv(4096):
        answer += chunk
    assert b'"ok":true' not in answer
    client.close()
    assert stored_ids(ssh_hub) == []
    assert outbox.depth() == 20
    # 3. The hub stored a batch but its answer was lost: the agent sends it again.
    reply = transport.exchange(encode_batch("pc-1", outbox.oldest(5)))
    assert len(reply["accepted"]) == 5
    result = sync_once(outbox, transport, "pc-1", max_reports=10)
    assert result.remaining == 0
    ids = stored_ids(ssh_hub)
    assert ids == sorted(f"pc-1-{n}" for n in range(20))


def test_unreachable_hub_keeps_everything(tmp_path: Path, sshd: Sshd, ssh_hub: Config) -> None:
    agent, transport = ssh(tmp_path, sshd, ssh_hub)
    outbox = Outbox(agent.agent_dir)
    outbox.add([health("pc-1", n) for n in range(4)])
    sshd.stop()
    with pytest.raises(DeliveryError):
        sync_once(outbox, transport, "pc-1", max_reports=10)
    assert outbox.depth() == 4
    assert json.loads(json.dumps(outbox.oldest(1)[0].to_json()))["id"] == "pc-1-0"
