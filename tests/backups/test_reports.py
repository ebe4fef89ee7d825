"""Auditor reports: JSON and HTML in both languages; the message catalog is complete."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from agent.backup_cli import main
from backups.fieldlabels import FIELD_LABELS, labelled
from backups.messages import T
from backups.names import report_path
from tests.backups.helpers import create, make_keys, only_archive
from tests.conftest import require_program, write_config


def test_report_json_and_html_in_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = make_keys(tmp_path / "keys")
    source = tmp_path / "кадр"
    source.mkdir()
    (source / "a.txt").write_text("a")
    assert create(keys, [source], tmp_path / "out") == 0
    archive = only_archive(tmp_path / "out")
    capsys.readouterr()
    assert main(["report", str(archive), "--format", "json"]) == 0
    [report] = json.loads(capsys.readouterr().out)
    for key in (
        "report_id",
        "host",
        "agent_version",
        "sources",
        "started",
        "ended",
        "status",
        "file_count",
        "byte_count",
        "compression_ratio",
        "archive_sha256",
        "manifest_sha256",
        "recipient_fingerprints",
        "signing_key_fingerprint",
        "previous_report_sha256",
        "expires",
    ):
        assert key in report
    assert len(report["recipients"]) == 2
    assert main(["report", str(archive), "--format", "html", "--lang", "mn"]) == 0
    page = capsys.readouterr().out
    assert "Архивын тайлан" in page and report["archive_sha256"] in page
    assert main(["report", str(archive), "--format", "html", "--lang", "en"]) == 0
    assert "Archive report" in capsys.readouterr().out
    unlabelled = set(report) - set(FIELD_LABELS)
    assert not unlabelled, f"an auditor would read raw keys: {sorted(unlabelled)}"
    assert "changed_files" not in page and "Уншиж байхад өөрчлөгдсөн файл" in page


def test_a_field_from_a_newer_version_is_shown_by_its_name_after_the_known_ones() -> None:
    rows = labelled({"zz_new": 1, "status": "OK", "report_id": "r"}, "mn")
    assert rows == [
        ("report_id", "Тайлангийн дугаар", "r"),
        ("status", "Төлөв", "OK"),
        ("zz_new", "zz_new", 1),
    ]


def test_malformed_report_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "x.report.json"
    bad.write_text("{not json")
    assert main(["verify-report", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a valid report" in err
    missing = tmp_path / "y.report.json"
    assert main(["verify-report", str(missing)]) == 1
    assert "is missing" in capsys.readouterr().err


def test_catalog_placeholders_agree() -> None:
    for key in T.messages:
        en, mn = T.placeholders(key)
        assert en == mn, key


def test_pdf_report_renders_cyrillic(tmp_path: Path) -> None:
    pdftotext = require_program("pdftotext")
    keys = make_keys(tmp_path / "keys")
    source = tmp_path / "кадр"
    source.mkdir()
    (source / "a.txt").write_text("a")
    assert create(keys, [source], tmp_path / "out", "Баян-Өндөр") == 0
    archive = only_archive(tmp_path / "out")
    pdf = tmp_path / "report.pdf"
    argv = ["report", str(archive), "--format", "pdf", "--lang", "mn", "--output", str(pdf)]
    assert main(argv) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Архивын тайлан: Баян-Өндөр" in text
    assert "Архивын SHA-256" in text


def test_pdf_without_font_is_one_clear_error(tmp_path: Path) -> None:
    from backups.messages import BackupProblem
    from backups.report import render_pdf

    with pytest.raises(BackupProblem, match="fonts-dejavu-core"):
        render_pdf([{"label": "x"}], "en", font_dir=tmp_path)


def test_html_report_escapes_every_value() -> None:
    from backups.report import render_html

    report = {"label": "<script>alert(1)</script>", "office": 'Сум "А" & <b>', "status": "OK"}
    page = render_html([report], "mn")
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Сум &#34;А&#34; &amp; &lt;b&gt;" in page
    assert "Байгууллага" in page and 'lang="mn"' in page


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
