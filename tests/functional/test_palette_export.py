"""Exports from the command palette: each format its own file, nothing replaced unasked.

The app is driven headless: ctrl+p, "export claims …", enter, then the export
dialog (its Input holds the file name) and, when something is already at that
name, the y / n question. Files, links and FIFOs are made in tmp_path only.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import stat

import pytest
from textual.widgets import Input, Static

from tui.core import atomic as atomic_module
from tui.screens.export_dialog import ExportPathDialog, ReplaceDialog
from tui.screens.library import LibraryScreen

from .conftest import wait_for

SIZE = (120, 36)
TODAY = dt.date.today().isoformat()
NAMES = {"markdown": f"newsdesk-claims-{TODAY}.md", "json": f"newsdesk-claims-{TODAY}.json",
         "w3c": f"newsdesk-claims-{TODAY}.w3c.jsonld",
         "claimreview": f"newsdesk-claims-{TODAY}.claimreview.json"}
WORDS = {"markdown": "export claims markdown", "json": "export claims: json",
         "w3c": "export claims w3c", "claimreview": "export claims claimreview"}


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """The current folder: empty, apart from the test's database (in tmp_path)."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


async def open_export(pilot, app, fmt: str) -> ExportPathDialog:
    """Choose the format's export in the command palette; return the file name dialog."""
    await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
    await pilot.press("ctrl+p")
    await pilot.press(*WORDS[fmt])
    await pilot.pause(0.5)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportPathDialog))
    return app.screen


def path_input(dialog) -> Input:
    return dialog.query_one("#export-path", Input)


async def export(pilot, app, fmt: str, path=None) -> None:
    """Export `fmt` to `path` (default: the prefilled name), up to any question asked."""
    dialog = await open_export(pilot, app, fmt)
    if path is not None:
        path_input(dialog).value = str(path)
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.screen is not dialog)
    await pilot.pause()


async def back_to_the_name(pilot, app, path) -> None:
    """After a refusal or a "no": the name dialog is back with what was typed; escape leaves."""
    await wait_for(pilot, lambda: isinstance(app.screen, ExportPathDialog))
    assert path_input(app.screen).value == str(path)
    await pilot.press("escape")
    await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))


def recorded(app) -> list[str]:
    """Every notification the app gives from now on (toasts expire; this list does not)."""
    said: list[str] = []
    notify = app.notify

    def record(message, **kwargs):
        said.append(str(message))
        notify(message, **kwargs)

    app.notify = record
    return said


def question(app) -> str:
    assert isinstance(app.screen, ReplaceDialog)
    return str(app.screen.query_one("#replace-question", Static).render())


@pytest.mark.slow
async def test_each_format_has_its_own_name_and_none_overwrites_another(make_app, in_tmp):
    app = make_app()
    said = recorded(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        for fmt, name in NAMES.items():
            dialog = await open_export(pilot, app, fmt)
            assert path_input(dialog).value == str(in_tmp / name)
            await pilot.press("enter")
            await wait_for(pilot, lambda: (in_tmp / name).exists())  # noqa: B023 (awaited here)
            await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert all(f"Exported 0 annotation(s) to {in_tmp / name}" in said
                   for name in NAMES.values())
    assert sorted(p.name for p in in_tmp.iterdir()) == sorted(NAMES.values())
    assert (in_tmp / NAMES["markdown"]).read_text("utf-8").startswith("# Fact-check report")
    assert "claims" in json.loads((in_tmp / NAMES["json"]).read_text("utf-8"))
    assert json.loads((in_tmp / NAMES["w3c"]).read_text("utf-8"))["type"] == "AnnotationCollection"
    assert json.loads((in_tmp / NAMES["claimreview"]).read_text("utf-8")) == []


@pytest.mark.slow
async def test_the_name_can_be_edited_and_escape_cancels(make_app, in_tmp):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_export(pilot, app, "json")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is not dialog)
        assert list(in_tmp.iterdir()) == []
        dialog = await open_export(pilot, app, "json")
        for _ in NAMES["json"]:
            await pilot.press("backspace")
        await pilot.press(*"mine.json", "enter")
        await wait_for(pilot, lambda: (in_tmp / "mine.json").exists())
    assert [p.name for p in in_tmp.iterdir()] == ["mine.json"]


@pytest.mark.slow
async def test_an_existing_file_is_replaced_only_after_yes(make_app, in_tmp):
    target = in_tmp / NAMES["markdown"]
    target.write_bytes(b"my own notes\n")
    os.chmod(target, 0o640)
    app = make_app()
    said = recorded(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await export(pilot, app, "markdown")
        assert question(app) == f"{target} exists — replace it? y / n"
        await pilot.press("n")
        await back_to_the_name(pilot, app, target)
        assert target.read_bytes() == b"my own notes\n"
        assert f"{target} left as it was; choose another name" in said

        await export(pilot, app, "markdown")
        await pilot.press("y")
        await wait_for(pilot, lambda: target.read_bytes() != b"my own notes\n")
    assert target.read_text("utf-8").startswith("# Fact-check report")
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)
    assert [p.name for p in in_tmp.iterdir()] == [target.name]  # no temp file left


@pytest.mark.parametrize("answer", ["n", "y"])
async def test_a_planted_symlink_is_never_followed(make_app, in_tmp, answer):
    victim = in_tmp / "elsewhere" / "precious.txt"
    victim.parent.mkdir()
    victim.write_bytes(b"do not touch\n")
    planted = in_tmp / NAMES["json"]
    planted.symlink_to(victim)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await export(pilot, app, "json")
        assert question(app).startswith(f"{planted} exists — a symlink to {victim}")
        await pilot.press(answer)
        if answer == "n":
            await back_to_the_name(pilot, app, planted)
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.pause()
    assert victim.read_bytes() == b"do not touch\n"
    if answer == "n":
        assert os.readlink(planted) == str(victim)
    else:  # the link itself was replaced by the export
        assert stat.S_ISREG(os.lstat(planted).st_mode)
        assert "claims" in json.loads(planted.read_text("utf-8"))


async def test_a_dangling_symlink_is_asked_about_and_its_target_never_made(make_app, in_tmp):
    planted = in_tmp / NAMES["w3c"]
    planted.symlink_to(in_tmp / "made-by-someone-else.txt")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await export(pilot, app, "w3c")
        assert "a symlink to" in question(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: not planted.is_symlink())
    assert not (in_tmp / "made-by-someone-else.txt").exists()
    assert json.loads(planted.read_text("utf-8"))["type"] == "AnnotationCollection"


@pytest.mark.slow
async def test_a_fifo_or_folder_is_refused_with_a_message(make_app, in_tmp):
    fifo = in_tmp / "pipe"
    os.mkfifo(fifo)
    (in_tmp / "folder").mkdir()
    app = make_app()
    said = recorded(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await export(pilot, app, "json", fifo)
        await back_to_the_name(pilot, app, fifo)
        await export(pilot, app, "json", in_tmp / "folder")
        await back_to_the_name(pilot, app, in_tmp / "folder")
    assert f"{fifo}: is a FIFO, not a regular file; choose another file name" in said
    assert any(n.startswith(f"{in_tmp / 'folder'}: is a directory") for n in said)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert list((in_tmp / "folder").iterdir()) == []


@pytest.mark.slow
async def test_write_failures_are_one_notification_and_the_app_goes_on(make_app, in_tmp,
                                                                       monkeypatch):
    missing = in_tmp / "no" / "such" / "folder" / "report.md"
    app = make_app()
    said = recorded(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await export(pilot, app, "markdown", missing)
        assert f"Not exported to {missing}: cannot write (No such file or directory)" in said
        await back_to_the_name(pilot, app, missing)

        def disk_full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        with monkeypatch.context() as patch:
            patch.setattr(atomic_module.os, "link", disk_full)
            await export(pilot, app, "json")
        name = in_tmp / NAMES["json"]
        assert f"Not exported to {name}: cannot write (No space left on device)" in said
        await back_to_the_name(pilot, app, name)
        assert list(in_tmp.iterdir()) == []  # no temp file left behind

        await export(pilot, app, "json")  # still running, and the next export works
        await wait_for(pilot, lambda: name.exists())
        assert isinstance(app.screen, LibraryScreen)
    assert app.return_code in (None, 0)


async def test_a_file_that_appears_after_the_check_is_asked_about_not_overwritten(
        make_app, in_tmp, monkeypatch):
    from tui.screens import export_dialog

    target = in_tmp / NAMES["markdown"]
    real_check = export_dialog.existing_entry
    calls = []

    def late(path, advice):  # the first look finds nothing; then someone writes the file
        calls.append(path)
        if len(calls) == 1:
            target.write_bytes(b"written meanwhile\n")
            return None
        return real_check(path, advice)

    monkeypatch.setattr(export_dialog, "existing_entry", late)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await export(pilot, app, "markdown")
        await wait_for(pilot, lambda: isinstance(app.screen, ReplaceDialog))
        assert question(app) == f"{target} exists — replace it? y / n"
        await pilot.press("n")
        await pilot.pause()
    assert target.read_bytes() == b"written meanwhile\n"


async def test_hostile_file_names_are_shown_literally_and_clean(make_app, in_tmp):
    hostile = in_tmp / "[bold]report \x1b[31mred\x1b[0m.md"
    hostile.write_bytes(b"mine\n")
    app = make_app()
    said = recorded(app)
    async with app.run_test(size=SIZE) as pilot:
        await export(pilot, app, "markdown", hostile)
        shown = question(app)
        assert "[bold]report" in shown and "\x1b" not in shown
        await pilot.press("n")
        await pilot.pause()
    assert hostile.read_bytes() == b"mine\n"
    assert said and all("\x1b" not in line and "[bold]report" in line for line in said)


async def test_the_palette_finds_a_screen_key_by_name_and_runs_it(make_app):
    from textual.command import CommandPalette

    from tui.widgets.windowed_table import WindowedTable

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Unread only" in titles and "Mark every article shown read" in titles
        assert titles.count("Sort: as loaded → newest first → by source → by title") == 1
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Last", "enter")
        await wait_for(pilot, lambda: app.screen.query(WindowedTable)
                       and app.screen.query_one(WindowedTable).cursor_row == 4)
