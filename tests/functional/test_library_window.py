"""The library list holds rows only near what is shown, and every key still works on all rows."""

from __future__ import annotations

import pytest

from tui.app import NewsdeskApp
from tui.core.config import Settings
from tui.core.library import Library, open_index
from tui.core.pool import AnalysisPool
from tui.core.store import Store
from tui.widgets.windowed_table import AHEAD_ROWS, FIRST_ROWS, WindowedTable

from .conftest import wait_for

ARTICLES = 3 * FIRST_ROWS


def big_library(tmp_path) -> Library:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(ARTICLES):
        place = "Kursk" if number % 2 else "Seoul"
        (folder / f"{number:04d}.txt").write_text(
            f"Story {number:04d} from {place}\n\nOfficials in {place} spoke on day {number}.\n",
            encoding="utf-8")
    Library.load([folder], index=open_index())  # cold: reads and indexes every file
    return Library.load([folder], index=open_index())  # warm: texts not read


def app_for(tmp_path, warm_cache, library) -> NewsdeskApp:
    db = tmp_path / "db.json"
    return NewsdeskApp(library, settings=Settings(db=db), store=Store(db),
                       pool=AnalysisPool(cache=warm_cache, workers=1))


def current_title(app) -> str:
    return app.screen.current_article().title


@pytest.mark.slow
async def test_only_rows_near_the_view_exist_and_keys_reach_every_row(tmp_path, warm_cache):
    library = big_library(tmp_path)
    app = app_for(tmp_path, warm_cache, library)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one(WindowedTable)
        assert table.total_rows == ARTICLES
        assert table.row_count == FIRST_ROWS  # not all of them
        assert f"{ARTICLES} articles" in str(app.screen.query_one("#library-title").render())
        for _ in range(FIRST_ROWS - AHEAD_ROWS + 5):
            await pilot.press("j")
        assert table.row_count > FIRST_ROWS  # more were made as the cursor came near
        assert current_title(app) == f"Story {FIRST_ROWS - AHEAD_ROWS + 5:04d} from Kursk"
        await pilot.press("ctrl+end")
        assert table.row_count == ARTICLES and current_title(app) == f"Story {ARTICLES - 1:04d} from Kursk"
        await pilot.press("k", "space")
        assert app.screen.marked == [library.articles[ARTICLES - 2].uri]
        # The list reads no text; only rows that were on screen are read (to be analysed).
        assert not library.articles[ARTICLES // 2].text_loaded
        await pilot.press("ctrl+home", "enter")
        assert app.screen.article.title == "Story 0000 from Seoul"


async def test_search_fills_the_window_from_the_matches(tmp_path, warm_cache):
    library = big_library(tmp_path)
    app = app_for(tmp_path, warm_cache, library)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one(WindowedTable)
        await pilot.press("slash", *"kursk")
        assert table.total_rows == ARTICLES // 2 and table.row_count == FIRST_ROWS
        assert f"{ARTICLES // 2} match" in str(app.screen.query_one("#library-title").render())
        await pilot.press("enter", "ctrl+end")
        assert current_title(app) == f"Story {ARTICLES - 1:04d} from Kursk"
        await pilot.press("escape")
        assert table.total_rows == ARTICLES


async def test_a_first_start_paints_then_fills_in_from_the_background(tmp_path, warm_cache,
                                                                      monkeypatch):
    from tui.core import library as library_module

    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(ARTICLES):
        (folder / f"{number:04d}.txt").write_text(f"Story {number:04d}\n\nText.\n", "utf-8")
    monkeypatch.setattr(library_module, "FOREGROUND_READS", 10)
    monkeypatch.setattr(library_module, "PENDING_BATCH", 50)
    library = Library.load([folder], index=open_index(), defer=True)
    assert library.articles == [] and len(library.pending) == ARTICLES
    app = app_for(tmp_path, warm_cache, library)
    seen = []
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one(WindowedTable)
        app.watch(app, "index_progress",
                  lambda state: seen.append(state and (state.done, state.total,
                                                       str(app.screen.query_one("#status-text").render()))))
        await wait_for(pilot, lambda: table.total_rows == ARTICLES and app.index_progress is None)
        assert [a.title for a in library.articles] == [f"Story {n:04d}" for n in range(ARTICLES)]
        await pilot.press("ctrl+end")
        assert app.screen.current_article().title == f"Story {ARTICLES - 1:04d}"
    progress = [s for s in seen if s]
    assert progress and progress[0][1] == ARTICLES
    assert any(f"indexing {done}/{ARTICLES}" in line for done, _total, line in progress)
