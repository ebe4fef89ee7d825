"""Kind "backup": the result of a yearly archive run, device `host:<host id>`
(`agent.jobs.backup.backup_report`): the signed run report's fields (`backups.report`),
plus `created` and the off-site copy's outcome. No figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from foundation.kinds.fields import JsonObject, obj, objects, text
from foundation.kinds.numbers import number, whole

KIND = "backup"
FAILED = "FAILED"


@dataclass(frozen=True)
class ReceiptFile:
    name: str | None
    size: int | None
    sha256: str | None


@dataclass(frozen=True)
class Backup:
    label: str | None
    office: str | None
    host: str | None
    schedule: str | None
    status: str | None
    """`OK`, `WARNING` or `FAILED`."""
    error: str | None
    started: str | None
    ended: str | None
    created: str | None
    """When the newest good archive was made (this run's end, or for a failed run the last
    good one's); None when there is none."""
    archive: str | None
    archive_bytes: int | None
    archive_sha256: str | None
    file_count: int | None
    byte_count: int | None
    duration_seconds: float | None
    offsite_error: str | None
    """Why the copy to the hub failed."""
    receipt: tuple[ReceiptFile, ...]
    """The files the hub's signed receipt names (empty until a copy arrived)."""

    @property
    def failed(self) -> bool:
        return self.status == FAILED


def parse(data: JsonObject) -> Backup:
    return Backup(
        label=text(data.get("label")),
        office=text(data.get("office")),
        host=text(data.get("host")),
        schedule=text(data.get("schedule")),
        status=text(data.get("status")),
        error=text(data.get("error")),
        started=text(data.get("started")),
        ended=text(data.get("ended")),
        created=text(data.get("created")),
        archive=text(data.get("archive")),
        archive_bytes=whole(data.get("archive_bytes")),
        archive_sha256=text(data.get("archive_sha256")),
        file_count=whole(data.get("file_count")),
        byte_count=whole(data.get("byte_count")),
        duration_seconds=number(data.get("duration_seconds")),
        offsite_error=text(data.get("offsite_error")),
        receipt=tuple(
            ReceiptFile(text(f.get("name")), whole(f.get("size")), text(f.get("sha256")))
            for f in objects(obj(data.get("offsite_receipt")).get("files"))
        ),
    )


def figures(data: JsonObject) -> dict[str, float]:
    return {}
