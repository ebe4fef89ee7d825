"""What a poll is given, built from `[snmp]`: the limits of a round and each device's target."""

from __future__ import annotations

from agent.collectors.snmp.plan import PollLimits, Target
from agent.jobs.network import target_for
from agent.settings.network import SnmpDevice, SnmpSettings

SETTINGS = SnmpSettings(
    concurrency=3, device_budget_seconds=7.5, max_repetitions=11, timeout_seconds=2.0, retries=4
)


def test_limits_are_the_configured_ones() -> None:
    limits = PollLimits.from_settings(SETTINGS)
    assert limits == PollLimits(concurrency=3, budget_seconds=7.5, max_repetitions=11)


def test_a_device_without_its_own_timing_takes_the_configured_one() -> None:
    device = SnmpDevice(address="10.0.0.2", port=1161, name="Switch", community="office")
    assert target_for(device, SETTINGS) == Target(
        "10.0.0.2", 1161, community="office", timeout=2.0, retries=4, name="Switch"
    )


def test_a_device_keeps_its_own_timing_and_credentials() -> None:
    device = SnmpDevice(
        address="10.0.0.3",
        version="3",
        user="soum",
        auth_key="auth-pass",
        priv_key="priv-pass",
        priv_protocol="AES256",
        timeout_seconds=0.5,
        retries=0,
    )
    target = target_for(device, SETTINGS)
    assert (target.timeout, target.retries) == (0.5, 0)
    assert target.credentials() == device.credentials()
    assert target.key == "snmp:10.0.0.3"
