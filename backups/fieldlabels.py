"""The labels of a signed report's fields in English and Mongolian, in the report's reading order.

The HTML and PDF reports and the TUI's report table label fields the same way; kept apart from
`backups.report` so the TUI labels a report without loading the archive and signature code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from foundation.i18n import Lang

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "report_id": ("Report id", "Тайлангийн дугаар"),
    "label": ("Archive label", "Архивын нэр"),
    "office": ("Office", "Байгууллага"),
    "host": ("Host", "Компьютер"),
    "status": ("Status", "Төлөв"),
    "error": ("Error", "Алдаа"),
    "started": ("Started (UTC)", "Эхэлсэн (UTC)"),
    "ended": ("Ended (UTC)", "Дууссан (UTC)"),
    "duration_seconds": ("Duration, s", "Үргэлжилсэн, сек"),
    "schedule": ("Schedule", "Хуваарь"),
    "sources": ("Sources", "Эх сурвалж"),
    "excludes": ("Excluded patterns", "Хассан загвар"),
    "file_count": ("Files", "Файл"),
    "entry_count": ("Entries (files, folders, links)", "Бичлэг (файл, хавтас, холбоос)"),
    "byte_count": ("Bytes", "Байт"),
    "changed_files": ("Files changed while read", "Уншиж байхад өөрчлөгдсөн файл"),
    "unreadable_files": ("Unreadable files", "Уншиж чадаагүй файл"),
    "skipped_files": ("Skipped (sockets, devices)", "Алгассан (сокет, төхөөрөмж)"),
    "source_notices": ("Messages of dumps", "Хуулбарын мэдэгдэл"),
    "archive": ("Archive file", "Архивын файл"),
    "archive_bytes": ("Archive size, bytes", "Архивын хэмжээ, байт"),
    "compression_ratio": ("Compression ratio", "Шахалтын харьцаа"),
    "archive_sha256": ("Archive SHA-256", "Архивын SHA-256"),
    "manifest_sha256": ("Manifest SHA-256", "Жагсаалтын SHA-256"),
    "encryption": ("Encryption and format", "Шифрлэлт ба хэлбэр"),
    "recipients": ("Recipients (age)", "Хүлээн авагч (age)"),
    "recipient_fingerprints": ("Recipient fingerprints", "Хүлээн авагчийн хурууны хээ"),
    "signing_key_fingerprint": ("Signing key", "Гарын үсгийн түлхүүр"),
    "offsite_receipt": ("Offsite copy receipt", "Гадна хуулбарын баримт"),
    "last_restore_test": ("Last restore test", "Сүүлийн сэргээх шалгалт"),
    "retention_years": ("Kept, years", "Хадгалах жил"),
    "expires": ("Expires (UTC)", "Хугацаа дуусах (UTC)"),
    "previous_report": ("Previous report file", "Өмнөх тайлангийн файл"),
    "previous_report_sha256": ("Previous report", "Өмнөх тайлан"),
    "agent_version": ("soumnet version", "soumnet-ийн хувилбар"),
    "format": ("Report format", "Тайлангийн хэлбэр"),
}
"""Every field a report has, in the order people read them (TUI, HTML and PDF)."""


def labelled(report: Mapping[str, Any], lang: Lang) -> list[tuple[str, str, Any]]:
    """(key, label, value) of every field: FIELD_LABELS' order, then any field a newer
    version added, by its name."""
    idx = 1 if lang == "mn" else 0
    known = [
        (key, labels[idx], report[key]) for key, labels in FIELD_LABELS.items() if key in report
    ]
    return known + [(key, key, report[key]) for key in sorted(set(report) - set(FIELD_LABELS))]
