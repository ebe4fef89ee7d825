"""Alerts: rules over the newest reports, with thresholds from `[alerts]` in the configuration.

`evaluate` (run by `serve` after each applied batch, and on a timer so that silence is noticed)
turns the current *conditions* into alert records in `store/alerts.json` (table `alerts`):

- `pending`: the condition holds but not yet for long enough (a device down < 10 minutes);
- `active`: an alert the IT officer should see, with `since` (when the condition began);
- `suppressed`: the condition holds but is explained by another alert (`suppressed_by`);
- `resolved`: the condition ended at `resolved_at` (kept for the period reports).

Dependencies, so one fault gives one alert:
- the uplink (`probe:uplink`, kind "outage") says `lan_down`: one "LAN/router down" alert; every
  device down, target down or device the agents call `unreachable` is suppressed by it;
- it says `internet_down`: one "internet down" alert; external probe targets are suppressed;
- a device record with `connected_to` = the key of a switch: while that switch is down (or its
  agent silent), the device's own down/silent alerts are suppressed by the switch's alert.

Rules: `disk_full`, `device_down` (SNMP devices and probe targets), `toner_low`,
`ups_on_battery`, `agent_silent`, `archive_overdue` (kind "backup" reports with `data.created`),
`archive_failed` (the newest "backup" report says FAILED), `internet_down`, `lan_down`,
`licence_seats`, `licence_expiring`, `licence_expired` (software licences: seats counted from
the installed programs, expiry within `licence_days`; `inventory.risks.licences`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from foundation.devicekeys import UPLINK_KEY
from foundation.i18n import Lang, Problem
from foundation.jsonfile import read_json
from foundation.kinds import backup, health, outage, probe, snmp
from foundation.kinds.fields import data_of
from foundation.wire import format_ts, parse_ts, utcnow
from inventory.records import devices as devices_mod
from inventory.records.names import label_of, labels
from inventory.records_messages import T
from inventory.risks.licences import findings as licence_findings
from inventory.settings.records import AlertSettings
from inventory.store import audit
from inventory.store.jsonstore import batch
from inventory.store.layout import Layout
from inventory.store.store import Store

RULES = (
    "disk_full",
    "device_down",
    "toner_low",
    "ups_on_battery",
    "agent_silent",
    "archive_overdue",
    "archive_failed",
    "internet_down",
    "lan_down",
    "licence_seats",
    "licence_expiring",
    "licence_expired",
)
STATES = ("pending", "active", "suppressed", "resolved")


@dataclass(frozen=True)
class Condition:
    """Something wrong right now, as found in the newest reports."""

    rule: str
    subject: str
    value: float | None = None
    threshold: float | None = None
    detail: str = ""
    started: datetime | None = None
    """When the data itself says the problem began (else: first seen by `evaluate`)."""

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.subject}"


@dataclass(frozen=True)
class Alert:
    """One alert record, as the UI and the reports read it."""

    id: str
    rule: str
    subject: str
    state: str
    since: datetime
    value: float | None = None
    threshold: float | None = None
    detail: str = ""
    suppressed_by: str | None = None
    resolved_at: datetime | None = None
    name: str = ""
    no: int | None = None
    """The alert's number, given when it first becomes active: `alerts ack N`, `OK N` by SMS."""
    activated_at: datetime | None = None
    acked_by: str = ""
    acked_at: datetime | None = None

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Alert:
        return cls(
            id=doc["id"],
            rule=doc["rule"],
            subject=doc["subject"],
            state=doc["state"],
            since=parse_ts(doc["since"]),
            value=doc.get("value"),
            threshold=doc.get("threshold"),
            detail=doc.get("detail", ""),
            suppressed_by=doc.get("suppressed_by"),
            resolved_at=parse_ts(doc["resolved_at"]) if doc.get("resolved_at") else None,
            name=doc.get("name", ""),
            no=doc.get("no"),
            activated_at=parse_ts(doc["activated_at"]) if doc.get("activated_at") else None,
            acked_by=doc.get("acked_by") or "",
            acked_at=parse_ts(doc["acked_at"]) if doc.get("acked_at") else None,
        )

    def title(self, lang: Lang) -> str:
        """One translated line: what is wrong with which device."""
        return T(
            lang,
            f"alert.{self.rule}",
            name=self.name or label_of(self.subject, {}),
            value=_fmt(self.value),
            threshold=_fmt(self.threshold),
            detail=self.detail,
        )


def _fmt(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:.0f}" if abs(value) >= 10 else f"{value:.1f}"


@dataclass(frozen=True)
class Change:
    """One alert that changed state in an evaluation (for logs and notifications)."""

    id: str
    before: str | None
    after: str


# -- finding conditions ----------------------------------------------------------------------


@dataclass
class _Found:
    conditions: dict[str, Condition] = field(default_factory=dict)
    suppressed: dict[str, str] = field(default_factory=dict)

    def add(self, cond: Condition, by: str | None = None) -> None:
        self.conditions[cond.id] = cond
        if by:
            self.suppressed[cond.id] = by


def find_conditions(
    latest: Mapping[str, Mapping[str, Any]],
    records: list[dict[str, Any]],
    settings: AlertSettings,
    now: datetime,
    layout: Layout | None = None,
) -> _Found:
    """Every condition in the newest reports (and, given the store's `layout`, in its
    documents), and which are explained by another."""
    found = _Found()
    for f in licence_findings(layout, settings.licence_days, now) if layout else ():
        found.add(Condition(f.rule, f.subject, f.value, f.threshold, f.detail))
    uplink_state = outage.parse(data_of((latest.get(UPLINK_KEY) or {}).get("outage"))).state
    lan_id = f"lan_down:{UPLINK_KEY}"
    net_id = f"internet_down:{UPLINK_KEY}"
    if uplink_state == "lan_down":
        found.add(Condition("lan_down", UPLINK_KEY))
    elif uplink_state == "internet_down":
        found.add(Condition("internet_down", UPLINK_KEY))

    for device, kinds in latest.items():
        if kinds.get("health"):
            fullest = health.parse(data_of(kinds["health"])).fullest
            if fullest and fullest.percent is not None and fullest.percent > settings.disk_percent:
                found.add(
                    Condition(
                        "disk_full", device, fullest.percent, settings.disk_percent, fullest.where
                    )
                )
        if kinds.get("snmp"):
            polled = snmp.parse(data_of(kinds["snmp"]))
            if polled.up is False:
                by = (
                    lan_id if polled.status == "unreachable" or uplink_state == "lan_down" else None
                )
                found.add(Condition("device_down", device, detail=polled.error or ""), by)
            if polled.ups and polled.ups.on_battery:
                found.add(Condition("ups_on_battery", device, polled.ups.minutes_remaining))
            for supply in polled.printer.supplies if polled.printer else ():
                pct = supply.level_percent
                if pct is not None and pct < settings.toner_percent:
                    found.add(
                        Condition(
                            "toner_low",
                            f"{device}#{supply.index}",
                            pct,
                            settings.toner_percent,
                            supply.descr or "",
                        )
                    )
        if kinds.get("probe") and device != UPLINK_KEY:
            target = probe.parse(data_of(kinds["probe"]))
            if target.up is False:
                by = None
                if uplink_state == "lan_down":
                    by = lan_id
                elif uplink_state == "internet_down" and target.role == "external":
                    by = net_id
                found.add(Condition("device_down", device, detail=target.target or ""), by)
        if kinds.get("backup"):
            run = backup.parse(data_of(kinds["backup"]))
            if run.failed:
                found.add(Condition("archive_failed", device, detail=run.error or ""))
            created = archive_created(kinds["backup"])
            if created is not None and archive_overdue(created, settings, now):
                found.add(
                    Condition(
                        "archive_overdue",
                        device,
                        archive_age_days(created, now),
                        settings.archive_overdue_days,
                        run.label or "",
                    )
                )

    silent_after = silent_period(settings)
    for record in records:
        # an agent's machine, also when its report key is an alias (matched by serial, merged)
        hosts = [k for k in (record["key"], *record.get("aliases", [])) if k.startswith("host:")]
        if not hosts:
            continue
        key = hosts[0]
        stamps = [
            parse_ts(sample["ts"])
            for k in (record["key"], *record.get("aliases", []))
            for sample in (latest.get(k) or {}).values()
        ]
        newest = max(stamps) if stamps else None
        if newest is not None and now - newest > silent_after:
            hours = float((now - newest).total_seconds() // 3600)
            found.add(
                Condition(
                    "agent_silent",
                    key,
                    hours,
                    settings.agent_silent_hours,
                    started=newest + silent_after,
                )
            )
    _suppress_behind_parents(found, records)
    return found


def archive_created(report: Mapping[str, Any]) -> datetime | None:
    """When the newest good archive a "backup" report speaks for was made (`data.created`,
    else the report's own time); None when neither is a time."""
    try:
        return parse_ts(backup.parse(data_of(report)).created or report.get("ts"))
    except ValueError:
        return None


def archive_age_days(created: datetime, now: datetime) -> float:
    return (now - created).total_seconds() / 86400


def archive_overdue(created: datetime, settings: AlertSettings, now: datetime) -> bool:
    """The "archive overdue" rule: no archive for longer than `archive_overdue_days`. The
    overview reads it from here, so it says "overdue" exactly when the hub alerts."""
    return archive_age_days(created, now) > settings.archive_overdue_days


def silent_period(settings: AlertSettings) -> timedelta:
    """How long an agent may send nothing before it counts as silent (the alert and the
    overview's agents panel)."""
    return timedelta(hours=settings.agent_silent_hours)


def _suppress_behind_parents(found: _Found, records: list[dict[str, Any]]) -> None:
    """A device whose upstream switch is down is not reported down on its own.

    `connected_to` names a record; its alerts are raised under its report keys (the record's
    key or an alias: a switch entered by hand is polled under `snmp:…`)."""
    parent_of: dict[str, str] = {}
    keys_of: dict[str, tuple[str, ...]] = {}
    for record in records:
        keys = (record["key"], *record.get("aliases", []))
        for key in keys:
            keys_of[key] = keys
            if record.get("connected_to"):
                parent_of[key] = record["connected_to"]
    for cond_id, cond in list(found.conditions.items()):
        if cond.rule not in ("device_down", "agent_silent") or cond_id in found.suppressed:
            continue
        seen = {cond.subject}
        parent = parent_of.get(cond.subject)
        while parent and parent not in seen:
            seen.add(parent)
            by = next(
                (
                    f"{rule}:{key}"
                    for key in keys_of.get(parent, (parent,))
                    for rule in ("device_down", "agent_silent")
                    if f"{rule}:{key}" in found.conditions
                ),
                None,
            )
            if by is not None:
                found.suppressed[cond_id] = by
                break
            parent = parent_of.get(parent)


# -- alert records ---------------------------------------------------------------------------


def _delay(rule: str, settings: AlertSettings) -> timedelta:
    if rule in ("device_down", "lan_down", "internet_down"):
        return timedelta(minutes=settings.device_down_minutes)
    return timedelta(0)


def _load(layout: Layout) -> dict[str, dict[str, Any]]:
    data = read_json(layout.alerts) or {}
    return {d["id"]: dict(d) for d in (data.get("alerts") or {}).values()}


def _last_no(layout: Layout) -> int:
    """The highest alert number ever given (kept apart, so no number is given twice even after
    old alerts are deleted)."""
    data = read_json(layout.alerts) or {}
    kept = [int(d.get("last", 0)) for d in (data.get("numbers") or {}).values()]
    return max(kept, default=0)


def evaluate(
    layout: Layout,
    settings: AlertSettings,
    now: datetime | None = None,
    keep_resolved: timedelta = timedelta(days=5 * 366),
) -> list[Change]:
    """Bring the alert records up to date with the store; returns the state changes.

    The caller (`serve`) holds the write lock.
    """
    now = now or utcnow()
    store = Store(layout)
    records = devices_mod.list_devices(layout)
    names = labels(records)
    found = find_conditions(store.latest(), records, settings, now, layout)
    docs = _load(layout)
    original = {k: dict(v) for k, v in docs.items()}
    last_no = max([_last_no(layout), *(int(d.get("no") or 0) for d in docs.values())])
    numbered = last_no
    changes: list[Change] = []
    for cond_id, cond in found.conditions.items():
        doc = docs.get(cond_id)
        before = doc["state"] if doc else None
        if doc is None or doc["state"] == "resolved":
            started = cond.started or now
            doc = {"id": cond_id, "rule": cond.rule, "subject": cond.subject}  # a new occurrence
            doc["since"] = format_ts(started)
            before = None if cond_id not in docs else "resolved"
        doc.update(
            value=cond.value,
            threshold=cond.threshold,
            detail=cond.detail,
            name=label_of(cond.subject, names),
            last_seen=format_ts(now),
            resolved_at=None,
            suppressed_by=found.suppressed.get(cond_id),
        )
        if cond_id in found.suppressed:
            doc["state"] = "suppressed"
        elif now - parse_ts(doc["since"]) >= _delay(cond.rule, settings):
            doc["state"] = "active"
            doc["shown"] = True
            if not doc.get("no"):
                last_no += 1
                doc["no"] = last_no
                doc["activated_at"] = format_ts(now)
        else:
            doc["state"] = "pending"
        docs[cond_id] = doc
        if doc["state"] != before:
            changes.append(Change(cond_id, before, doc["state"]))
    for doc_id, doc in list(docs.items()):
        if doc_id in found.conditions:
            continue
        if doc["state"] in ("pending", "suppressed") and not doc.get("shown"):
            del docs[doc_id]  # never was an alert of its own: nothing to keep
            changes.append(Change(doc_id, doc["state"], "gone"))
        elif doc["state"] != "resolved":
            changes.append(Change(doc_id, doc["state"], "resolved"))
            doc["state"] = "resolved"
            doc["resolved_at"] = format_ts(now)
        elif doc.get("resolved_at") and now - parse_ts(doc["resolved_at"]) > keep_resolved:
            del docs[doc_id]
    if _without_last_seen(docs) != _without_last_seen(original) or last_no != numbered:
        _write(layout, docs, last_no)
    return changes


def _write(layout: Layout, docs: Mapping[str, Mapping[str, Any]], last_no: int) -> None:
    with batch(layout.alerts) as db:
        table = db.table("alerts")
        table.truncate()
        table.insert_multiple(sorted(docs.values(), key=lambda d: d["id"]))
        numbers = db.table("numbers")
        numbers.truncate()
        numbers.insert({"last": last_no})


class NoSuchAlert(Problem):
    def __init__(self, no: int) -> None:
        super().__init__(T, "alerts.no_such", no=no)


def acknowledge(
    layout: Layout, no: int, who: str, via: str = "hub", now: datetime | None = None
) -> Alert:
    """Mark alert number `no` as seen by `who` (so no escalation follows), in the audit trail
    with how (`hub`: the command line or the terminal UI; `sms`: an `OK N` answer).
    Acknowledging again keeps the first."""
    now = now or utcnow()
    with layout.write_lock():
        docs = _load(layout)
        found = next((d for d in docs.values() if d.get("no") == no), None)
        if found is None:
            raise NoSuchAlert(no)
        if not found.get("acked_by"):
            after = {"by": who, "via": via, "alert": found["id"]}
            with audit.recorded(layout, audit.Change(who, "alert.ack", f"#{no}", None, after)):
                found["acked_by"] = who
                found["acked_at"] = format_ts(now)
                _write(layout, docs, max(_last_no(layout), no))
    return Alert.from_doc(found)


def _without_last_seen(docs: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """What matters for deciding to write: `last_seen` alone changing is not worth a write."""
    return {k: {f: v for f, v in d.items() if f != "last_seen"} for k, d in docs.items()}


def all_alerts(layout: Layout) -> list[Alert]:
    """Every alert record (including pending, suppressed and resolved), newest first.

    Each names its device as the records name it now (after a rename or a merge), falling
    back to the name stored when the alert was raised."""
    names = labels(devices_mod.list_devices(layout))
    found = [
        replace(alert, name=label_of(alert.subject, names, alert.name))
        for alert in map(Alert.from_doc, _load(layout).values())
    ]
    return sorted(found, key=lambda a: (a.since, a.id), reverse=True)


def open_alerts(layout: Layout, include_suppressed: bool = False) -> list[Alert]:
    """Alerts to show: active ones (and suppressed ones when asked), newest first."""
    wanted = {"active", "suppressed"} if include_suppressed else {"active"}
    return [a for a in all_alerts(layout) if a.state in wanted]
