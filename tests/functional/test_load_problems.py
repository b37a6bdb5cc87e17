"""Load problems in the app: one notice at start, the whole list one key away.

A folder of hundreds of bad files must not raise a toast per file (each toast is a
widget: thousands take many seconds to mount and bury the library), and the problems
must stay listed for the session. File names are untrusted text.
"""

from __future__ import annotations

import re
import shutil

import pytest
from textual.widgets import DataTable, Static

from tui.app import NewsdeskApp
from tui.core.articles import LoadProblem, load_paths
from tui.core.config import Settings
from tui.core.pool import AnalysisPool
from tui.core.store import Store
from tui.screens import problems as problems_module
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.screens.problems import NOTE_LABEL, ProblemsScreen

from .conftest import SEEDS_DIR, wait_for
from .test_app import screen_text

SIZE = (120, 36)
EMPTY_FILES = 300
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
GOOD_SEED = "001_b68cc49679f9b57c.txt"  # analysed in the warm cache: no spaCy run


@pytest.fixture
def app_for(tmp_path, warm_cache):
    """An app on the articles and problems of `paths`, as `newsdesk PATH...` starts it."""
    def factory(*paths, problems=None, keymap=None) -> NewsdeskApp:
        loaded = load_paths(paths)
        db = tmp_path / "newsdesk.json"
        return NewsdeskApp(loaded.articles, settings=Settings(db=db, keymap=keymap or {}),
                           problems=loaded.problems if problems is None else problems,
                           store=Store(db), pool=AnalysisPool(cache=warm_cache, workers=1))
    return factory


@pytest.fixture
def bad_folder(tmp_path):
    """300 empty files, a binary file and one good article."""
    folder = tmp_path / "library"
    folder.mkdir()
    for index in range(EMPTY_FILES):
        (folder / f"empty-{index:03}.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    shutil.copy(SEEDS_DIR / GOOD_SEED, folder / GOOD_SEED)
    return folder


def messages(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def status_line(app) -> str:
    return str(app.screen.query_one("#status-text", Static).render())


def cells(table: DataTable, column: int) -> list[str]:
    return [table.get_row_at(row)[column].plain for row in range(table.row_count)]


async def test_many_bad_files_are_one_notice_and_a_list(app_for, bad_folder):
    app = app_for(bad_folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert messages(app) == [f"{EMPTY_FILES + 1} files could not be read — press L to list them"]
        library = app.screen
        assert isinstance(library, LibraryScreen)
        table = library.query_one(DataTable)
        assert table.row_count == 1
        assert "North Korean" in table.get_row_at(0)[1].plain
        assert f"{EMPTY_FILES + 1} file(s) not loaded — L lists them" in status_line(app)

        await pilot.press("L")
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        problems = screen.query_one(DataTable)
        assert problems.row_count == EMPTY_FILES + 1
        reasons = cells(problems, 2)
        assert reasons.count("empty file") == EMPTY_FILES
        assert any(reason.startswith("binary file") for reason in reasons)
        assert f"{EMPTY_FILES + 1} files could not be read" in str(
            screen.query_one("#problems-title", Static).render())

        await pilot.press("slash", *"binary")
        await wait_for(pilot, lambda: problems.row_count == 1)
        assert cells(problems, 1)[0].endswith("image.txt")
        await pilot.press("enter")  # back to the list, the filter kept
        assert problems.has_focus and problems.row_count == 1
        await pilot.press("escape")  # clears the filter
        await wait_for(pilot, lambda: problems.row_count == EMPTY_FILES + 1)
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        assert len(messages(app)) == 1, "going back raises no new notices"


async def test_notes_are_counted_apart_and_marked(app_for, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a-empty.txt").write_bytes(b"")
    (folder / "b-empty.txt").write_bytes(b"   \n")
    (folder / "c-cafe.txt").write_bytes(b"Caf\xe9 owners protest\n\nThe caf\xe9 closed.\n")
    shutil.copy(SEEDS_DIR / GOOD_SEED, folder / GOOD_SEED)
    app = app_for(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert messages(app) == [
            "2 files could not be read and 1 loaded with a note — press L to list them"]
        assert app.screen.query_one(DataTable).row_count == 2  # the cp1252 file loaded
        assert "2 file(s) not loaded, 1 loaded with a note — L lists them" in status_line(app)
        await pilot.press("L")
        table = app.screen.query_one(DataTable)
        kinds = cells(table, 0)
        assert kinds[-1] == NOTE_LABEL, "files that loaded come after those that did not"
        assert NOTE_LABEL not in kinds[:-1]
        assert "decoded as cp1252" in cells(table, 2)[-1]


async def test_one_problem_is_shown_itself_never_as_markup(app_for, tmp_path):
    bad = tmp_path / "[@click=app.quit]x[b]bold.txt"
    bad.write_bytes(b"")
    app = app_for(SEEDS_DIR / GOOD_SEED, bad)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        (notification,) = app._notifications
        assert notification.message == f"{bad}: empty file"
        assert notification.markup is False, "a file name is never read as markup"
        await pilot.press("L")
        table = app.screen.query_one(DataTable)
        assert cells(table, 1)[0].endswith("/[@click=app.quit]x[b]bold.txt")
        detail = str(app.screen.query_one("#problems-detail", Static).render())
        assert str(bad) in detail, "the highlighted problem is shown in full"
        assert "[@click=app.quit]x[b]bold.txt" in screen_text(app)


async def test_hostile_file_name_is_shown_without_control_characters(app_for, tmp_path):
    evil = tmp_path / "evil\x1b]0;x\x07.txt"
    evil.write_bytes(b"")
    # Also a problem built without the loader's sanitizing: the screen cleans it too.
    raw = LoadProblem(f"{tmp_path}/raw\x1b[2J\x9b31m\u202ename.txt", "odd\x07 reason\x1b]0;t\x07")
    loaded = load_paths([evil])
    app = app_for(SEEDS_DIR / GOOD_SEED, problems=[*loaded.problems, raw])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("L")
        table = app.screen.query_one(DataTable)
        names, reasons = cells(table, 1), cells(table, 2)
        assert [name.rsplit("/", 1)[-1] for name in names] == ["evil.txt", "rawname.txt"]
        assert reasons == ["empty file", "odd reason"]
        detail = str(app.screen.query_one("#problems-detail", Static).render())
        assert f"{tmp_path}/evil.txt" in detail
        drawn = screen_text(app)
        for text in (*names, *reasons, detail, drawn):
            assert not CONTROL.search(text), repr(text)
            assert "\u202e" not in text
        assert "/evil.txt" in drawn
        await pilot.press("j")
        detail = str(app.screen.query_one("#problems-detail", Static).render())
        assert f"{tmp_path}/rawname.txt" in detail and not CONTROL.search(detail)


async def test_problems_key_only_offered_when_there_are_problems(app_for, bad_folder):
    clean = app_for(SEEDS_DIR / GOOD_SEED)
    async with clean.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(clean._notifications) == 0
        assert "L" not in clean.screen.active_bindings, "no footer entry without problems"
        assert "not loaded" not in status_line(clean)
        await pilot.press("L")
        assert isinstance(clean.screen, LibraryScreen)
        await pilot.press("question_mark")
        assert isinstance(clean.screen, HelpScreen)
        assert "Load problems" in screen_text(clean), "help lists the key all the same"
    app = app_for(bad_folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.active_bindings["L"].enabled
        assert "Load problems" in screen_text(app), "the footer offers it"


async def test_remapped_key_is_the_one_named(app_for, bad_folder):
    app = app_for(bad_folder, keymap={"library.problems": "p"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert messages(app)[0].endswith("press p to list them")
        assert "— p lists them" in status_line(app)
        await pilot.press("p")
        assert isinstance(app.screen, ProblemsScreen)


async def test_typing_a_filter_rebuilds_the_list_once(app_for, bad_folder, monkeypatch):
    """Each rebuild redraws every row: a word typed into the filter of thousands of
    problems must not cost one rebuild per key."""
    monkeypatch.setattr(problems_module, "FILTER_DELAY", 1.0)  # keys come faster than this
    app = app_for(bad_folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("L")
        screen = app.screen
        rebuilds = []
        rebuild = screen._rebuild
        monkeypatch.setattr(screen, "_rebuild", lambda widths: (rebuilds.append(widths),
                                                                 rebuild(widths)))
        await pilot.press("slash", *"empty-0")
        table = screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 100)  # empty-000 … empty-099
        assert len(rebuilds) == 1


async def test_a_huge_list_shows_the_first_rows_and_says_so(app_for, bad_folder, monkeypatch):
    monkeypatch.setattr(problems_module, "MAX_SHOWN_ROWS", 50)
    app = app_for(bad_folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("L")
        table = app.screen.query_one(DataTable)
        assert table.row_count == 50
        title = str(app.screen.query_one("#problems-title", Static).render())
        assert "showing the first 50" in title
        await pilot.press("slash", *"binary", "enter")  # the filter searches them all
        assert table.row_count == 1


def test_path_cells_keep_the_file_name_and_never_read_markup():
    from tui.screens.problems import _path_cell

    assert _path_cell("[b]x[/b] [@click=app.quit]q", 40).plain == "[b]x[/b] [@click=app.quit]q"
    cut = _path_cell("/a/very/long/folder/[red]report[/red].txt", 20)
    assert cut.plain == "…ed]report[/red].txt" and cut.cell_len == 20
    assert _path_cell("/wide/標題標題標題.txt", 12).cell_len <= 12
