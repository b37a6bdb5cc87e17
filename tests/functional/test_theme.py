"""Themes: the whole screen follows a change at once, the config's `theme` applies, and a
theme chosen in the app is kept for the next start until the config says otherwise."""

from __future__ import annotations

import json

from tui.core.paths import ui_state_path
from tui.widgets.article_view import ArticleView
from tui.widgets.side_by_side import SideBySide

from .conftest import open_reader, wait_for

SIZE = (120, 40)


def backgrounds(widget) -> set:
    return {segment.style.bgcolor for segment in widget.render_line(0)
            if segment.style and segment.text.strip() == ""}


async def test_a_theme_change_redraws_the_article_at_once(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, app, 0)
        view = reader.query_one(ArticleView)
        dark = backgrounds(view)
        app.theme = "textual-light"
        await pilot.pause()
        light = backgrounds(view)
        assert light and light != dark
        assert view.rich_style.bgcolor in light  # the new theme's surface, not the old one


async def test_compare_follows_a_theme_change(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "j", "space", "c")
        await wait_for(pilot, lambda: app.screen.query(SideBySide)
                       and app.screen.query_one(SideBySide).rows)
        view = app.screen.query_one(SideBySide)
        dark_a = view.side_style("a").color
        before = [segment.style for segment in view.render_line(0)]
        app.theme = "textual-light"
        await pilot.pause()
        assert view.side_style("a").color != dark_a
        assert [segment.style for segment in view.render_line(0)] != before


async def test_config_theme_applies_and_a_palette_choice_is_remembered(make_app):
    app = make_app()
    app.settings.theme = "textual-light"
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "textual-light"
        app.theme = "nord"  # as the palette's "Change theme" sets it
        await pilot.pause()
    assert json.loads(ui_state_path().read_text())["theme"] == "nord"

    again = make_app()
    again.settings.theme = "textual-light"
    async with again.run_test(size=SIZE):
        assert again.theme == "nord"

    edited = make_app()  # the config changed since: the newer decision wins
    edited.settings.theme = "gruvbox"
    async with edited.run_test(size=SIZE):
        assert edited.theme == "gruvbox"


async def test_a_theme_that_does_not_exist_is_named_and_the_default_used(make_app):
    app = make_app()
    app.settings.theme = "no-such-theme"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        messages = [n.message for n in app._notifications]
        assert any("'no-such-theme' is not a theme" in m for m in messages)


async def test_status_colours_read_on_a_light_theme(make_app, seed_articles):
    from rich.style import Style
    from textual.color import Color

    from tui.core.anchoring import make_selector
    from tui.screens.claims import ClaimsScreen
    from tui.status_colours import MIN_CONTRAST, contrast

    app = make_app()
    article = seed_articles[0]
    for status, offset in (("verified", 0), ("unverified", 60), ("disputed", 120)):
        app.store.tag_claim(article.uri, make_selector(article.text, offset, offset + 40),
                            status=status, text_hash=article.text_hash)
    async with app.run_test(size=(140, 36)) as pilot:
        await pilot.press("C")
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimsScreen))
        table = app.screen.query_one("#claims")

        def worst() -> float:
            background = Color.parse(app.get_css_variables()["surface"])
            found = []
            for row in range(table.row_count):
                cell = table.get_cell_at((row, 0))
                style = Style.parse(cell.style) if isinstance(cell.style, str) else cell.style
                found.append(contrast(Color.from_rich_color(style.color), background))
            assert len(found) == 3
            return min(found)

        assert worst() >= MIN_CONTRAST
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        assert worst() >= MIN_CONTRAST  # redrawn for the light theme, not the dark one's green
