"""Deleting a yearly archive on the hub: the one change a person makes to the archive folder.

Deletion is the only way an archive ever leaves the hub's append-only folder: IT staff only
(the door checks the role), the archive's id typed back as confirmation, refused before the
archive's signed expiry date unless `before_expiry` comes with a reason, and recorded in the
audit trail. The signed report stays (it is what auditors check); the archive and its manifest
go. `soumnet-hub archives delete` asks the door, which runs it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from backups.names import ARCHIVE_SUFFIX
from foundation.cli import CommandError, cli_lang
from foundation.wire import utcnow
from inventory.config import HubConfig
from inventory.intake.archives import NAME, archive_root
from inventory.records_messages import T
from inventory.store import audit
from inventory.store.layout import Layout
from inventory.views.archives import REPORT_SUFFIX, read_report


def _expires(report: dict[str, Any]) -> datetime | None:
    value = report.get("expires")
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def delete_archive(
    config: HubConfig,
    archive_id: str,
    *,
    confirm: str | None,
    before_expiry: bool,
    reason: str,
    who: str,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Delete one archive (and its manifest) after every check; returns the audit entry."""
    lang = cli_lang(config)
    agent, sep, base = archive_id.partition("/")
    if not sep or not all(NAME.match(part) and part[0] != "." for part in (agent, base)):
        raise CommandError(T(lang, "archives.bad_id", id=archive_id), 2)
    if confirm != archive_id:
        raise CommandError(T(lang, "archives.confirm", id=archive_id), 2)
    folder = archive_root(config) / agent
    report_file = folder / (base + REPORT_SUFFIX)
    archive = folder / (base + ARCHIVE_SUFFIX)
    if not report_file.exists():
        raise CommandError(T(lang, "archives.unknown", id=archive_id))
    if not archive.exists():
        raise CommandError(T(lang, "archives.gone", id=archive_id))
    report = read_report(report_file)
    expires = _expires(report)
    now = now or utcnow()
    early = expires is None or now < expires
    if early and not before_expiry:
        shown = expires.isoformat() if expires else T(lang, "archives.forever")
        raise CommandError(T(lang, "archives.not_expired", id=archive_id, expires=shown))
    if early and not reason.strip():
        raise CommandError(T(lang, "archives.need_reason"), 2)
    layout = Layout(config.hub_dir)
    layout.check()
    manifest = folder / f"{base}.manifest.json"
    with layout.write_lock():
        before = {
            "archive": archive.name,
            "archive_sha256": report.get("archive_sha256"),
            "archive_bytes": archive.stat().st_size,
            "expires": report.get("expires"),
        }
        after = {"deleted": True, "before_expiry": early, "reason": reason.strip() or None}
        change = audit.Change(who, "archive.delete", archive_id, before, after)
        with audit.recorded(layout, change, now=now) as made:
            for path in (archive, manifest, manifest.with_name(manifest.name + ".sig")):
                path.unlink(missing_ok=True)
        return made[0]
