"""The reader's layout: the side panel gives way on narrow terminals and toggles with p;
the article keeps a readable measure on wide ones."""

from __future__ import annotations

from tui.screens.reader_panel import ARTICLE_MIN_COLUMNS
from tui.widgets.article_view import ArticleView

from .conftest import open_reader


def widths(screen) -> tuple[int, bool]:
    return screen.query_one(ArticleView).size.width, screen.query_one("#reader-side").display


async def test_at_80_columns_the_article_has_the_width_and_p_brings_the_panel(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reader(pilot, app, 0)
        article, side = widths(screen)
        assert not side and article >= 78
        assert "p: side panel" in str(screen.query_one("#reader-status").render())
        await pilot.press("p")
        await pilot.pause()
        article, side = widths(screen)
        assert side and article < ARTICLE_MIN_COLUMNS
        await pilot.press("escape", "j", "enter")  # the next reader follows the choice
        await pilot.pause()
        screen = app.screen
        await pilot.pause()
        assert widths(screen)[1]


async def test_resizing_hides_and_shows_the_panel_until_the_user_chooses(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reader(pilot, app, 0)
        assert widths(screen)[1]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not widths(screen)[1]
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert widths(screen)[1]
        await pilot.press("p")  # hidden by choice: a wide terminal keeps it hidden
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert not widths(screen)[1]


async def test_on_a_wide_terminal_lines_keep_the_configured_measure(make_app):
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await open_reader(pilot, app, 0)
        article, side = widths(screen)
        assert side and app.settings.max_width - 4 <= article <= app.settings.max_width
        view = screen.query_one(ArticleView)
        drawn = ["".join(seg.text for seg in view.render_line(y)).rstrip()
                 for y in range(view.size.height)]
        assert max(len(line) for line in drawn) <= app.settings.max_width
        assert max(len(line) for line in drawn) > app.settings.max_width - 20  # text fills it
