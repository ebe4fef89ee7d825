"""SQLite files copied live through the backup API; dumps from a configured command."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from agent.backup_cli import main
from backups.restore import load_identities, restore
from foundation.messages import ConfigError
from tests.backups.helpers import make_keys, only_archive
from tests.conftest import write_config
from tui.config import load


def _create(keys_dir: Path, out: Path, *extra: str) -> list[str]:
    keys = make_keys(keys_dir)
    argv = ["create", "--label", "db", "--out", str(out), "--signing-key", str(keys.signing_key)]
    for recipient in keys.recipients:
        argv += ["--recipient", recipient]
    return [*argv, *extra]


def _script(folder: Path, name: str, body: str) -> str:
    path = folder / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return f"{sys.executable} {path}"


def test_sqlite_copied_consistently_while_a_writer_commits(tmp_path: Path) -> None:
    db = tmp_path / "кадр.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("create table staff (id integer primary key, name text, pad blob)")
        conn.execute("create table total (n integer)")
        conn.execute("insert into total values (0)")
    stop = threading.Event()
    written = [0]

    def writer() -> None:
        """Each transaction adds a row and counts it: a consistent copy has both agree."""
        conn = sqlite3.connect(db, timeout=30)
        while not stop.is_set():
            with conn:
                conn.execute("insert into staff (name, pad) values ('Дорж', zeroblob(4000))")
                conn.execute("update total set n = n + 1")
            written[0] += 1
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while written[0] < 200:  # the database is busy before the backup starts
            stop.wait(0.01)
        out = tmp_path / "out"
        assert main(_create(tmp_path / "keys", out, "--sqlite", str(db))) == 0
    finally:
        stop.set()
        thread.join()
    archive = only_archive(out)
    target = tmp_path / "restored"
    restore(archive, load_identities(tmp_path / "keys" / "work.txt"), target)
    with sqlite3.connect(target / "кадр.sqlite") as copy:
        assert copy.execute("pragma integrity_check").fetchone() == ("ok",)
        rows = copy.execute("select count(*) from staff").fetchone()[0]
        assert copy.execute("select n from total").fetchone()[0] == rows > 0
    report = json.loads(next(out.glob("*.report.json")).read_text())
    assert report["status"] == "OK" and f"sqlite:{db}" in report["sources"]


def test_not_a_database_fails_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "notes.sqlite"
    bad.write_bytes(b"this is not a database file" * 100)
    out = tmp_path / "out"
    assert main(_create(tmp_path / "keys", out, "--sqlite", str(bad))) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "SQLite" in err[0]
    assert list(out.glob("*.age*")) == [] and list(out.glob(".sources-*")) == []
    report = json.loads(next(out.glob("*.report.json")).read_text())
    assert report["status"] == "FAILED"
    assert bad.read_bytes() == b"this is not a database file" * 100


def test_dump_output_is_archived_and_a_large_dump_is_streamed(tmp_path: Path) -> None:
    """300 MB of dump output: the creating process stays far below that in memory."""
    command = _script(
        tmp_path,
        "dump.py",
        """
        import sys
        line = "INSERT INTO staff VALUES ('Дорж', 'нягтлан');\\n".encode() * 20000
        for _ in range(300 * 2**20 // len(line)):
            sys.stdout.buffer.write(line)
        """,
    )
    out = tmp_path / "out"
    argv = _create(tmp_path / "keys", out, "--dump", f"staff.sql={command}")
    script = f"import sys\nfrom agent.backup_cli import main\ncode = main({argv!r})\n"
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking process (pytest,
    # which may have grown large in earlier tests) into the new program.
    script += "status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
    script += "print(status)\nsys.exit(code)\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    peak_mb = int(done.stdout.strip().splitlines()[-1]) / 1024
    assert peak_mb < 200, peak_mb
    manifest = json.loads(next(out.glob("*.manifest.json")).read_text())
    (entry,) = manifest["files"]
    assert entry["path"] == "staff.sql" and entry["mode"] == "0600"
    assert entry["size"] > 290 * 2**20
    report = json.loads(next(out.glob("*.report.json")).read_text())
    assert report["status"] == "OK" and report["source_notices"] == []
    assert report["sources"] == [f"dump:staff.sql: {command}"]
    assert (
        main(
            [
                "verify",
                str(only_archive(out)),
                "--identity",
                str(tmp_path / "keys/work.txt"),
                "--trusted-key",
                str(tmp_path / "keys/agent_ed25519.pub"),
            ]
        )
        == 0
    )


def test_dump_stderr_makes_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    command = _script(
        tmp_path,
        "dump.py",
        """
        import sys
        print("CREATE TABLE staff (name text);")
        print("pg_dump: warning: table кадр skipped", file=sys.stderr)
        """,
    )
    out = tmp_path / "out"
    assert main(_create(tmp_path / "keys", out, "--dump", f"staff.sql={command}")) == 0
    assert "table кадр skipped" in capsys.readouterr().err
    report = json.loads(next(out.glob("*.report.json")).read_text())
    assert report["status"] == "WARNING"
    assert report["source_notices"] == [
        {"source": "dump:staff.sql", "message": "pg_dump: warning: table кадр skipped"}
    ]
    target = tmp_path / "restored"
    restore(only_archive(out), load_identities(tmp_path / "keys" / "work.txt"), target)
    assert (target / "staff.sql").read_text() == "CREATE TABLE staff (name text);\n"


def test_failing_dump_fails_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    command = _script(
        tmp_path,
        "dump.py",
        """
        import sys
        print("partial output")
        print("pg_dump: error: connection refused", file=sys.stderr)
        sys.exit(3)
        """,
    )
    out = tmp_path / "out"
    assert main(_create(tmp_path / "keys", out, "--dump", f"staff.sql={command}")) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "exit status 3" in err[0] and "connection refused" in err[0]
    assert list(out.glob("*.age*")) == [] and list(out.glob(".sources-*")) == []
    report = json.loads(next(out.glob("*.report.json")).read_text())
    assert report["status"] == "FAILED" and "connection refused" in report["error"]


def test_missing_dump_program_and_bad_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(_create(tmp_path / "keys", out, "--dump", "a.sql=/nonexistent/pg_dump")) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "a.sql" in err[0]
    assert main(_create(tmp_path / "keys", out, "--dump", "no-equals-sign")) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "NAME=COMMAND" in err[0]
    source = tmp_path / "staff.sql"
    source.write_text("x")
    assert (
        main(_create(tmp_path / "keys", out, "--source", str(source), "--dump", "staff.sql=true"))
        == 1
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "staff.sql" in err[0]


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ("month = 13", "backup.month"),
        ("month = 2\nday = 30", "backup.day"),
        ('time = "25:00"', "backup.time"),
        ("retention_years = -1", "backup.retention_years"),
        ('[[backup.dumps]]\nname = "../x"\ncommand = ["pg_dump"]', "backup.dumps[0].name"),
        ('[[backup.dumps]]\nname = "a.sql"\ncommand = []', "backup.dumps[0].command"),
        ('sqlite = ["a/staff.db", "b/staff.db"]', "backup.sqlite"),
    ],
)
def test_bad_settings_give_one_line(tmp_path: Path, table: str, key: str) -> None:
    path = write_config(tmp_path / "site", "[backup]\n" + table + "\n")
    with pytest.raises(ConfigError) as caught:
        load(path)
    message = str(caught.value)
    assert "\n" not in message and key in message, message


def test_dump_settings_are_loaded(tmp_path: Path) -> None:
    db = tmp_path / "кадр.sqlite"
    extra = (
        f'[backup]\nsqlite = ["{db}"]\nretention_years = 10\n'
        '[[backup.dumps]]\nname = "staff.sql"\ncommand = ["pg_dump", "staff"]\n'
    )
    config = load(write_config(tmp_path / "site", extra))
    assert config.backup.dumps[0].command == ("pg_dump", "staff")
    assert config.backup.sqlite == (db,) and config.backup.retention_years == 10
