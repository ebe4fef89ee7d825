"""Benchmark: an alert storm. The office's router dies while 40 agents and 5 SNMP devices keep
reporting; with dependency suppression a handful of messages leave the hub, not hundreds.

Forty PCs (health every simulated minute) sit on a switch behind the router; the poller reads
the router, the switch, two printers and a UPS; three external probe targets and the uplink
probe say what the agents see. The router dies at minute 5 and comes back at minute 35. Every
simulated minute the round is applied to the store, the alerts are evaluated and the
notifications planned and sent, exactly as `serve` does, to two people (the IT officer by
SMS, e-mail and webhook, the governor's office by e-mail) through a real SMTP server and an HTTP
receiver on loopback.

Printed: the conditions the storm raises (what a monitor without dependencies would alert
on), the alerts that are raised, the messages sent, and the hub's CPU for the whole storm
(process time: store, alerts, planning, sending), per round and in all. Not part of the test
suite (`make bench`).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from foundation.wire import Report  # noqa: E402
from inventory.notify.service import Notifier  # noqa: E402
from inventory.records import alerts, devices  # noqa: E402
from inventory.store.layout import Layout  # noqa: E402
from inventory.store.store import Store  # noqa: E402
from tests.notify.gammusmsd import Smsd  # noqa: E402
from tests.notify.helpers import SmtpServer, Webhook  # noqa: E402
from tui.config import load  # noqa: E402

T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
_ids = itertools.count()
SNMP = {
    "10.0.0.1": "router",
    "10.0.0.2": "switch",
    "10.0.0.5": "printer-1",
    "10.0.0.6": "printer-2",
    "10.0.0.9": "ups",
}
EXTERNAL = ("e-mongolia", "khur", "tax")


def _report(kind: str, device: str, ts: datetime, data: dict[str, Any]) -> Report:
    return Report(f"r-{next(_ids)}", f"agent-{device}", kind, device, ts, data)


def round_reports(ts: datetime, router_up: bool, agents: int) -> list[Report]:
    out = [
        _report(
            "health",
            f"host:pc{n:02d}",
            ts,
            {
                "hostname": f"pc{n:02d}",
                "cpu": {"percent": 10.0},
                "memory": {"percent": 40.0},
                "disks": [{"mount": "/", "percent": 50.0}],
            },
        )
        for n in range(agents)
    ]
    for address, name in SNMP.items():
        up = router_up or address != "10.0.0.1"
        data = {"up": True, "name": name} if up else {"up": False, "status": "unreachable"}
        out.append(_report("snmp", f"snmp:{address}", ts, data))
    gateway = {"name": "gateway", "role": "gateway", "kind": "ping", "target": "10.0.0.1"}
    out.append(_report("probe", "probe:gateway", ts, {**gateway, "up": router_up}))
    for name in EXTERNAL:
        target = {"name": name, "role": "external", "kind": "https", "target": name}
        out.append(_report("probe", f"probe:{name}", ts, {**target, "up": router_up}))
    state = "ok" if router_up else "lan_down"
    out.append(_report("outage", "probe:uplink", ts, {"state": state}))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=40)
    parser.add_argument("--minutes", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, SmtpServer() as smtp:
        hook = Webhook()
        hook.start()
        folder = Path(tmp)
        smsd = Smsd(folder / "smsd")
        smsd.write_config()  # its folders: what the hub hands to gammu-smsd is counted there
        (folder / "soumnet.toml").write_text(
            '[hub]\ndata_dir = "hub"\n[agent]\nid = "hub"\ndata_dir = "agent"\nhub = "local"\n'
            f'[notify.channels.mail]\ntype = "smtp"\nhost = "127.0.0.1"\nport = {smtp.port}\n'
            'security = "none"\nsender = "hub@soum.mn"\n'
            f'[notify.channels.hook]\ntype = "apprise"\nurl = "json://127.0.0.1:{hook.port}/"\n'
            f'[notify.channels.sms]\ntype = "gammu"\nsmsd_config = "{smsd.config}"\n'
            '[users.bat]\nrole = "it"\nemail = "bat@soum.mn"\nphone = "+97699112233"\n'
            'channels = ["mail", "hook", "sms"]\n'
            '[users.darga]\nrole = "contact"\nemail = "darga@soum.mn"\n'
            'severities = ["critical"]\n',
            encoding="utf-8",
        )
        config = load(folder / "soumnet.toml")
        layout = Layout(config.hub_dir)
        layout.init()
        store = Store(layout)
        notifier = Notifier(config, layout, lambda line: None, "en")
        first = round_reports(T0, True, args.agents)
        devices.apply_reports(layout, first)
        for n in range(args.agents):  # the PCs hang off the switch, the switch off the router
            devices.edit_device(layout, f"host:pc{n:02d}", {"connected_to": "snmp:10.0.0.2"}, "it")
        devices.edit_device(layout, "snmp:10.0.0.2", {"connected_to": "snmp:10.0.0.1"}, "it")
        conditions = 0
        reports = 0
        started = time.process_time()
        for minute in range(args.minutes):
            now = T0 + timedelta(minutes=minute)
            batch = round_reports(now, not 5 <= minute < 35, args.agents)
            reports += len(batch)
            devices.apply_reports(layout, batch)
            store.apply(batch)
            found = alerts.find_conditions(
                store.latest(), devices.list_devices(layout), config.alerts, now
            )
            conditions = max(conditions, len(found.conditions))
            alerts.evaluate(layout, config.alerts, now)
            notifier.plan(now)
            for name in notifier.channels:
                notifier.sender.cycle(name, now)
        cpu = time.process_time() - started
        raised = [a for a in alerts.all_alerts(layout) if a.no]
        sent = [s for s in notifier.journal.statuses() if s.state == "sent"]
        mails = len(smtp.mailbox.messages)
        texts = len(list(smsd.folder("outbox").glob("OUT*")))
        first_sms = min(
            (s.message.created for s in sent if s.message.channel == "sms"), default=None
        )
        notifier.stop()
        hook.stop()
    print(f"storm: router down 30 of {args.minutes} simulated minutes, {args.agents} agents,")
    print(f"  {len(SNMP)} SNMP devices, {len(EXTERNAL)} external targets, {reports} reports")
    print(f"conditions at the worst minute (a monitor without dependencies): {conditions}")
    print(f"alerts raised: {len(raised)} ({', '.join(a.id for a in raised)})")
    kinds = ", ".join(
        f"{k} {sum(1 for s in sent if s.message.kind == k)}"
        for k in sorted({s.message.kind for s in sent})
    )
    posts = len(hook.posts)
    print(f"messages sent: {len(sent)} ({kinds}) to 2 people:")
    print(f"  SMS {texts} (the first sent at {first_sms:%H:%M} UTC, the router died at 02:05),")
    print(f"  e-mails {mails}, webhook {posts} (after the LAN was back, as digests)")
    print(f"hub CPU: {cpu:.2f} s in all, {1000 * cpu / args.minutes:.1f} ms per round")
    return 0


if __name__ == "__main__":
    sys.exit(main())
