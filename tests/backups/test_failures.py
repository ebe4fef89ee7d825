"""Must show 4: a full disk leaves no archive and a FAILED report; a changing file warns."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from agent.backup_cli import main
from backups.archive import create_archive
from tests.backups.helpers import create, make_keys, only_archive

LIMIT = 256 * 1024


def test_disk_full_leaves_no_archive_and_a_failed_report(tmp_path: Path) -> None:
    keys = make_keys(tmp_path / "keys")
    source = tmp_path / "src"
    source.mkdir()
    (source / "random.bin").write_bytes(os.urandom(4 * LIMIT))  # does not compress
    out = tmp_path / "out"
    argv = [
        "create",
        "--label",
        "full",
        "--out",
        str(out),
        "--source",
        str(source),
        "--signing-key",
        str(keys.signing_key),
        "--recipient",
        keys.recipients[0],
    ]
    # A file-size limit in a child process: writes past it fail with EFBIG, as on a full disk.
    script = textwrap.dedent(f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({LIMIT}, {LIMIT}))
        from agent.backup_cli import main
        sys.exit(main({argv!r}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "disk is full" in lines[0], done.stderr
    assert list(out.glob("*.age*")) == []
    assert list(out.glob("*.partial")) == []
    reports = list(out.glob("*.report.json"))
    assert len(reports) == 1
    report = json.loads(reports[0].read_text())
    assert report["status"] == "FAILED" and "disk is full" in report["error"]
    assert report["archive"] is None and report["archive_sha256"] is None
    assert (
        main(["verify-report", *keys.trusted, str(reports[0])]) == 0
    )  # the FAILED report is itself signed


def test_file_changing_while_read_gives_warning(tmp_path: Path) -> None:
    keys = make_keys(tmp_path / "keys")
    source = tmp_path / "src"
    source.mkdir()
    growing = source / "журнал.log"
    growing.write_bytes(b"x" * (3 * 1024 * 1024))
    (source / "steady.txt").write_text("steady")
    appended: list[str] = []

    def progress(path: str, _files: int, _done: int, _total: int) -> None:
        if path.endswith("журнал.log") and not appended:  # a writer appends mid-read
            appended.append(path)
            with open(growing, "ab") as handle:
                handle.write(b"more lines\n")

    outcome = create_archive(
        [source], tmp_path / "a.tar.zst.age", list(keys.recipients), progress=progress
    )
    assert outcome.status == "WARNING"
    assert outcome.changed == ["src/журнал.log"]


def test_cli_lists_skipped_special_files_in_report(tmp_path: Path) -> None:
    """Through the command: a FIFO is not archived, it is listed and the status is WARNING."""
    keys = make_keys(tmp_path / "keys")
    source = tmp_path / "src"
    source.mkdir()
    (source / "ok.txt").write_text("ok")
    os.mkfifo(source / "pipe")
    out = tmp_path / "out"
    assert create(keys, [source], out) == 0
    report = json.loads(next(out.glob("*.report.json")).read_text())
    assert report["status"] == "WARNING"
    assert report["skipped_files"] == ["src/pipe"]
    assert main(["verify", *keys.trusted, str(only_archive(out))]) == 0


def test_two_runs_in_one_second_keep_both_archives(tmp_path: Path) -> None:
    """The name is the start second: the second run waits for the next one instead of
    replacing the first's archive and signed report."""
    keys = make_keys(tmp_path / "keys")
    data = tmp_path / "кадр"
    data.mkdir()
    (data / "ажилтан.csv").write_text("нэр\nДорж\n", encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(3):
        assert create(keys, [data], out) == 0
    archives = sorted(out.glob("*.tar.zst.age"))
    assert len(archives) == 3 and len({a.name for a in archives}) == 3
    assert len(list(out.glob("*.report.json"))) == 3
    for archive in archives:
        assert (
            main(["verify", str(archive), "--identity", str(keys.identity_file), *keys.trusted])
            == 0
        )
