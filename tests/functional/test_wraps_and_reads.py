"""Small promises a reader relies on: `]` says when it wraps to the first claim, and two
articles read side by side count as read."""

from __future__ import annotations

from tui.screens.compare import CompareScreen
from tui.widgets.article_view import ArticleView

from .conftest import open_reader, wait_for

SIZE = (120, 40)


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_next_claim_wraps_and_says_so(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, app, 0)
        view = reader.query_one(ArticleView)
        await pilot.press("j", "v")  # one claim on sentence 1
        await wait_for(pilot, lambda: view.claim_status)
        await pilot.press("G", "right_square_bracket")
        assert view.cursor == 1 and "Wrapped to the first claim" in notes(app)
        await pilot.press("g", "left_square_bracket")
        assert view.cursor == 1 and "Wrapped to the last claim" in notes(app)


async def test_comparing_two_articles_marks_both_read(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.read_uris
        await pilot.press("space", "j", "space", "c")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen))
        a, b = app.screen.a, app.screen.b
        assert {a.uri, b.uri} <= app.read_uris
        await wait_for(pilot, lambda: {a.uri, b.uri} <= set(app.store.read_uris()))


async def test_J_and_K_walk_the_articles_in_library_order(make_app):
    from tui.screens.library import LibraryScreen
    from tui.screens.reader import ReaderScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        order = [a.uri for a in app.screen.shown]
        reader = await open_reader(pilot, app, 0)
        await pilot.press("J")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen)
                       and app.screen.article.uri == order[1])
        await pilot.press("J", "K")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen)
                       and app.screen.article.uri == order[1])
        await pilot.press("K", "K")  # nothing before the first: said, and it stays
        await wait_for(pilot, lambda: "No previous article in the library" in notes(app))
        assert app.screen.article.uri == order[0]
        assert len(app.screen_stack) == 3  # the default screen, the library, one reader
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        assert reader is not app.screen
