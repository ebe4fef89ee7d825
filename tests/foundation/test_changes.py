"""Documents sent as changes: what the agent sends, and what the hub builds from it."""

from __future__ import annotations

from pathlib import Path

from agent.collectors.sent import Sent
from foundation.kinds import changes, posture, smart, software


def test_the_first_report_is_whole_and_later_ones_only_what_changed(tmp_path: Path) -> None:
    sent = Sent(tmp_path, "posture")
    first = sent.changes({"os": "linux", "firewall.enabled": False, "ssh.root_login": True})
    assert first is not None and first["full"] and first["base"] is None
    assert sent.changes({"os": "linux", "firewall.enabled": False, "ssh.root_login": True}) is None
    later = sent.changes({"os": "linux", "firewall.enabled": True})
    assert later is not None and not later["full"]
    assert later["values"] == {"firewall.enabled": True} and later["removed"] == ["ssh.root_login"]
    hub = changes.apply(None, changes.parse(first))
    assert hub is not None
    hub = changes.apply(hub, changes.parse(later))
    assert hub == {"os": "linux", "firewall.enabled": True}
    assert changes.digest(hub) == later["hash"]
    assert sent.changes({"os": "linux", "firewall.enabled": True}, whole=True) == {
        "full": True,
        "values": hub,
        "removed": [],
        "base": None,
        "hash": later["hash"],
    }


def test_changes_to_another_document_are_refused_not_guessed() -> None:
    data = changes.diff({"a": 1}, {"a": 2})
    assert data is not None
    assert changes.apply({"a": 5}, changes.parse(data)) is None
    assert changes.apply(None, changes.parse(data)) is None


def test_a_damaged_sent_file_makes_the_next_report_whole(tmp_path: Path) -> None:
    sent = Sent(tmp_path, "software")
    sent.path.parent.mkdir()
    sent.path.write_text("{not json")
    data = sent.changes({"bash": {"version": "5.2"}})
    assert data is not None and data["full"]


def test_views_of_posture_software_and_smart_tolerate_anything() -> None:
    assert posture.read({"firewall.enabled": "yes", "accounts.admins": ["a", 3]}).admins == ("a",)
    assert posture.read({}).firewall_enabled is None
    programs = software.read({"b": {"name": "Zip", "version": 1}, "a": "junk"})
    assert [(p.key, p.name, p.version) for p in programs] == [("a", "a", None), ("b", "Zip", None)]
    view = smart.parse({"disks": [{"name": "sda", "temperature": 41, "pending": True}, 7]})
    assert view.disks[0].temperature == 41 and view.disks[0].pending is None
    assert smart.figures({"disks": [{"name": "sda", "temperature": 41}]}) == {
        "sda/temperature": 41.0
    }
    assert smart.figures({"disks": [{"name": "sdb", "available": False, "temperature": 3}]}) == {}
