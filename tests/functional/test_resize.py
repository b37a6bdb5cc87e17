"""Screens reflow on resize: at 80, 120 and 200 columns, and across a resize, every column
of the library fits (titles give way first), and compare keeps both header lines."""

from __future__ import annotations

import pytest

from tui.screens.compare import CompareScreen
from tui.widgets.side_by_side import SideBySide
from tui.widgets.windowed_table import WindowedTable

from .conftest import wait_for


def library_fits(app, width: int) -> None:
    table = app.screen.query_one(WindowedTable)
    widths = [column.get_render_width(table) for column in table.columns.values()]
    assert sum(widths) <= width, widths
    assert widths[-1] >= len(" ✓  ?  ~  ✗")  # the claim counts stay whole


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
async def test_library_fits_at_each_size(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        library_fits(app, size[0])


async def test_library_and_compare_reflow_across_resizes(make_app):
    app = make_app()
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        for width, height in ((80, 24), (200, 50), (120, 40)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            await pilot.pause()
            library_fits(app, width)
        await pilot.press("space", "j", "space", "c")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen)
                       and app.screen.query_one(SideBySide).rows)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        header = str(app.screen.query_one("#compare-header").render()).splitlines()
        assert len(header) == 2 and header[1].lstrip().startswith("B")
        assert all(len(line) <= 80 for line in header)
        view = app.screen.query_one(SideBySide)
        assert view._pane * 2 + 6 <= 80


async def test_claims_screen_keeps_its_columns_on_screen_and_details_below(make_app,
                                                                          seed_articles):
    from tui.core.anchoring import make_selector
    from tui.screens.claims import ClaimsScreen

    app = make_app()
    article = seed_articles[0]
    start = article.text.index("Zelensky")
    claim = app.store.tag_claim(article.uri, make_selector(article.text, start, start + 120),
                                status="verified", text_hash=article.text_hash,
                                note="Checked against the X post.\nSecond line.")
    app.store.update(claim.id, tags=["troops"])
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("C")
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimsScreen))
        table = app.screen.query_one("#claims")
        assert [str(c.label) for c in table.columns.values()] == [
            "Status", "Claim", "Article", "Tags", "Note", "Sources"]
        for width, height in ((80, 24), (120, 40), (200, 50)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            await pilot.pause()
            labels = [str(c.label) for c in table.columns.values()]
            assert labels[-1] == "Sources" and "Claim" in labels
            assert sum(c.get_render_width(table) for c in table.columns.values()) <= width
        detail = str(app.screen.query_one("#claims-detail").render())
        assert "Checked against the X post.\nSecond line." in detail
        assert "#troops" in detail and article.title[:30] in detail
        assert article.text[start:start + 120].split()[-1] in detail  # the whole claim


async def test_claims_search_matches_word_starts_as_the_library_does(make_app, seed_articles):
    from tui.core.anchoring import make_selector
    from tui.screens.claims import ClaimsScreen

    app = make_app()
    article = seed_articles[0]
    start = article.text.index("Zelensky")
    app.store.tag_claim(article.uri, make_selector(article.text, start, start + 60),
                        status="verified", text_hash=article.text_hash, note="Pelosi’s aide said so")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("C")
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimsScreen))
        table = app.screen.query_one("#claims")
        for query, rows in (("zelen", 1), ("lensky", 0), ("pelosi's", 1), ("aide said", 1)):
            await pilot.press("slash", *query)
            await pilot.pause()
            assert table.row_count == rows, query
            await pilot.press("escape")
