"""The agent's network jobs: poll the configured SNMP devices, probe the configured targets.

Reports: kind "snmp" per device (`snmp:<address>`), kind "probe" per target
(`probe:<name>`) and one kind "outage" per round for the uplink (`probe:uplink`) carrying the
office's connectivity state and, only when it changed, its events. The probe job's latest
classification tells the SNMP job whether the path to the LAN is up, so a device behind a
dead router is "unreachable", not "down".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from agent.collectors.outage import Classification, OutageTracker, classify, device_status
from agent.collectors.snmp.plan import PollLimits, Target
from agent.config import AgentConfig
from agent.delivery.rollup import mean
from agent.jobs.job import Job
from agent.settings.network import SnmpDevice, SnmpSettings
from foundation.devicekeys import UPLINK_KEY
from foundation.wire import Report, dumps, new_report_id, utcnow

if TYPE_CHECKING:
    from agent.collectors.probes import ProbeResult

REPORT_BUDGET_BYTES = 200_000
"""Keep an "snmp" report under the hub's default report size limit (256 KiB)."""


def target_for(device: SnmpDevice, settings: SnmpSettings) -> Target:
    """The poller's Target for a configured device (defaults filled from `[snmp]`)."""
    return Target(
        address=device.address,
        port=device.port,
        **device.credentials().__dict__,
        timeout=device.timeout_seconds or settings.timeout_seconds,
        retries=device.retries if device.retries >= 0 else settings.retries,
        name=device.name,
    )


@dataclass
class NetworkState:
    """What the two jobs remember between rounds (one instance per agent run)."""

    previous: dict[str, tuple[float, dict[str, Any]]] = field(default_factory=dict)
    """Per device key: (monotonic time, parsed data) of its last successful poll."""
    classification: Classification = field(default_factory=lambda: Classification("unknown"))
    tracker: OutageTracker = field(default_factory=OutageTracker)
    runtime: Any = None
    """The SNMP runtime (event loop thread and engines), made at the first poll and kept:
    setting up engines costs more than polling a device."""

    def snmp_runtime(self) -> Any:
        if self.runtime is None:
            # measured: the poller brings asyncio and pysnmp (+8 MiB RSS, +27 ms), which an
            # agent service with no SNMP devices configured never loads
            from agent.collectors.snmp.poller import SnmpRuntime

            self.runtime = SnmpRuntime()
        return self.runtime


def snmp_report_data(
    result: Any, state: NetworkState, lan_up: bool | None
) -> tuple[str, dict[str, Any]]:
    """The device key and report data of one poll result; updates the rate baseline."""
    target = result.target
    key = target.key
    status = device_status(result.up, lan_up)
    if not result.up:
        data: dict[str, Any] = {
            "up": False,
            "status": status,
            "error": result.error,
            "error_kind": result.error_kind,
            "address": target.address,
        }
        if target.name:
            data["name"] = target.name
        return key, data
    # measured: the OID tables take 0.7 MiB, which an agent with no SNMP devices never needs
    from agent.collectors.snmp.parse import device_data, rates

    data = device_data(result.values)
    data.update({"up": True, "status": status, "address": target.address})
    data["name"] = target.name or data["system"]["name"] or target.address
    data["elapsed_ms"] = round(result.elapsed * 1000, 1)
    if result.partial:
        data["partial"] = list(result.partial)
    before = state.previous.get(key)
    if before and "interfaces" in data:
        wall = result.monotonic - before[0]
        found = rates(before[1], data, wall)
        data["rates"] = {k: found[k] for k in ("interval_seconds", "rebooted")}
        for iface in data["interfaces"]:
            iface.update(found["interfaces"].get(str(iface["index"]), {}))
    baseline: dict[str, Any] = {k: data[k] for k in ("system", "interfaces") if k in data}
    state.previous[key] = (result.monotonic, baseline)
    fit_to_budget(data)
    return key, data


def fit_to_budget(data: dict[str, Any], budget: int = REPORT_BUDGET_BYTES) -> None:
    """A chassis switch can have thousands of interfaces: keep the enabled ones, then the
    first ones, so that the report is not refused by the hub; `interfaces_total` says so."""
    interfaces = data.get("interfaces")
    if not interfaces or len(dumps(data).encode("utf-8")) <= budget:
        return
    data["interfaces_total"] = len(interfaces)
    kept = [i for i in interfaces if i.get("admin") == "up"]
    while kept and len(dumps({**data, "interfaces": kept}).encode("utf-8")) > budget:
        kept = kept[: len(kept) * 3 // 4]
    data["interfaces"] = kept


def uplink_data(
    results: Sequence[ProbeResult], found: Classification, events: list[dict[str, Any]]
) -> dict[str, Any]:
    """The uplink's figures: loss and latency over the external targets of this round."""
    external = [r for r in results if r.role == "external"]
    sent = sum(r.sent for r in external)
    received = sum(r.received for r in external)
    latencies = [ms for r in external for ms in r.latencies_ms]
    gateways = [r for r in results if r.role == "gateway"]
    return {
        "state": found.state,
        "gateway_up": any(g.up for g in gateways) if gateways else None,
        "external_up": sum(1 for r in external if r.up),
        "external_total": len(external),
        "loss_percent": round(100.0 * (sent - received) / sent, 1) if sent else None,
        "latency_ms": round(mean(latencies), 3) if latencies else None,
        "down_targets": list(found.down_targets),
        "events": events,
    }


def network_jobs(config: AgentConfig) -> list[Job]:
    state = NetworkState()
    jobs: list[Job] = []
    agent = config.agent_id
    snmp, probes = config.snmp, config.probes

    def report(kind: str, device: str, ts: datetime, data: dict[str, Any]) -> Report:
        return Report(new_report_id(agent), agent, kind, device, ts, data)

    if probes.targets:

        def run_probes() -> list[Report]:
            from agent.collectors.probes import probe_all  # asyncio: see target_for

            results = probe_all(
                probes.targets, probes.count, probes.timeout_seconds, probes.concurrency
            )
            now = utcnow()
            found = classify(results)
            state.classification = found
            events = state.tracker.update(found, now)
            out = [report("probe", f"probe:{r.name}", now, r.to_json()) for r in results]
            out.append(report("outage", UPLINK_KEY, now, uplink_data(results, found, events)))
            return out

        jobs.append(Job("probes", probes.interval_seconds, run_probes))

    if snmp.devices:
        targets = [target_for(d, snmp) for d in snmp.devices if d.address]
        limits = PollLimits.from_settings(snmp)

        def run_snmp() -> list[Report]:
            results = state.snmp_runtime().poll(targets, limits=limits)
            lan_up = state.classification.lan_up
            out = []
            for result in results:
                key, data = snmp_report_data(result, state, lan_up)
                out.append(report("snmp", key, result.ts, data))
            return out

        jobs.append(Job("snmp", snmp.interval_seconds, run_snmp))
    return jobs
