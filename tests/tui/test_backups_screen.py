"""The Backups screen: real signed archives delivered to the hub, listed per source and year;
a report's content with its signature checked; the auditor report exported to a file."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from backups.manifest import sha256_file
from backups.names import report_path
from inventory.views.archives import list_archives
from tests.backups.helpers import approve_signer, create, make_keys, only_archive
from tests.backups.test_trust import deliver as deliver_archive
from tests.backups.test_trust import resign_with_another_key
from tests.tui.conftest import MakeContext
from tests.tui.test_pilot import sync
from tui.app import SoumnetApp
from tui.config import TuiConfig as Config
from tui.context import Context
from tui.screens.audit import AuditScreen
from tui.screens.backups import BACKUP_KEYS, BackupsScreen
from tui.screens.export_form import ExportForm
from tui.screens.report_view import ReportView
from tui.widgets.backups.archive_table import ArchiveTable
from tui.widgets.backups.report_fields import ReportFields


def deliver(config: Config, tmp_path: Path, agent: str = "kadr-pc") -> Path:
    """Archive a small staff folder and deliver it as `ingest` receives it; the hub's copy."""
    source = tmp_path / "src" / "кадр"
    source.mkdir(parents=True)
    (source / "ажилтан.csv").write_text("нэр,албан тушаал\nБолд,нягтлан\n", encoding="utf-8")
    out = tmp_path / "out"
    keys = make_keys(tmp_path / "keys")
    approve_signer(config, agent, keys, tmp_path)
    assert create(keys, [source], out, label="staff") == 0
    return deliver_archive(config, only_archive(out), agent)


def with_export(context: Context, folder: Path) -> Context:
    ui = dataclasses.replace(context.config.ui, export_dir=folder)
    return dataclasses.replace(context, config=dataclasses.replace(context.config, ui=ui))


async def open_backups(app: SoumnetApp, pilot: Pilot[None], key: str = "b") -> BackupsScreen:
    await pilot.press(key)
    while not isinstance(app.screen, BackupsScreen) or not app.screen.loads:
        await pilot.pause(0.05)
    await pilot.pause()
    return app.screen


async def open_report(app: SoumnetApp, pilot: Pilot[None], key: str) -> ReportView:
    await pilot.press(key)
    await pilot.pause()
    view = app.screen
    assert isinstance(view, ReportView), key
    while view.checked is None:
        await pilot.pause(0.05)
    await pilot.pause()
    return view


def rows(view: ReportView) -> list[tuple[str, str]]:
    table = view.query_one(ReportFields)
    return [
        (str(table.get_row_at(i)[0]), str(table.get_row_at(i)[1])) for i in range(table.row_count)
    ]


def fields(view: ReportView) -> dict[str, str]:
    """Label -> value, a value wrapped over lines joined again (without the spaces)."""
    found: dict[str, str] = {}
    label = ""
    for shown, value in rows(view):
        label = shown or label
        found[label] = found.get(label, "") + value.replace(" ", "")
    return found


def shown_text(view: ReportView) -> str:
    """Every value, the words joined (the table wraps long values at 80 columns)."""
    return "".join(value.replace(" ", "") for _label, value in rows(view))


def words(text: str) -> str:
    return text.replace(" ", "")


@sync
async def test_archives_listed_per_source_and_year(
    make_context: MakeContext, tmp_path: Path
) -> None:
    context = make_context(devices=1)
    hub_copy = deliver(context.config, tmp_path)
    [row] = list_archives(context.config)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_backups(app, pilot)
        [(key, cells)] = screen.query_one(ArchiveTable).rows_shown
        assert key == str(report_path(hub_copy))
        assert cells[:3] == ("kadr-pc", row.year, "OK")
        assert cells[3].endswith(" B") or cells[3].endswith(" KB")
        assert cells[4] == sha256_file(hub_copy)[:12]
        assert cells[7] == "forever"
        status = str(screen.query_one("#backups-status", Static).render())
        assert status == "1 archive reports from 1 sources, 0 failed"
        for key in ("м", "ctrl+b"):  # b on the Mongolian layout, and Ctrl-b
            await pilot.press("o")
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, BackupsScreen), key


@sync
async def test_report_content_with_signature_and_archive_checked(
    make_context: MakeContext, tmp_path: Path
) -> None:
    context = make_context(lang="mn", devices=1)
    hub_copy = deliver(context.config, tmp_path)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_backups(app, pilot)
        view = await open_report(app, pilot, "enter")
        verdict = str(view.query_one("#report-verdict", Static).render())
        assert verdict.startswith("Гарын үсэг хүчинтэй (SHA256:")
        assert "архивын SHA-256 ба жагсаалт таарч байна" in verdict
        shown = fields(view)
        assert shown["Үр дүн"] == "амжилттай"
        assert shown["Архивын SHA-256"] == sha256_file(hub_copy)
        assert shown["Архивын файл"] == hub_copy.name
        assert shown["Файл"] == "1"
        assert shown["Хадгалах хугацаа"] == "үүрд"
        signer = verdict.split("(", 1)[1].split(")", 1)[0]
        text = shown_text(view)
        assert (
            words(
                f"Гарын үсгийг итгэмжит түлхүүр {signer} (төв kadr-pc-г зөвшөөрөхдөө бүртгэсэн"
                " түлхүүр)-тэй тулгаж шалгасан"
            )
            in text
        )
        assert words("Гинжин хэлхээний эхний тайлан: өмнө нь тайлан байхгүй") in text
        assert "null" not in text and "[]" not in text and "None" not in text
        table = view.query_one(ReportFields)
        assert sum(c.width + 2 for c in table.columns.values()) <= 78, "no value runs off"
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, BackupsScreen)


@sync
async def test_a_report_re_signed_with_another_key_is_flagged(
    make_context: MakeContext, tmp_path: Path
) -> None:
    """Valid signature, but not by the key the hub recorded for the agent at approval."""
    context = make_context(devices=1)
    report = report_path(deliver(context.config, tmp_path))
    other = resign_with_another_key(report, manifest_too=True)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_backups(app, pilot)
        view = await open_report(app, pilot, "enter")
        verdict = str(view.query_one("#report-verdict", Static).render())
        marks = [label for label, _value in rows(view) if label == "!"]
        text = shown_text(view)
    assert verdict.startswith("CHECK FAILED: "), verdict
    assert f"signed by {other}, which is not a trusted key of this office" in verdict
    assert words(verdict) in text, "the document says it failed, as the verdict does"
    assert marks == ["!"] and words("Signatures verified") not in text


@sync
async def test_a_changed_report_fails_its_check(make_context: MakeContext, tmp_path: Path) -> None:
    context = make_context(devices=1)
    hub_copy = deliver(context.config, tmp_path)
    report = report_path(hub_copy)
    report.chmod(0o644)
    report.write_text(
        report.read_text(encoding="utf-8").replace('"OK"', '"WARNING"'), encoding="utf-8"
    )
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_backups(app, pilot)
        view = await open_report(app, pilot, "f6")
        verdict = str(view.query_one("#report-verdict", Static).render())
        assert verdict.startswith("CHECK FAILED: ")
        assert view.checked is not None and not view.checked.ok
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BackupsScreen)


async def open_export(app: SoumnetApp, pilot: Pilot[None], key: str = "e") -> ExportForm:
    await pilot.press(key)
    await pilot.pause()
    form = app.screen
    assert isinstance(form, ExportForm), key
    return form


def folder_field(form: ExportForm) -> Input:
    return form.query_one("#export-folder", Input)


async def write_into(app: SoumnetApp, pilot: Pilot[None], form: ExportForm, folder: str) -> None:
    """The folder typed over the one shown (keys only: select all is not needed, Ctrl+U
    clears the line), then Enter."""
    field = folder_field(form)
    assert app.screen.focused is field
    await pilot.press("ctrl+u", *folder, "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


@sync
async def test_export_asks_where_and_says_where_it_went(
    make_context: MakeContext, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    elsewhere = tmp_path / "flash"
    elsewhere.mkdir()
    context = with_export(make_context(devices=1), folder)
    deliver(context.config, tmp_path)
    [row] = list_archives(context.config)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_backups(app, pilot)
        form = await open_export(app, pilot)
        assert folder_field(form).value == str(folder)  # the default, shown before anything
        assert list(folder.iterdir()) == []  # nothing is written before the answer
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.exported is None
        form = await open_export(app, pilot, "f7")
        await write_into(app, pilot, form, str(elsewhere))
        assert app.screen is screen
        assert screen.exported is not None and screen.exported.parent == elsewhere
        assert screen.exported.name.startswith(f"soumnet-report-{row.year}-en.")
        body = screen.exported.read_bytes()
        assert body.startswith(b"%PDF") or b"<html" in body[:200].lower()
        said = f"Report written to {screen.exported}"
        assert any(said == n.message for n in app._notifications)
        assert str(screen.query_one("#backups-exported", Static).render()) == said
        assert list(folder.iterdir()) == []


@sync
async def test_export_default_is_the_home_folder(
    make_context: MakeContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    app = SoumnetApp(make_context(devices=1), ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_backups(app, pilot)
        form = await open_export(app, pilot)
        assert folder_field(form).value == str(home)
        await pilot.press("f6")  # F6 writes too
        await app.workers.wait_for_complete()
        await pilot.pause()
    [written] = home.iterdir()
    assert written.name.startswith("soumnet-report-")


def unwritable(tmp_path: Path) -> Path:
    """A folder this user cannot write into: for root, sysfs (no file can be made there)."""
    if os.geteuid() == 0:
        return Path("/sys")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


@sync
async def test_export_into_a_folder_that_is_missing_or_not_writable_is_one_line(
    make_context: MakeContext, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    read_only = unwritable(tmp_path)
    context = make_context(lang="mn", devices=1)
    deliver(context.config, tmp_path)
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_backups(app, pilot)
        form = await open_export(app, pilot)
        for typed, line in (
            (tmp_path / "no-such", f"{tmp_path / 'no-such'} хавтас байхгүй байна"),
            (blocker, f"{blocker} нь хавтас биш"),
            (read_only, f"{read_only} хавтсанд бичиж чадахгүй: "),
        ):
            app._notifications.clear()
            await write_into(app, pilot, form, str(typed))
            assert app.screen is form, typed  # still asking: the person corrects the folder
            message = str(form.query_one("#export-message", Static).render())
            assert message.startswith(line), (typed, message)
            assert not list(app._notifications), typed
        assert not (tmp_path / "no-such").exists()  # not made behind the person's back
        await pilot.press("escape")
        await pilot.pause()
        assert screen.exported is None
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("soumnet-report")] == []


@sync
async def test_auditor_sees_backups_views_reports_and_exports(
    make_context: MakeContext, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    context = with_export(make_context(role="auditor", devices=1), folder)
    hub_copy = deliver(context.config, tmp_path)
    stored = {p.name: p.read_bytes() for p in hub_copy.parent.iterdir()}
    app = SoumnetApp(context, ansi=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AuditScreen)  # the auditor still starts on the trail
        screen = await open_backups(app, pilot, "ctrl+b")
        view = await open_report(app, pilot, "v")
        assert view.checked is not None and view.checked.ok
        await pilot.press("escape")
        await pilot.pause()
        await open_export(app, pilot)
        await pilot.press("enter")  # into the folder shown
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.exported is not None and screen.exported.exists()
    assert {p.name: p.read_bytes() for p in hub_copy.parent.iterdir()} == stored
    assert {k.id for k in BACKUP_KEYS} == {"backups.view", "backups.export"}
