"""`soumnet-agent poll` and `soumnet-agent discover` as a user runs them."""

from __future__ import annotations

import json
import os
import socket
import subprocess

import pytest

from agent.collectors.discover import arp_table, parse_network, vendor_of
from foundation.i18n import Problem
from tests.conftest import require_program, venv_command
from tests.network import peers

pytestmark = pytest.mark.integration


def agent_cmd(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [venv_command("soumnet-agent"), *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_poll_json_prints_system_interfaces_supplies_and_ups(
    sim: peers.Peer, cli_env: dict[str, str]
) -> None:
    printer = agent_cmd(
        "poll", f"127.0.0.1:{sim.port}", "--community", "printer", "--json", env=cli_env
    )
    assert printer.returncode == 0, printer.stderr
    (entry,) = json.loads(printer.stdout)
    assert entry["device"] == f"snmp:127.0.0.1:{sim.port}" and entry["up"] is True
    assert entry["data"]["system"]["name"] == "printer-accounting"
    assert entry["data"]["printer"]["pages"] == 48213
    assert entry["data"]["interfaces"][0]["name"] == "eth0"

    ups = agent_cmd("poll", "127.0.0.1", "--port", str(sim.port), "--community", "ups", env=cli_env)
    assert ups.returncode == 0, ups.stderr
    assert "UPS: battery normal, charge 100%" in ups.stdout


def test_poll_v3_and_a_dead_device(snmpd_peer: peers.Peer, cli_env: dict[str, str]) -> None:
    dead = peers.free_udp_port()
    result = agent_cmd(
        "poll",
        f"127.0.0.1:{snmpd_peer.port}",
        f"127.0.0.1:{dead}",
        "--v3-user",
        peers.V3_USER,
        "--auth-key",
        peers.V3_AUTH,
        "--priv-key",
        peers.V3_PRIV,
        "--timeout",
        "0.5",
        "--retries",
        "0",
        env=cli_env,
    )
    assert result.returncode == 1
    assert f"snmp:127.0.0.1:{snmpd_peer.port}: up" in result.stdout
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"soumnet-agent: 127.0.0.1:{dead}: no answer within 0.5 s "
        "(device off, wrong address or community?)"
    ]


def test_poll_wrong_v3_key_is_one_clear_line(
    snmpd_peer: peers.Peer, cli_env: dict[str, str]
) -> None:
    args = ["poll", f"127.0.0.1:{snmpd_peer.port}", "--v3-user", peers.V3_USER]
    result = agent_cmd(*args, "--auth-key", "not-the-key", "--priv-key", "x" * 8, env=cli_env)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "SNMPv3 credentials refused" in line


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["poll", "host:notaport"], "is not a device address"),
        (["poll", "127.0.0.1", "--v3-user", "u"], "needs --auth-key and --priv-key"),
        (["discover", "300.1.2.0/24"], "is not a network"),
        (["discover", "10.0.0.0/8"], "at most 4096"),
    ],
)
def test_bad_input_is_one_line(args: list[str], needle: str, cli_env: dict[str, str]) -> None:
    result = agent_cmd(*args, env=cli_env)
    assert result.returncode != 0
    (line,) = result.stderr.strip().splitlines()
    assert needle in line


def test_discover_finds_the_snmp_agent(snmpd_peer: peers.Peer, cli_env: dict[str, str]) -> None:
    require_program("ping")
    args = ["discover", "127.0.0.1/32", "--port", str(snmpd_peer.port), "--json"]
    result = agent_cmd(*args, "--timeout", "1", env=cli_env)
    assert result.returncode == 0, result.stderr
    (found,) = json.loads(result.stdout)
    assert found["address"] == "127.0.0.1"
    assert found["ping"] is True and found["snmp"] is True
    assert found["sys_name"] == socket.gethostname()
    assert found["sys_object_id"].startswith("1.3.6.1.4.1.8072")
    assert found["dns_name"]  # loopback always has a name


def test_discover_draws_a_progress_bar_on_a_terminal(
    snmpd_peer: peers.Peer, cli_env: dict[str, str]
) -> None:
    require_program("ping")
    leader, follower = os.openpty()
    try:
        result = subprocess.run(
            [
                venv_command("soumnet-agent"),
                "discover",
                "127.0.0.1/32",
                "--port",
                str(snmpd_peer.port),
            ],
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
            env=cli_env,
            timeout=60,
        )
        os.close(follower)
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(leader)
    assert result.returncode == 0
    assert b"Sweeping [" in drawn and b"] 1/1" in drawn
    assert "127.0.0.1" in result.stdout and "1 device(s) answered" in result.stdout


def test_mac_vendor_and_arp_table(tmp_path: object) -> None:
    from pathlib import Path

    arp = Path(str(tmp_path)) / "arp"
    arp.write_text(
        "IP address       HW type     Flags       HW address            Mask     Device\n"
        "192.168.1.1      0x1         0x2         4C:5E:0C:11:22:33     *        eth0\n"
        "192.168.1.9      0x1         0x0         00:00:00:00:00:00     *        eth0\n",
        encoding="ascii",
    )
    assert arp_table(arp) == {"192.168.1.1": "4c:5e:0c:11:22:33"}
    assert vendor_of("4c:5e:0c:11:22:33") == "MikroTik"
    assert vendor_of("02:00:00:00:00:01") == "(locally administered)"
    assert vendor_of("00:11:22:33:44:55") == ""
    assert arp_table(Path(str(tmp_path)) / "missing") == {}
    with pytest.raises(Problem):
        parse_network("not a network")
