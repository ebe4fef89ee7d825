"""Auditor reports: the signed JSON record, and the document people read of it (text, PDF) in
both languages, each report checked first; the message catalog is complete."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent.backup_cli import main
from backups import restore_tests, sshsig
from backups.names import report_path, sig_path
from backups.report import recipient_fingerprint
from backups.reportdoc import ReportCheck, archive_document, duration, schedule_words
from foundation.document.render import render
from foundation.office import OfficeSettings
from tests.backups.helpers import Keys, make_keys, only_archive
from tests.backups.test_trust import resign_with_another_key
from tests.conftest import ROOT, require_program, write_config

MICROSECONDS = re.compile(r"\d{2}:\d{2}:\d{2}\.\d")
WORKING_KEY = "Б. Болд, ажлын түлхүүр"


@dataclass(frozen=True)
class Made:
    keys: Keys
    first: Path
    second: Path
    """The second archive: chained to the first, restore-tested, kept 10 years."""
    config: Path


def _archive(keys: Keys, source: Path, out: Path, *extra: str) -> Path:
    before = set(out.glob("*.tar.zst.age"))
    argv = ["create", "--label", "staff", "--out", str(out), "--source", str(source)]
    argv += ["--signing-key", str(keys.signing_key), "--office", "Баян-Өндөр сумын ЗДТГ"]
    for recipient in keys.recipients:
        argv += ["--recipient", recipient]
    assert main([*argv, *extra]) == 0
    [made] = set(out.glob("*.tar.zst.age")) - before
    return made


@pytest.fixture
def made(tmp_path: Path) -> Made:
    """Two real archives of a staff folder, the second restore-tested with the age key."""
    keys = make_keys(tmp_path / "keys")
    source = tmp_path / "кадр"
    source.mkdir()
    (source / "ажилтан.csv").write_text("нэр,албан тушаал\nБолд,нягтлан\n", encoding="utf-8")
    (source / "b.txt").write_text("b" * 3000)
    out = tmp_path / "out"
    first = _archive(keys, source, out)
    second = _archive(keys, source, out, "--retention-years", "10")
    verify = ["verify", str(second), "--identity", str(keys.identity_file)]
    assert main([*verify, "--signing-key", str(keys.signing_key), *keys.trusted]) == 0
    config = write_config(
        tmp_path / "site",
        '[office]\nname = "Баян-Өндөр сумын ЗДТГ"\ntimezone = "Asia/Hovd"\n\n'
        f'[backup.recipient_names]\n"{keys.recipients[0]}" = "{WORKING_KEY}"\n',
    )
    return Made(keys, first, second, config)


def _text(
    capsys: pytest.CaptureFixture[str], made: Made, lang: str, *argv: str, trusted: bool = True
) -> str:
    capsys.readouterr()
    extra = made.keys.trusted if trusted else []
    assert main(["report", *argv, "--config", str(made.config), "--lang", lang, *extra]) == 0
    return capsys.readouterr().out


def _no_raw_values(text: str) -> None:
    for raw in ("null", "None", "[]", "{", "+00:00", "True", "False"):
        assert raw not in text, raw
    assert not MICROSECONDS.search(text)


def test_report_json_is_the_signed_record(made: Made, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["report", str(made.second), "--format", "json"]) == 0
    [report] = json.loads(capsys.readouterr().out)
    assert report == json.loads(report_path(made.second).read_text(encoding="utf-8"))
    assert report["previous_report"] == report_path(made.first).name
    assert len(report["recipients"]) == 2


def test_text_report_in_english_with_a_trusted_key(
    made: Made, capsys: pytest.CaptureFixture[str]
) -> None:
    report = json.loads(report_path(made.second).read_text(encoding="utf-8"))
    text = _text(capsys, made, "en", str(made.second))
    _no_raw_values(text)
    assert text.startswith("Баян-Өндөр сумын ЗДТГ\nArchive report\n")
    assert re.search(r"^Sources +.*кадр$", text, re.M)
    assert re.search(r"^Files +2$", text, re.M)
    assert re.search(r"^Size of the files +3\.0 KB$", text, re.M)
    working, escrow = (recipient_fingerprint(r) for r in made.keys.recipients)
    assert re.search(rf"^{re.escape(working)} +{WORKING_KEY}$", text, re.M)
    assert re.search(rf"^{re.escape(escrow)} +not named in the configuration$", text, re.M)
    signer = report["signing_key_fingerprint"]
    assert f"Signatures verified against trusted key {signer} (agent_ed25519.pub)" in text
    assert "NOT checked" not in text
    previous = report_path(made.first)
    assert (
        f"Previous report {previous.name} (SHA-256 {report['previous_report_sha256']}):"
        " the file beside it matches"
    ) in text
    # times in the office's zone (Hovd, UTC+7), to the minute
    started = datetime.fromisoformat(report["started"]).astimezone(ZoneInfo("Asia/Hovd"))
    assert "\nWhen (Asia/Hovd time) and where\n" in text
    assert re.search(rf"^Started +{started:%Y-%m-%d %H:%M}$", text, re.M)
    [test_row] = [line for line in text.splitlines() if " passed " in line]
    assert test_row.startswith(f"{started:%Y-%m-%d}") and signer in test_row
    assert test_row.endswith(" 2")
    expires = datetime.fromisoformat(report["expires"]).astimezone(ZoneInfo("Asia/Hovd"))
    assert re.search(r"^Kept for +10 years$", text, re.M)
    assert re.search(rf"^Expires +{expires:%Y-%m-%d}$", text, re.M)
    assert re.search(r"^Result +completed$", text, re.M)
    assert re.search(r"^Schedule +made by hand, not on the schedule$", text, re.M)


def test_text_report_in_mongolian_without_a_trusted_key(
    made: Made, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _text(capsys, made, "mn", str(report_path(made.first)), trusted=False)
    _no_raw_values(text)
    assert "Архивын тайлан\n" in text and "Юуг архивласан" in text
    assert re.search(r"^Файл +2$", text, re.M)
    assert "! Гарын үсэг хүчинтэй (SHA256:" in text
    assert "итгэмжит түлхүүртэй тулгаж ШАЛГААГҮЙ: хэн ч гарын үсэг зурсан байж болно" in text
    assert "Гинжин хэлхээний эхний тайлан" in text
    assert "тохиргоонд нэр заагаагүй" in text and WORKING_KEY in text
    assert "сэргээх шалгалт хажууд нь бүртгэгдээгүй" in text
    assert re.search(r"^Хадгалах хугацаа +үүрд$", text, re.M)
    assert re.search(r"^Үр дүн +амжилттай$", text, re.M)
    for english in ("OK", "PASSED", "manual", "Sources", "Files", "forever", "completed"):
        assert not re.search(rf"\b{english}\b", text), english


def test_a_report_whose_previous_report_is_not_beside_it(
    made: Made, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    alone = tmp_path / "alone"
    alone.mkdir()
    report = report_path(made.second)
    for path in (report, sig_path(report)):
        shutil.copy(path, alone / path.name)
    text = _text(capsys, made, "en", str(alone / report.name))
    assert "not present here, not checked" in text
    assert "no restore test of this archive is recorded beside it" in text
    mn = _text(capsys, made, "mn", str(alone / report.name))
    assert "энд байхгүй, шалгаагүй" in mn
    _no_raw_values(mn)


def test_a_restore_test_entry_that_was_edited_proves_nothing(
    made: Made, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    [entry] = made.second.parent.glob("*.restore-test-*.json")
    entry.chmod(0o644)
    entry.write_text(
        entry.read_text(encoding="utf-8").replace('"files_checked": 2', '"files_checked": 9')
    )
    text = _text(capsys, made, "en", str(made.second))
    [row] = [line for line in text.splitlines() if "its signature does not verify" in line]
    assert row.endswith(" 9") and " passed " not in text
    key = sshsig.SigningKey.load(made.keys.signing_key)
    tested = datetime(2026, 2, 1, 4, 5, tzinfo=UTC)
    problems = ["кадр/b.txt: SHA-256 differs from the manifest"]
    restore_tests.record(
        made.second, key, tested=tested, files_checked=1, problems=problems, host="it-pc"
    )
    out = tmp_path / "report.txt"
    _text(capsys, made, "mn", str(made.second), "--output", str(out))
    text = out.read_text(encoding="utf-8")
    assert "гарын үсэг нь хүчингүй: юуг ч нотлохгүй" in text
    assert re.search(r"^2026-02-01 11:05 +АМЖИЛТГҮЙ: 1 асуудал +it-pc +SHA256:\S+ +1$", text, re.M)
    assert f"! 2026-02-01 11:05-ийн сэргээх шалгалт олсон: {problems[0]}" in text


def _refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert main(["report", *argv]) == 1
    said = capsys.readouterr()
    assert said.out == "", "nothing is printed as verified"
    assert said.err.count("\n") == 1, said.err
    return said.err


def test_a_wrong_file_a_tampered_or_re_signed_report_and_a_wrong_key_are_one_line(
    made: Made, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("x")
    assert "not an archive or a report" in _refused(capsys, str(other))
    not_json = tmp_path / "x.report.json"
    not_json.write_text("{not json")
    assert "not a valid report" in _refused(capsys, str(not_json))
    assert "not a usable trusted key file" in _refused(
        capsys, str(made.second), "--trusted-key", str(other)
    )
    first = report_path(made.first)
    kept = first.read_bytes()
    first.chmod(0o644)
    first.write_bytes(kept + b" ")
    said = _refused(capsys, str(made.second), *made.keys.trusted)
    assert f"the previous report {first.name} does not match the recorded hash" in said
    first.write_bytes(kept)
    report = report_path(made.second)
    fingerprint = resign_with_another_key(report)
    said = _refused(capsys, str(made.second), *made.keys.trusted)
    assert f"signed by {fingerprint}, which is not a trusted key of this office" in said
    report.write_text(report.read_text(encoding="utf-8").replace('"WARNING"', '"OK"'))
    said = _refused(capsys, str(made.second), "--format", "json")
    assert "the signature does not match the content" in said
    said = _refused(capsys, str(made.second.with_name("nothing.tar.zst.age")))
    assert "nothing.report.json is missing" in said


def test_the_document_lists_problem_files_only_when_there_are_some() -> None:
    report = {
        "label": "staff",
        "started": "2026-01-15T02:00:00.123456+00:00",
        "ended": "2026-01-15T03:05:09.5+00:00",
        "duration_seconds": 3909.377,
        "status": "WARNING",
        "schedule": "yearly 01-15 02:00 UTC",
        "sources": ["/srv/кадр"],
        "excludes": [],
        "changed_files": ["кадр/ажилтан.csv"],
        "unreadable_files": [{"path": "кадр/lock", "reason": "Permission denied"}],
        "skipped_files": [],
        "source_notices": [],
        "recipients": [],
        "error": None,
        "archive": None,
        "expires": None,
        "previous_report": None,
    }
    check = ReportCheck(None, None, "the signature does not match the content", "x", "first")
    office = OfficeSettings(name="Мөрөн сум")
    for lang in ("en", "mn"):
        text = render(archive_document([report], [check], lang, office, {}), "text").decode()
        _no_raw_values(text)
        assert "кадр/ажилтан.csv" in text and "Permission denied" in text
        assert "Skipped" not in text and "Алгассан" not in text
        assert "Messages of the dumps" not in text and "Хуулбарын мэдэгдэл" not in text
    en = render(archive_document([report], [check], "en", office, {}), "text").decode()
    assert "Files that changed while they were read" in en
    assert "! CHECK FAILED: the signature does not match the content" in en
    assert "Signatures verified" not in en
    assert re.search(r"^Schedule +every year on 01-15 at 10:00$", en, re.M)  # Ulaanbaatar
    assert re.search(r"^Duration +1 h 5 min$", en, re.M)
    assert re.search(r"^Started +2026-01-15 10:00$", en, re.M)
    assert "When (Asia/Ulaanbaatar time) and where" in en
    assert re.search(r"^Archive file +none: no archive was kept$", en, re.M)
    assert "no recipient is recorded" in en


def test_schedule_and_duration_in_words() -> None:
    hovd = ZoneInfo("Asia/Hovd")
    started = datetime(2026, 1, 15, 2, tzinfo=UTC)
    assert schedule_words("yearly 12-31 20:30 UTC", started, "en", hovd) == (
        "every year on 01-01 at 03:30"
    )
    assert schedule_words("manual", started, "mn", hovd) == "хуваарийн бус, гараар хийсэн"
    assert duration(0.4, "en") == "0 s"
    assert duration(725.2, "mn") == "12 мин 5 сек"
    assert duration(None, "en") == "—"


@pytest.mark.parametrize("lang", ["mn", "en"])
@pytest.mark.parametrize("trusted", [True, False])
def test_pdf_report_as_a_reader_extracts_it(
    made: Made, tmp_path: Path, lang: str, trusted: bool
) -> None:
    """Must show 3 of the reports issue: the PDF, read back with pdftotext, holds the document
    (headings, figures, names), page numbers and the verification line with and without a
    trusted key, and nothing raw; its pages are kept as PNG in build/test-artefacts."""
    pdftotext = require_program("pdftotext")
    stem = f"archive-report-{lang}-{'trusted' if trusted else 'unchecked'}"
    pdf = tmp_path / f"{stem}.pdf"
    argv = ["report", str(made.second), "--format", "pdf", "--lang", lang, "--output", str(pdf)]
    keys = made.keys.trusted if trusted else []
    assert main([*argv, "--config", str(made.config), *keys]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.count("\f") or 1
    for n in range(1, pages + 1):
        assert f"{n}/{pages}" in text
    flat = " ".join(text.split())
    title = "Архивын тайлан" if lang == "mn" else "Archive report"
    assert title in flat and "Баян-Өндөр сумын ЗДТГ" in flat
    assert "кадр" in flat and WORKING_KEY in flat
    report = json.loads(report_path(made.second).read_text(encoding="utf-8"))
    signer = report["signing_key_fingerprint"]
    if lang == "mn":
        verified = f"Гарын үсгийг итгэмжит түлхүүр {signer} (agent_ed25519.pub)-тэй тулгаж шалгасан"
        unchecked = "итгэмжит түлхүүртэй тулгаж ШАЛГААГҮЙ"
    else:
        verified = f"Signatures verified against trusted key {signer} (agent_ed25519.pub)"
        unchecked = "NOT checked against a trusted key"
    assert (verified in flat) is trusted and (unchecked in flat) is not trusted
    _no_raw_values(text)
    artefacts = ROOT / "build" / "test-artefacts" / "archive-report"
    artefacts.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pdf, artefacts / pdf.name)
    subprocess.run(
        [require_program("pdftoppm"), "-r", "60", "-png", str(pdf), str(artefacts / stem)],
        check=True,
    )


def test_malformed_report_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "x.report.json"
    bad.write_text("{not json")
    assert main(["verify-report", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a valid report" in err
    missing = tmp_path / "y.report.json"
    assert main(["verify-report", str(missing)]) == 1
    assert "is missing" in capsys.readouterr().err


def test_create_takes_the_office_from_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = make_keys(tmp_path / "keys")
    source = tmp_path / "кадр"
    source.mkdir()
    (source / "a.txt").write_text("a")
    config = write_config(tmp_path / "site", '[office]\nname = "Баян-Өндөр сумын ЗДТГ"\n')
    base = ["create", "--label", "staff", "--source", str(source)]
    base += ["--recipient", keys.recipients[0], "--signing-key", str(keys.signing_key)]

    def office(out: Path, *extra: str) -> str:
        assert main([*base, "--out", str(out), *extra]) == 0
        return str(json.loads(report_path(only_archive(out)).read_text())["office"])

    assert office(tmp_path / "a", "--config", str(config)) == "Баян-Өндөр сумын ЗДТГ"
    monkeypatch.setenv("SOUMNET_CONFIG", str(config))
    assert office(tmp_path / "b") == "Баян-Өндөр сумын ЗДТГ"
    assert office(tmp_path / "c", "--office", "Мөрөн сум") == "Мөрөн сум"
