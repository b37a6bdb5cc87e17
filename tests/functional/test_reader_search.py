"""Search inside the article: `/` lights matches as you type, enter keeps the search,
n/N step through matches (saying when they wrap) only while a search is on, escape ends it."""

from __future__ import annotations

from textual.widgets import Input, Static

from tui.core.text_search import find_all
from tui.screens.dialogs import NoteDialog
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView

from .conftest import open_reader, wait_for
from .test_key_bursts import burst

SIZE = (120, 40)


def search_line(screen) -> str:
    return str(screen.query_one("#reader-search-status", Static).render())


async def test_search_steps_through_matches_and_wraps_saying_so(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, app, 0)
        view = reader.query_one(ArticleView)
        expected = find_all(view.text, "korea")
        assert len(expected) > 2
        burst(app, "/Korea")  # typed fast: every key lands in the box
        await pilot.pause(0.3)
        assert reader.query_one("#reader-search", Input).value == "Korea"
        assert view.matches == expected and view.current_match == 0
        await pilot.press("enter")
        assert view.has_focus
        seen = [view.current_match]
        for _ in range(len(expected) - 1):
            await pilot.press("n")
            seen.append(view.current_match)
            start = view.matches[view.current_match][0]
            sentence = view.analysis.sentences[view.cursor]
            assert sentence.start <= start < sentence.end  # the cursor is on the match
        assert seen == list(range(len(expected)))
        assert "wrapped" not in search_line(reader)
        await pilot.press("n")
        assert view.current_match == 0 and "wrapped to the top" in search_line(reader)
        await pilot.press("N")
        assert view.current_match == len(expected) - 1
        assert "wrapped to the bottom" in search_line(reader)
        assert f"match {len(expected)}/{len(expected)}" in search_line(reader)


async def test_escape_ends_the_search_and_n_is_note_again(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, app, 0)
        view = reader.query_one(ArticleView)
        await pilot.press("slash", "K", "u", "r", "s", "k", "enter")
        assert view.matches
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen) and not view.matches
        assert not reader.query_one("#reader-search-status").display
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteDialog))


async def test_a_query_with_no_match_says_so(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, app, 0)
        await pilot.press("slash", "z", "q", "x")
        await pilot.pause()
        assert "no match" in search_line(reader)
        assert not reader.query_one(ArticleView).matches
