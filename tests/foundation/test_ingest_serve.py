"""ingest -> spool -> serve -> store, through the real commands, and what they refuse."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from foundation.config import current_user
from foundation.wire import batch_header, dumps
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.conftest import venv_command
from tests.foundation.reports import batch, health
from tui.config import TuiConfig as Config


def ingest(env: dict[str, str], agent: str, payload: bytes) -> tuple[int, dict, str]:
    done = subprocess.run(
        [venv_command("soumnet-hub"), "ingest", "--agent", agent],
        input=payload,
        capture_output=True,
        env=env,
        timeout=60,
    )
    reply = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return done.returncode, reply, done.stderr.decode()


def serve_once(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [venv_command("soumnet-hub"), "serve", "--once"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_batch_travels_to_the_store(hub: Config, cli_env: dict[str, str]) -> None:
    status, reply, _ = ingest(cli_env, "a", batch("a", range(3)))
    assert status == 0 and reply["ok"]
    assert reply["accepted"] == ["a-0", "a-1", "a-2"]
    assert len(list(Layout(hub.hub_dir).spool.glob("*.jsonl"))) == 1
    assert serve_once(cli_env).returncode == 0
    assert sorted(Store(Layout(hub.hub_dir)).all_sample_ids()) == ["a-0", "a-1", "a-2"]
    assert not list(Layout(hub.hub_dir).spool.glob("*.jsonl")), "applied batch is removed"


def test_second_delivery_is_a_no_op(hub: Config, cli_env: dict[str, str]) -> None:
    for _ in range(2):
        assert ingest(cli_env, "a", batch("a", range(4)))[0] == 0
        assert serve_once(cli_env).returncode == 0
    assert sorted(Store(Layout(hub.hub_dir)).all_sample_ids()) == [f"a-{n}" for n in range(4)]


def test_malformed_reports_rejected_good_ones_kept(hub: Config, cli_env: dict[str, str]) -> None:
    good = health("a", 1).to_json()
    lines = [
        dumps(good),
        "{not json",
        dumps({**good, "id": "a-v9", "v": 9}),
        dumps({**good, "id": "a-other", "agent": "someone-else"}),
        dumps({**good, "id": "a-future", "ts": "2999-01-01T00:00:00+00:00"}),
        dumps({**good, "id": "a-naive", "ts": "2026-11-01T00:00:00"}),
        dumps({**good, "id": "a-big", "data": {"x": "y" * 300_000}}),
        dumps(health("a", 2).to_json()),
    ]
    payload = "\n".join([batch_header("a", len(lines)), *lines]) + "\n"
    status, reply, _ = ingest(cli_env, "a", payload.encode())
    assert status == 0
    assert reply["accepted"] == ["a-1", "a-2"]
    reasons = {r["id"]: r["reason"] for r in reply["rejected"]}
    assert len(reply["rejected"]) == 6
    assert "schema version 9" in reasons["a-v9"]
    assert "someone-else" in reasons["a-other"]
    assert "future" in reasons["a-future"]
    assert "UTC offset" in reasons["a-naive"]
    assert "not JSON" in reasons[""]
    assert "limit" in reasons["a-big"]
    assert serve_once(cli_env).returncode == 0
    assert sorted(Store(Layout(hub.hub_dir)).all_sample_ids()) == ["a-1", "a-2"]


def test_malformed_batch_is_refused_whole(hub: Config, cli_env: dict[str, str]) -> None:
    ingest(cli_env, "a", batch("a", range(2)))
    serve_once(cli_env)
    before = Store(Layout(hub.hub_dir)).all_sample_ids()
    for payload in (b"", b"hello\n", b'{"soumnet": 7}\n', batch("a", range(5, 9))[:-40]):
        status, reply, _ = ingest(cli_env, "a", payload)
        assert status != 0 and not reply["ok"] and reply["error"]
    cut = batch("a", range(5, 9))
    status, reply, _ = ingest(cli_env, "a", cut[: cut.rindex(b"\n", 0, -1) + 1])
    assert status != 0 and "cut short" in reply["error"]
    assert not list(Layout(hub.hub_dir).spool.glob("*.jsonl")), "nothing of a cut batch is kept"
    assert serve_once(cli_env).returncode == 0
    assert Store(Layout(hub.hub_dir)).all_sample_ids() == before


def test_damaged_spool_file_is_set_aside_not_lost(hub: Config, cli_env: dict[str, str]) -> None:
    spool = Layout(hub.hub_dir).spool
    (spool / "00000000000000000001-x-bad.jsonl").write_text("{broken\n", encoding="utf-8")
    ingest(cli_env, "a", batch("a", range(2)))
    done = serve_once(cli_env)
    assert done.returncode == 0
    assert "bad.jsonl" in done.stderr
    assert (spool / "rejected" / "00000000000000000001-x-bad.jsonl").exists()
    assert sorted(Store(Layout(hub.hub_dir)).all_sample_ids()) == ["a-0", "a-1"]


def test_missing_data_folder_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "soumnet.toml"
    config.write_text(
        f'[hub]\ndata_dir = "nowhere"\n[users."{current_user()}"]\nrole = "it"\n',
        encoding="utf-8",
    )
    env = {"SOUMNET_CONFIG": str(config), "SOUMNET_LANG": "en"}
    for args in (["serve", "--once"], []):
        command = [venv_command("soumnet-hub" if args else "soumnet"), *args]
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode != 0
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert "nowhere" in lines[0] and "soumnet-hub init" in lines[0]
    status, reply, _ = ingest(env, "a", batch("a", range(1)))
    assert status != 0 and "does not exist" in reply["error"]
    assert not (tmp_path / "nowhere").exists()


def test_second_serve_is_refused(hub: Config, cli_env: dict[str, str]) -> None:
    first = subprocess.Popen(
        [venv_command("soumnet-hub"), "serve"], env=cli_env, stderr=subprocess.PIPE
    )
    try:
        lock = Layout(hub.hub_dir).root / "serve.lock"
        for _ in range(200):
            if lock.exists() and lock.read_text().strip():
                break
            subprocess.run(["sleep", "0.05"], check=True)
        done = serve_once(cli_env)
        assert done.returncode != 0
        assert "another 'soumnet-hub serve'" in done.stderr
    finally:
        first.terminate()
        first.wait(timeout=30)


def _deep_report(rid: str, depth: int) -> str:
    """A report line whose data nests `depth` lists deep (the JSON parser's recursion)."""
    good = dumps(health("a", 0).to_json())
    head = good[: good.index('"data":')].replace('"a-0"', f'"{rid}"')
    return head + '"data":{"x":' + "[" * depth + "]" * depth + "}}"


def test_deeply_nested_json_is_refused_with_a_reason(hub: Config, cli_env: dict[str, str]) -> None:
    """Nesting deeper than the parser's recursion limit is bad input like any other."""
    deep = _deep_report("a-deep", 100_000)
    huge = _deep_report("a-huge", 200_000)  # longer than the report limit, and as deep
    assert len(deep) < hub.hub.max_report_bytes < len(huge)
    lines = [dumps(health("a", 1).to_json()), deep, huge, dumps(health("a", 2).to_json())]
    payload = "\n".join([batch_header("a", len(lines)), *lines]) + "\n"
    status, reply, stderr = ingest(cli_env, "a", payload.encode())
    assert status == 0, stderr
    assert "Traceback" not in stderr
    assert reply["accepted"] == ["a-1", "a-2"]
    reasons = {r["id"]: r["reason"] for r in reply["rejected"]}
    assert set(reasons) == {"a-deep", "a-huge"}
    assert "nested deeper" in reasons["a-deep"]
    assert "limit" in reasons["a-huge"]
    assert serve_once(cli_env).returncode == 0
    assert sorted(Store(Layout(hub.hub_dir)).all_sample_ids()) == ["a-1", "a-2"]


def test_deeply_nested_header_is_refused(hub: Config, cli_env: dict[str, str]) -> None:
    depth = 2000
    header = '{"soumnet":1,"x":' + "[" * depth + "]" * depth + "}\n"
    assert len(header) < 4096  # under the header's own size limit
    status, reply, stderr = ingest(cli_env, "a", header.encode() + batch("a", range(1)))
    assert status == 2, stderr
    assert "Traceback" not in stderr
    assert not reply["ok"] and "nested deeper" in reply["error"]
    assert not list(Layout(hub.hub_dir).spool.glob("*.jsonl"))


def test_lines_beyond_the_count_refuse_the_batch(hub: Config, cli_env: dict[str, str]) -> None:
    """The header announced fewer reports than were sent: it lied, nothing of it is kept."""
    body = batch("a", range(3))
    lines = body.decode().splitlines()
    told_two = "\n".join([batch_header("a", 2), *lines[1:]]) + "\n"
    for payload in (told_two, body.decode() + "\n", body.decode() + "trailing"):
        status, reply, stderr = ingest(cli_env, "a", payload.encode())
        assert status == 2, stderr
        assert not reply["ok"] and "announced" in reply["error"], reply
    assert not list(Layout(hub.hub_dir).spool.glob("*.jsonl")), "nothing of the batch is kept"
