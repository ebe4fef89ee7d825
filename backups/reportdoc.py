"""The auditor's archive report as a document: each signed report in words, with what checking
it found (whose key signed, the chain, the restore tests beside it).

The signed JSON stays the record; this is how a person reads it, the same on the terminal, on
paper and in the TUI (`foundation.document` renders it). Nothing here prints a stored code, a
list or a time as stored: every word comes from `backups.messages`, every time is shown in the
office's time zone to the minute.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, Literal

from backups import restore_tests
from backups.manifest import check_signed, sha256_file
from backups.messages import BackupProblem, T
from backups.report import recipient_fingerprint
from backups.schedule import Yearly
from backups.trust import check_trusted
from backups.verify import verify_report
from foundation.document.model import (
    Block,
    Column,
    Document,
    Fact,
    Facts,
    Paragraph,
    Section,
    Table,
    Value,
    group_thousands,
)
from foundation.i18n import Lang
from foundation.office import OfficeSettings
from foundation.wire import stored_ts

ENCRYPTION = "age v1, X25519 recipients; zstd; tar pax UTF-8"
"""The layers every report of this format names (`backups.report.build`), said in words."""

PROBLEMS_SHOWN = 10
"""A restore test that found thousands of damaged files: the first ones, then how many more."""

Chain = Literal["first", "matches", "differs", "absent"]


@dataclass(frozen=True)
class TrustedKey:
    """The trusted key a report's signer matched, and where the auditor's copy of it is."""

    fingerprint: str
    source: str
    """The file it was read from (`agent_ed25519.pub`), or the hub's record of the agent."""


@dataclass(frozen=True)
class RestoreTest:
    """One signed restore-test entry of the archive, found beside its report."""

    tested: datetime | None
    status: Literal["PASSED", "FAILED", "INVALID"]
    """INVALID: the entry's signature does not verify, so it proves nothing."""
    host: str
    signer: str
    files: int | None
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportCheck:
    """What checking one report found."""

    signer: str | None
    """The fingerprint of the key whose signature is valid; None when it is not."""
    trusted: TrustedKey | None
    """The trusted key the signer is; None when no trusted key was given."""
    problem: str | None
    """Why the check failed (in the report's language); None when it passed."""
    file: str
    """The report's file name."""
    chain: Chain
    restore_tests: tuple[RestoreTest, ...] = ()


def chain_of(path: Path, report: Mapping[str, Any]) -> Chain:
    """The report's link to the one before it, as far as the file beside it tells."""
    name = report.get("previous_report")
    if not isinstance(name, str) or not name:
        return "first"
    previous = path.with_name(Path(name).name)
    if not previous.is_file():
        return "absent"
    return "matches" if sha256_file(previous) == report.get("previous_report_sha256") else "differs"


def restore_tests_of(path: Path, report: Mapping[str, Any]) -> tuple[RestoreTest, ...]:
    """Every restore-test entry of the report's archive in its folder, oldest first."""
    archive = report.get("archive")
    if not isinstance(archive, str) or not archive:
        return ()
    found = []
    for entry, data in restore_tests.entries(path.parent):
        if data.get("archive") != archive:
            continue
        try:
            _data, _body, signer = check_signed(entry, "restore_test")
        except BackupProblem:
            signer = ""
        status = str(data.get("status"))
        problems = data.get("problems")
        found.append(
            RestoreTest(
                tested=stored_ts(data.get("tested")),
                status="INVALID" if not signer else "FAILED" if status != "PASSED" else "PASSED",
                host=str(data.get("host") or ""),
                signer=signer,
                files=_whole(data.get("files_checked")),
                problems=tuple(str(p) for p in problems) if isinstance(problems, list) else (),
            )
        )
    return tuple(found)


def check_report(
    path: Path, trusted: Mapping[str, str] | None
) -> tuple[dict[str, Any], ReportCheck]:
    """The report and what checking it found. `trusted`: fingerprint -> where that key was
    read from; None when no trusted key was given (the signature is then valid by *some*
    key). Raises BackupProblem, one line, for a file that is no report, a signature that does
    not verify, a broken chain, or a signer that is not a trusted key."""
    report, fingerprint = verify_report(path)
    key = None
    if trusted is not None:
        check_trusted(path, fingerprint, set(trusted))
        key = TrustedKey(fingerprint, trusted[fingerprint])
    check = ReportCheck(
        fingerprint, key, None, path.name, chain_of(path, report), restore_tests_of(path, report)
    )
    return dict(report), check


def archive_document(
    reports: Sequence[Mapping[str, Any]],
    checks: Sequence[ReportCheck | None],
    lang: Lang,
    office: OfficeSettings,
    recipient_names: Mapping[str, str],
    tz: tzinfo | None = None,
    made: datetime | None = None,
) -> Document:
    """One section per report. `checks[i]` is what checking `reports[i]` found; None while it
    is being checked (the verification is then left out). `recipient_names`: age recipient
    (`age1…`) -> who holds its key, from `backup.recipient_names`. `tz`: the office's time
    zone unless given."""
    zone = tz or office.timezone
    now = (made or datetime.now(UTC)).astimezone(zone)
    labels = ", ".join(dict.fromkeys(str(r["label"]) for r in reports if r.get("label")))
    return Document(
        lang=lang,
        title=T(lang, "report.title"),
        subtitle=labels,
        organisation=tuple(line for line in (office.aimag, office.soum, office.name) if line),
        made=T(lang, "doc.made", when=f"{now:%Y-%m-%d %H:%M}", zone=_zone(zone)),
        sections=tuple(
            _section(r, c, lang, recipient_names, zone)
            for r, c in zip(reports, checks, strict=True)
        ),
        metadata={"title": T(lang, "report.title"), "subject": labels},
    )


def _section(
    report: Mapping[str, Any],
    check: ReportCheck | None,
    lang: Lang,
    names: Mapping[str, str],
    tz: tzinfo,
) -> Section:
    started = stored_ts(report.get("started"))
    title = str(report.get("label") or report.get("archive") or T(lang, "report.title"))
    if started is not None:
        title = f"{title}, {started.astimezone(tz):%Y-%m-%d}"
    blocks: list[Block] = [_summary(report, lang)]
    blocks += _what(report, lang)
    blocks.append(_when(report, lang, tz))
    blocks += _encryption(report, lang, names)
    if check is not None:
        blocks += _verification(report, check, lang)
        blocks.append(_restore_tests(check, lang, tz))
        blocks += _test_problems(check, lang, tz)
    blocks += _last_restore_test(report, lang, tz)
    blocks.append(_retention(report, lang, tz))
    return Section(title, tuple(blocks), sheet=str(report.get("label") or "")[:31])


def _summary(report: Mapping[str, Any], lang: Lang) -> Facts:
    facts = [
        Fact(T(lang, "doc.office"), _text(report.get("office"))),
        Fact(T(lang, "doc.status"), _status(report.get("status"), lang)),
    ]
    if report.get("error"):
        facts.append(Fact(T(lang, "doc.error"), str(report["error"])))
    return Facts(tuple(facts))


def _what(report: Mapping[str, Any], lang: Lang) -> list[Block]:
    archive = report.get("archive")
    excludes = _strings(report.get("excludes"))
    facts = [
        Fact(T(lang, "doc.sources"), "; ".join(_strings(report.get("sources"))) or None),
        Fact(T(lang, "doc.excludes"), "; ".join(excludes) or T(lang, "doc.none")),
        Fact(T(lang, "doc.files"), _whole(report.get("file_count")), "int"),
        Fact(T(lang, "doc.size"), _whole(report.get("byte_count")), "bytes"),
        Fact(
            T(lang, "doc.archive"),
            str(archive) if archive else T(lang, "doc.no_archive"),
        ),
    ]
    if archive:
        facts += [
            Fact(T(lang, "doc.archive_size"), _whole(report.get("archive_bytes")), "bytes"),
            Fact(T(lang, "doc.archive_sha256"), _text(report.get("archive_sha256"))),
            Fact(T(lang, "doc.manifest_sha256"), _text(report.get("manifest_sha256"))),
        ]
    blocks: list[Block] = [Facts(tuple(facts), title=T(lang, "doc.what"))]
    path = Column(T(lang, "doc.path"), width=3)
    changed = _strings(report.get("changed_files"))
    if changed:
        rows = tuple((p,) for p in changed)
        blocks.append(Table((path,), rows, title=T(lang, "doc.changed")))
    unreadable = _records(report.get("unreadable_files"), "path", "reason")
    if unreadable:
        columns = (path, Column(T(lang, "doc.reason"), width=2))
        blocks.append(Table(columns, unreadable, title=T(lang, "doc.unreadable")))
    skipped = _strings(report.get("skipped_files"))
    if skipped:
        blocks.append(Table((path,), tuple((p,) for p in skipped), title=T(lang, "doc.skipped")))
    notices = _records(report.get("source_notices"), "source", "message")
    if notices:
        columns = (Column(T(lang, "doc.source")), Column(T(lang, "doc.message"), width=3))
        blocks.append(Table(columns, notices, title=T(lang, "doc.notices")))
    return blocks


def _when(report: Mapping[str, Any], lang: Lang, tz: tzinfo) -> Facts:
    zone = _zone(tz)
    started, ended = stored_ts(report.get("started")), stored_ts(report.get("ended"))
    facts = (
        Fact(T(lang, "doc.started"), _local(started, tz), "datetime"),
        Fact(T(lang, "doc.ended"), _local(ended, tz), "datetime"),
        Fact(T(lang, "doc.duration"), duration(report.get("duration_seconds"), lang)),
        Fact(T(lang, "doc.host"), _text(report.get("host"))),
        Fact(T(lang, "doc.version"), _text(report.get("agent_version"))),
        Fact(T(lang, "doc.schedule"), schedule_words(report.get("schedule"), started, lang, tz)),
    )
    return Facts(facts, title=T(lang, "doc.when", zone=zone))


def _encryption(report: Mapping[str, Any], lang: Lang, names: Mapping[str, str]) -> list[Block]:
    scheme = report.get("encryption")
    words = T(lang, "doc.scheme") if scheme == ENCRYPTION else _text(scheme)
    facts = Facts(
        (
            Fact(T(lang, "doc.encryption"), words),
            Fact(T(lang, "doc.signing_key"), _text(report.get("signing_key_fingerprint"))),
        ),
        title=T(lang, "doc.protection"),
    )
    unnamed = T(lang, "doc.unnamed")
    rows: tuple[tuple[Value, ...], ...] = tuple(
        (recipient_fingerprint(r), names.get(r.strip()) or unnamed)
        for r in _strings(report.get("recipients"))
    )
    table = Table(
        (Column(T(lang, "doc.fingerprint"), width=2), Column(T(lang, "doc.holder"), width=2)),
        rows,
        title=T(lang, "doc.recipients"),
        empty=T(lang, "doc.no_recipients"),
    )
    return [facts, table]


def _verification(report: Mapping[str, Any], check: ReportCheck, lang: Lang) -> list[Block]:
    head = Fact(T(lang, "doc.report_file"), _text(check.file))
    blocks: list[Block] = [Facts((head,), title=T(lang, "doc.verification"))]
    if check.problem is not None:
        blocks.append(Paragraph(T(lang, "doc.check_failed", reason=check.problem), emphasis=True))
    elif check.trusted is not None:
        key = check.trusted
        text = T(lang, "doc.verified", fingerprint=key.fingerprint, source=key.source)
        blocks.append(Paragraph(text))
    else:
        text = T(lang, "doc.unchecked", fingerprint=check.signer or "")
        blocks.append(Paragraph(text, emphasis=True))
    name, digest = report.get("previous_report"), report.get("previous_report_sha256")
    values = {"name": _text(name), "sha256": _text(digest)}
    if check.chain == "first":
        blocks.append(Paragraph(T(lang, "doc.chain_first")))
    else:
        text = T(lang, f"doc.chain_{check.chain}", **values)
        blocks.append(Paragraph(text, emphasis=check.chain == "differs"))
    return blocks


def _restore_tests(check: ReportCheck, lang: Lang, tz: tzinfo) -> Table:
    columns = (
        Column(T(lang, "doc.tested", zone=_zone(tz)), "datetime"),
        Column(T(lang, "doc.result"), width=2),
        Column(T(lang, "doc.tested_on")),
        Column(T(lang, "doc.tested_by"), width=2),
        Column(T(lang, "doc.files"), "int"),
    )
    rows = tuple(
        (
            _local(t.tested, tz),
            T(lang, f"doc.test_{t.status}", problems=len(t.problems)),
            t.host or None,
            t.signer or None,
            t.files,
        )
        for t in check.restore_tests
    )
    return Table(columns, rows, title=T(lang, "doc.restore_tests"), empty=T(lang, "doc.no_tests"))


def _test_problems(check: ReportCheck, lang: Lang, tz: tzinfo) -> list[Block]:
    """What a failed restore test found, as its signed entry lists it (the first ones)."""
    out: list[Block] = []
    for test in check.restore_tests:
        if test.status != "FAILED" or not test.problems:
            continue
        when = _local(test.tested, tz)
        found = "; ".join(test.problems[:PROBLEMS_SHOWN])
        more = len(test.problems) - PROBLEMS_SHOWN
        if more > 0:
            found += "; " + T(lang, "doc.more", count=more)
        shown = f"{when:%Y-%m-%d %H:%M}" if when else "—"
        out.append(Paragraph(T(lang, "doc.test_found", when=shown, found=found), emphasis=True))
    return out


def _last_restore_test(report: Mapping[str, Any], lang: Lang, tz: tzinfo) -> list[Block]:
    """The newest restore test in the folder when the report was made (of an earlier archive,
    as a rule): the office's habit of testing, as the signed report states it."""
    last = report.get("last_restore_test")
    if not isinstance(last, Mapping):
        return []
    when = _local(stored_ts(last.get("ts")), tz)
    text = T(
        lang,
        "doc.last_test",
        archive=_text(last.get("archive")),
        when=f"{when:%Y-%m-%d %H:%M}" if when else "—",
        result=_status(last.get("status"), lang) or "—",
        files=group_thousands(_whole(last.get("files")) or 0),
    )
    return [Paragraph(text)]


def _retention(report: Mapping[str, Any], lang: Lang, tz: tzinfo) -> Facts:
    years = _whole(report.get("retention_years"))
    expires = _local(stored_ts(report.get("expires")), tz)
    kept = T(lang, "doc.years", years=years) if years else T(lang, "doc.forever")
    until: Value = expires.date() if expires else T(lang, "doc.never")
    return Facts(
        (Fact(T(lang, "doc.kept"), kept), Fact(T(lang, "doc.expires"), until, "date")),
        title=T(lang, "doc.retention"),
    )


def schedule_words(text: object, started: datetime | None, lang: Lang, tz: tzinfo) -> str:
    """`yearly 01-15 02:00 UTC` as the office reads it: the moment in its own time zone."""
    yearly = Yearly.from_report(text)
    if yearly is None:
        return T(lang, "doc.manual") if text in (None, "", "manual") else str(text)
    year = started.year if started else 2000
    try:
        when = yearly.moment(year).astimezone(tz)
    except ValueError:  # 29 February of a year that has none
        when = yearly.moment(2000).astimezone(tz)
    return T(lang, "doc.yearly", day=f"{when:%m-%d}", time=f"{when:%H:%M}")


def duration(seconds: object, lang: Lang) -> str:
    """`1 h 5 min`, `12 min 4 s`, `3 s`: a reader's duration, never `3.215`."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return "—"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return T(lang, "doc.hours_minutes", hours=hours, minutes=minutes)
    if minutes:
        return T(lang, "doc.minutes_seconds", minutes=minutes, seconds=secs)
    return T(lang, "doc.seconds", seconds=secs)


def _local(value: datetime | None, tz: tzinfo) -> datetime | None:
    return value.astimezone(tz) if value else None


def _zone(tz: tzinfo) -> str:
    return str(getattr(tz, "key", None) or tz.tzname(None) or "UTC")


def _status(code: object, lang: Lang) -> str | None:
    """OK, WARNING, FAILED, PASSED in words; a code of a newer version as it is."""
    return T.code(lang, "doc.status", code) if isinstance(code, str) and code else None


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, str | int) and value != "" else None


def _whole(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _records(value: object, *keys: str) -> tuple[tuple[Value, ...], ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        tuple(_text(item.get(k)) for k in keys) for item in value if isinstance(item, Mapping)
    )
