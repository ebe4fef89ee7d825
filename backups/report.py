"""The auditor report: what was archived, how, whether it succeeded, chained to the last one.

JSON is the signed record; HTML is rendered from it for people, in Mongolian or English.
"""

from __future__ import annotations

import hashlib
import html
import json
import socket
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from agent.i18n import Lang
from backups.archive import Outcome
from backups.manifest import REPORT_FORMAT, sha256_file
from backups.messages import BackupProblem, T

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "report_id": ("Report id", "Тайлангийн дугаар"),
    "office": ("Office", "Байгууллага"),
    "host": ("Host", "Компьютер"),
    "status": ("Status", "Төлөв"),
    "started": ("Started (UTC)", "Эхэлсэн (UTC)"),
    "ended": ("Ended (UTC)", "Дууссан (UTC)"),
    "duration_seconds": ("Duration, s", "Үргэлжилсэн, сек"),
    "file_count": ("Files", "Файл"),
    "byte_count": ("Bytes", "Байт"),
    "compression_ratio": ("Compression ratio", "Шахалтын харьцаа"),
    "archive_sha256": ("Archive SHA-256", "Архивын SHA-256"),
    "manifest_sha256": ("Manifest SHA-256", "Жагсаалтын SHA-256"),
    "signing_key_fingerprint": ("Signing key", "Гарын үсгийн түлхүүр"),
    "previous_report_sha256": ("Previous report", "Өмнөх тайлан"),
}


def recipient_fingerprint(recipient: str) -> str:
    return "SHA256:" + hashlib.sha256(recipient.strip().encode()).hexdigest()[:32]


def previous_report(out_dir: Path, exclude: Path) -> Path | None:
    """The newest earlier report in `out_dir` (by its start time), to chain to."""
    best: tuple[str, Path] | None = None
    for path in out_dir.glob("*.report.json"):
        if path == exclude:
            continue
        try:
            started = str(json.loads(path.read_text(encoding="utf-8")).get("started", ""))
        except (OSError, ValueError, AttributeError):
            continue
        if best is None or started > best[0]:
            best = (started, path)
    return best[1] if best else None


def build(
    *,
    label: str,
    archive: Path,
    sources: list[str],
    excludes: list[str],
    recipients: list[str],
    outcome: Outcome,
    started: datetime,
    ended: datetime,
    manifest_sha256: str | None,
    signing_fingerprint: str,
    previous: Path | None,
    retention_years: int | None = None,
    office: str = "",
    schedule: str = "manual",
) -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    try:
        agent_version = version("soumnet")
    except PackageNotFoundError:
        agent_version = "unknown"
    files = [e for e in outcome.entries if e.type == "file"]
    expires = (
        (started + timedelta(days=365 * retention_years)).isoformat() if retention_years else None
    )
    return {
        "format": REPORT_FORMAT,
        "report_id": str(uuid.uuid4()),
        "label": label,
        "office": office,
        "host": socket.gethostname(),
        "agent_version": agent_version,
        "sources": sources,
        "excludes": excludes,
        "schedule": schedule,
        "started": started.astimezone(UTC).isoformat(),
        "ended": ended.astimezone(UTC).isoformat(),
        "duration_seconds": round((ended - started).total_seconds(), 3),
        "status": outcome.status,
        "error": outcome.error,
        "changed_files": outcome.changed,
        "unreadable_files": [{"path": p, "reason": r} for p, r in outcome.unreadable],
        "skipped_files": outcome.skipped,
        "file_count": len(files),
        "entry_count": len(outcome.entries),
        "byte_count": outcome.input_bytes,
        "archive": archive.name if not outcome.error else None,
        "archive_bytes": outcome.archive_bytes,
        "compression_ratio": (
            round(outcome.input_bytes / outcome.archive_bytes, 3) if outcome.archive_bytes else None
        ),
        "archive_sha256": outcome.archive_sha256 or None,
        "manifest_sha256": manifest_sha256,
        "encryption": "age v1, X25519 recipients; zstd; tar pax UTF-8",
        "recipients": recipients,
        "recipient_fingerprints": [recipient_fingerprint(r) for r in recipients],
        "signing_key_fingerprint": signing_fingerprint,
        "offsite_receipt": None,
        "last_restore_test": None,
        "retention_years": retention_years,
        "expires": expires,
        "previous_report": previous.name if previous else None,
        "previous_report_sha256": sha256_file(previous) if previous else None,
    }


def render_html(reports: list[dict[str, Any]], lang: Lang) -> str:
    idx = 1 if lang == "mn" else 0
    parts = [
        "<!doctype html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{html.escape(T(lang, 'report.title'))}</title></head><body>",
    ]
    for report in reports:
        title = f"{T(lang, 'report.title')}: {report.get('label')}"
        parts.append(f"<h1>{html.escape(title)}</h1>")
        parts.append(
            f"<table><tr><th>{T(lang, 'report.field')}</th><th>{T(lang, 'report.value')}</th></tr>"
        )
        for key, value in report.items():
            label = FIELD_LABELS.get(key, (key, key))[idx]
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            parts.append(
                f"<tr><td>{html.escape(label)}</td><td>{html.escape(str(shown))}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILE = "DejaVuSans.ttf"


def render_pdf(reports: list[dict[str, Any]], lang: Lang, font_dir: Path = FONT_DIR) -> bytes:
    """A PDF with the DejaVu Sans font embedded, so Cyrillic shows on any reader."""
    from fpdf import FPDF

    font = font_dir / FONT_FILE
    if not font.exists():
        raise BackupProblem("font_missing", file=str(font))
    idx = 1 if lang == "mn" else 0
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("DejaVu", fname=str(font))
    for report in reports:
        pdf.add_page()
        pdf.set_font("DejaVu", size=14)
        pdf.multi_cell(0, 8, f"{T(lang, 'report.title')}: {report.get('label')}")
        pdf.ln(2)
        pdf.set_font("DejaVu", size=8)
        for key, value in report.items():
            label = FIELD_LABELS.get(key, (key, key))[idx]
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            pdf.multi_cell(0, 4.5, f"{label}: {shown}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
