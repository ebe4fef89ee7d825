"""Licences over the software inventory: seats counted from the programs the hub holds, alerts
on seats and expiry, changes audited, the commands in both languages, bad input in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from foundation.config import current_user
from foundation.kinds.changes import diff
from foundation.wire import Report
from inventory.records import alerts
from inventory.risks import documents, licences, software
from inventory.store import audit
from inventory.store.layout import Layout
from inventory.store.store import Store
from tests.conftest import write_config
from tui.config import TuiConfig as Config
from tui.config import load

NOW = datetime.now(UTC).replace(microsecond=0)
TODAY = NOW.date()
"""The alerts count days from the UTC date; the commands and screens from the office's."""
OFFICE_PRO = {"name": "Microsoft Office Professional Plus 2010", "version": "14.0.6029.1000"}
PROGRAMS = {
    "host:acc1": {
        "Office14.PROPLUS": OFFICE_PRO,
        "{7zip}": {"name": "7-Zip 19.00 (x64)", "version": "19.00"},
    },
    "host:acc2": {
        "Office14.PROPLUS": {**OFFICE_PRO, "version": "14.0.7015.1000"},
        "Office14.PROPLUS@32": {**OFFICE_PRO, "version": "14.0.7015.1000"},
    },
    "host:reg1": {"bash": {"name": "bash", "version": "5.2.15-2+b8", "arch": "amd64"}},
}


def seed(layout: Layout) -> None:
    """Each PC's first software report, applied by the hub's own code; one PC has a record."""
    reports = [
        Report(f"r-{device}", device, "software", device, NOW, {**diff(None, doc), "source": "x"})
        for device, doc in PROGRAMS.items()
    ]
    with layout.write_lock():
        assert documents.record(layout, reports) == set()
    facts = Report("f-acc1", "acc1", "facts", "host:acc1", NOW, {"hostname": "Нягтлан 1"})
    Store(layout).apply([facts])


def hub_cli(config: Config, *args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SOUMNET_CONFIG=str(config.path), SOUMNET_LANG=lang)
    return subprocess.run(
        [sys.executable, "-m", "inventory.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def office(hub: Config) -> Config:
    seed(Layout(hub.hub_dir))
    return hub


def _open(layout: Layout, config: Config) -> dict[str, alerts.Alert]:
    alerts.evaluate(layout, config.alerts)
    return {a.id: a for a in alerts.open_alerts(layout)}


def test_which_pcs_have_a_program(office: Config) -> None:
    layout = Layout(office.hub_dir)
    found = software.find(layout, "OFFICE professional")
    assert [(i.label, i.program.version) for i in found] == [
        ("host:acc2", "14.0.7015.1000"),
        ("host:acc2", "14.0.7015.1000"),
        ("Нягтлан 1", "14.0.6029.1000"),
    ]
    assert software.versions(found) == {"14.0.7015.1000": 1, "14.0.6029.1000": 1}
    listed = software.device_programs(layout, "host:acc1")
    assert listed is not None and [p.name for p in listed.programs] == [
        "7-Zip 19.00 (x64)",
        "Microsoft Office Professional Plus 2010",
    ]
    assert software.find(layout, "  ") == [] and software.device_programs(layout, "x") is None


def test_fewer_seats_than_installs_raises_an_alert_and_more_clear_it(office: Config) -> None:
    layout = Layout(office.hub_dir)
    made = licences.add(
        layout, {"product": "Office 2010", "match": "office professional", "seats": "1"}, "bat"
    )
    (use,) = licences.usage(layout, TODAY)
    assert (use.in_use, use.over) == (2, True)  # two PCs, though one lists it twice
    found = _open(layout, office)
    seats = found[f"licence_seats:licence:{made['id']}"]
    assert seats.title("en") == (
        "licence Office 2010: 2/1 (PCs/seats): installed on more PCs than it has seats"
    )
    assert seats.title("mn").startswith("Office 2010: 2/1 лиценз")
    licences.edit(layout, made["id"], {"seats": "2"}, "bat")
    assert f"licence_seats:licence:{made['id']}" not in _open(layout, office)
    assert [a.state for a in alerts.all_alerts(layout) if a.rule == "licence_seats"] == ["resolved"]


def test_expiry_within_the_days_and_after_it_raise_alerts(office: Config) -> None:
    layout = Layout(office.hub_dir)
    soon = (TODAY + timedelta(days=10)).isoformat()
    later = (TODAY + timedelta(days=90)).isoformat()
    past = (TODAY - timedelta(days=3)).isoformat()
    zip_licence = licences.add(layout, {"product": "7-Zip", "expires": soon}, "bat")
    licences.add(layout, {"product": "Office", "match": "Microsoft Office * 2010",
                          "expires": later}, "bat")  # fmt: skip
    found = _open(layout, office)
    key = f"licence_expiring:licence:{zip_licence['id']}"
    assert set(found) == {key}
    assert found[key].title("en") == f"licence 7-Zip ({soon}) ends within 30 days"
    licences.edit(layout, zip_licence["id"], {"expires": past}, "bat")
    found = _open(layout, office)
    assert set(found) == {f"licence_expired:licence:{zip_licence['id']}"}
    assert found[f"licence_expired:licence:{zip_licence['id']}"].title("mn") == (
        f"7-Zip ({past}) лицензийн хугацаа дууссан"
    )
    (office_use,) = [u for u in licences.usage(layout, TODAY) if u.licence.product == "Office"]
    assert office_use.in_use == 2  # the pattern matched the whole name


def test_changes_are_audited_with_the_person(office: Config) -> None:
    layout = Layout(office.hub_dir)
    made = licences.add(layout, {"product": "Kaspersky", "seats": "20"}, "bat")
    licences.edit(layout, made["id"], {"seats": "25", "note": "renewed"}, "dorj")
    licences.remove(layout, made["id"], "bat")
    trail = [e for e in audit.entries(layout) if e["action"].startswith("licence.")]
    assert [(e["who"], e["action"], e["target"]) for e in trail] == [
        ("bat", "licence.add", "licence:1"),
        ("dorj", "licence.edit", "licence:1"),
        ("bat", "licence.remove", "licence:1"),
    ]
    assert trail[1]["before"]["seats"] == 20 and trail[1]["after"]["seats"] == 25
    assert audit.verify(layout) == []
    again = licences.add(layout, {"product": "Kaspersky"}, "bat")
    assert again["id"] == 2  # a number is never given twice


def test_bad_fields_are_one_line_and_nothing_is_written(office: Config) -> None:
    layout = Layout(office.hub_dir)
    with pytest.raises(licences.InvalidLicence) as bad:
        licences.add(layout, {"seats": "many", "expires": "31.03.2027", "colour": "red"}, "bat")
    assert str(bad.value) == (
        "licence not saved: seats: a whole number of seats, not many; expires: a date "
        "YYYY-MM-DD or YYYY.MM.DD, not 31.03.2027; colour: no such field (fields: product, "
        "match, seats, expires, note); product: required"
    )
    assert not (layout.store / "licences.json").exists()
    with pytest.raises(licences.LicenceProblem, match="there is no licence number 7"):
        licences.edit(layout, 7, {"seats": "1"}, "bat")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "Expecting property name"),
        ('{"licences": {"1": {}}}', 'expected {"licences": [...]}'),
        ('{"licences": [{"id": 1, "product": "X", "seats": "ten"}]}', "licence 1: seats"),
    ],
)
def test_a_malformed_licence_file_is_one_line(office: Config, content: str, reason: str) -> None:
    layout = Layout(office.hub_dir)
    path = layout.store / "licences.json"
    path.write_text(content)
    done = hub_cli(office, "licences", "list")
    assert done.returncode != 0 and done.stdout == ""
    line = done.stderr.strip()
    assert "\n" not in line and str(path) in line and reason in line
    added = hub_cli(office, "licences", "add", "product=Office")
    assert added.returncode != 0 and "\n" not in added.stderr.strip()
    assert path.read_text() == content  # never replaced
    alerts.evaluate(layout, office.alerts)  # the other rules still run


def test_the_commands_in_both_languages(office: Config) -> None:
    soon = (datetime.now(office.office.timezone).date() + timedelta(days=5)).isoformat()
    added = hub_cli(
        office, "licences", "add", "product=Office 2010", "match=office professional",
        "seats=1", f"expires={soon}",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "licence 1 added: Office 2010"
    listed = hub_cli(office, "licences", "list")
    assert listed.stdout.splitlines() == [
        f"1\tOffice 2010\t2 of 1 seats\tuntil {soon}  OVER BY 1  ends in 5 days",
        "\thost:acc2\t14.0.7015.1000",
        "\tНягтлан 1\t14.0.6029.1000",
    ]
    mn = hub_cli(office, "licences", "list", lang="mn")
    assert mn.stdout.splitlines()[0] == (
        f"1\tOffice 2010\t1 суудлаас 2\t{soon} хүртэл  1-ААР ХЭТЭРСЭН  5 хоногийн дараа дуусна"
    )
    found = hub_cli(office, "software", "find", "office")
    assert found.stdout.splitlines()[0] == (
        "2 PCs have “office” (3 installs): 14.0.6029.1000 ×1, 14.0.7015.1000 ×1"
    )
    found_mn = hub_cli(office, "software", "find", "office", lang="mn")
    assert found_mn.stdout.splitlines()[0].startswith("“office” 2 компьютерт суусан")
    one = hub_cli(office, "software", "list", "Нягтлан 1")
    assert one.returncode == 0, one.stderr
    assert one.stdout.splitlines()[1:] == [
        "7-Zip 19.00 (x64)\t19.00\t-\t-",
        "Microsoft Office Professional Plus 2010\t14.0.6029.1000\t-\t-",
    ]
    assert hub_cli(office, "software", "find", "nothing-like-it").stdout.startswith("No PC has")
    unknown = hub_cli(office, "software", "list", "host:nobody")
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == (
        "soumnet-hub: host:nobody: its agent has not sent its programs yet"
    )
    edited = hub_cli(office, "licences", "edit", "1", "seats=3")
    assert edited.stdout.strip() == "licence 1 changed: Office 2010"
    bad = hub_cli(office, "licences", "edit", "1", "seats")
    assert bad.returncode == 2 and "seats: write FIELD=VALUE" in bad.stderr
    removed = hub_cli(office, "licences", "remove", "1", lang="mn")
    assert removed.stdout.strip() == "1 дугаар лиценз хасагдлаа: Office 2010"


def test_an_auditor_may_not_edit_licences(tmp_path: Path) -> None:
    config = load(write_config(tmp_path / "site", f'[users.{current_user()}]\nrole = "auditor"\n'))
    Layout(config.hub_dir).init()
    done = hub_cli(config, "licences", "add", "product=Office")
    assert done.returncode == 4 and "\n" not in done.stderr.strip()
    assert not (Layout(config.hub_dir).store / "licences.json").exists()
