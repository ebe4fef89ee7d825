"""One language for every line a command prints: SOUMNET_LANG, else the locale, else the
configuration's `ui.lang`, for success lines and errors alike, usage errors included."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from backups.messages import T as backup_texts
from foundation.cli import Parser, UsageError
from foundation.config import configured_lang
from foundation.i18n import Problem
from tests.conftest import venv_command, write_config

CYRILLIC = tuple(chr(c) for c in range(0x0400, 0x0500))


def cyrillic(text: str) -> bool:
    return any(ch in CYRILLIC for ch in text)


def run(
    command: str, *args: str, config: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """A console script in a neutral locale: the language comes from the configuration."""
    base = {k: v for k, v in os.environ.items() if k not in ("SOUMNET_LANG", "LC_ALL")}
    base.update(LANG="C.UTF-8", LC_MESSAGES="C")
    base.pop("SOUMNET_CONFIG", None)
    if config is not None:
        base["SOUMNET_CONFIG"] = str(config)
    return subprocess.run(
        [venv_command(command), *args],
        capture_output=True,
        text=True,
        env={**base, **env},
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def site(tmp_path: Path, lang: str, extra: str = "") -> Path:
    path = write_config(tmp_path / lang)
    path.write_text(
        path.read_text(encoding="utf-8").replace('lang = "en"', f'lang = "{lang}"') + extra,
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("lang", ["mn", "en"])
def test_success_and_error_lines_follow_the_configured_language(tmp_path: Path, lang: str) -> None:
    config = site(tmp_path, lang)
    made = run("soumnet-hub", "--config", str(config), "init")
    assert made.returncode == 0 and cyrillic(made.stdout) == (lang == "mn"), made.stdout
    failed = run("soumnet-hub", "--config", str(config), "maintenance", "close", "7")
    assert failed.returncode != 0
    assert cyrillic(failed.stderr) == (lang == "mn"), failed.stderr
    usage = run("soumnet-hub", "--config", str(config), "uplink", "--days", "many")
    assert usage.returncode == 2 and usage.stderr.count("\n") == 1
    assert cyrillic(usage.stderr) == (lang == "mn"), usage.stderr
    backup = run("soumnet-backup", "verify", str(tmp_path / "absent.tar.zst.age"), config=config)
    assert backup.returncode == 1 and cyrillic(backup.stderr) == (lang == "mn"), backup.stderr
    tui = run("soumnet", "--config", str(config), "--bogus")
    assert tui.returncode == 2 and cyrillic(tui.stderr) == (lang == "mn"), tui.stderr


def test_the_environment_and_lang_options_come_first(tmp_path: Path) -> None:
    config = site(tmp_path, "mn")
    assert run("soumnet-hub", "--config", str(config), "init").returncode == 0
    english = run("soumnet-hub", "--config", str(config), "alerts", SOUMNET_LANG="en")
    assert english.stdout == "no active alerts\n"
    report = run("soumnet-hub", "--config", str(config), "report", "--period", "x", "--lang", "en")
    assert report.returncode == 1 and not cyrillic(report.stderr), report.stderr
    tui = run("soumnet", "--config", str(config), "--lang", "en", "--bogus")
    assert not cyrillic(tui.stderr), tui.stderr


def test_every_command_takes_lang_for_its_success_lines(tmp_path: Path) -> None:
    """`--lang` before or after the subcommand, for the hub's listings as for the agent's."""
    config = site(tmp_path, "mn")
    assert run("soumnet-hub", "--config", str(config), "init").returncode == 0
    for argv in (["alerts", "--lang", "en"], ["--lang", "en", "alerts"]):
        english = run("soumnet-hub", "--config", str(config), *argv)
        assert english.stdout == "no active alerts\n", english
    mongolian = run("soumnet-hub", "--config", str(config), "alerts")
    assert cyrillic(mongolian.stdout), mongolian
    status = run("soumnet-agent", "--config", str(config), "status", "--lang", "en")
    assert status.returncode == 0 and not cyrillic(status.stdout), status


def test_a_configuration_that_does_not_load_still_says_its_language(tmp_path: Path) -> None:
    config = site(tmp_path, "en", "\n[office]\ncolour = 1\n")
    failed = run("soumnet-agent", "--config", str(config), "status")
    assert failed.returncode == 2 and "colour" in failed.stderr
    assert not cyrillic(failed.stderr), failed.stderr
    assert configured_lang(config) == "en"
    # Not TOML at all: the default language.
    config.write_text('[ui]\nlang = "en"\n[hub\n', encoding="utf-8")
    assert configured_lang(config) == "mn"


def test_usage_errors_are_one_translated_line(tmp_path: Path) -> None:
    config = site(tmp_path, "mn")
    for command, args in {
        "soumnet-hub": ["maintenance", "add"],
        "soumnet-agent": ["poll", "--port", "x", "h"],
        "soumnet-backup": ["create", "--label", "x"],
        "soumnet": ["--lang", "fr"],
    }.items():
        done = run(command, *args, config=config)
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"{command}: ")
        assert cyrillic(done.stderr) and "--help" in done.stderr, done.stderr
        assert "usage:" not in done.stderr and "error:" not in done.stderr


def test_backup_help_is_for_its_users() -> None:
    """The note about import times is for developers, not `--help`."""
    done = run("soumnet-backup", "--help")
    assert done.returncode == 0
    assert "create, verify and restore" in done.stdout
    assert "import" not in done.stdout and "second" not in done.stdout


def test_a_run_status_is_shown_in_words() -> None:
    assert [backup_texts.code("mn", "outcome", s) for s in ("OK", "WARNING", "FAILED")] == [
        "амжилттай",
        "анхааруулгатай",
        "амжилтгүй",
    ]
    assert backup_texts.code("en", "outcome", "OK") == "OK"
    assert backup_texts.code("mn", "outcome", "NEW") == "NEW"


@pytest.mark.parametrize(
    ("argv", "key"),
    [
        ([], "cli.usage.no_command"),
        (["nope"], "cli.usage.command"),
        (["go"], "cli.usage.required"),
        (["go", "--count", "x", "1"], "cli.usage.int"),
        (["go", "--ratio", "x", "1"], "cli.usage.float"),
        (["go", "--colour", "red", "1"], "cli.usage.choice"),
        (["go", "--count"], "cli.usage.one_value"),
        (["go", "--json=1", "1"], "cli.usage.no_value"),
        (["go", "1", "--what"], "cli.usage.unrecognized"),
        (["go", "1", "--co", "2"], "cli.usage.ambiguous"),
        (["go", "1", "--json", "--quiet"], "cli.usage.conflict"),
    ],
)
def test_every_argparse_message_is_read_back(argv: list[str], key: str) -> None:
    """argparse's English messages are matched, on this Python, to our own texts."""
    parser = Parser(prog="x")
    sub = parser.add_subparsers(dest="command", required=True)
    go = sub.add_parser("go")
    go.add_argument("file")
    go.add_argument("--count", type=int)
    go.add_argument("--colour", choices=("blue", "green"))
    go.add_argument("--ratio", type=float)
    both = go.add_mutually_exclusive_group()
    both.add_argument("--json", action="store_true")
    both.add_argument("--quiet", action="store_true")
    with pytest.raises(UsageError) as caught:
        parser.parse_args(argv)
    problem = caught.value.values["problem"]
    assert isinstance(problem, Problem) and problem.key == key, problem
    assert "\n" not in caught.value.text("mn") and cyrillic(caught.value.text("mn"))
