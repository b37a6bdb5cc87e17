"""The library as a power user drives it: sort, filters (unread, claims, source), mark all
read, first/last, and marks that show both states and say when one is dropped."""

from __future__ import annotations

import copy

from rich.text import Text
from textual.widgets import Static

from tui.core.anchoring import make_selector
from tui.core.store import Store
from tui.screens.library import LibraryScreen
from tui.screens.pick import PickSourceScreen
from tui.widgets.windowed_table import WindowedTable

from .conftest import wait_for

SIZE = (140, 30)
META = [("Fox News", "2025-01-12"), ("HuffPost", "2025-01-14"), ("Fox News", ""),
        ("AP", "2025-01-13"), ("HuffPost", "2025-01-11")]


def articles(seed_articles):
    out = []
    for article, (source, date) in zip(seed_articles, META):
        article = copy.copy(article)
        article.source, article.date = source, date
        out.append(article)
    return out


def listed(app) -> list[str]:
    table = app.screen.query_one(WindowedTable)
    table.ensure_row(table.total_rows)
    return [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(table.row_count)]


def title(app) -> str:
    return str(app.screen.query_one("#library-title", Static).render())


async def test_sort_cycles_newest_source_title_and_back(make_app, seed_articles):
    library = articles(seed_articles)
    by_uri = {a.uri: a for a in library}
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        loaded = listed(app)
        await pilot.press("s")
        dates = [by_uri[u].date for u in listed(app)]
        assert dates == ["2025-01-14", "2025-01-13", "2025-01-12", "2025-01-11", ""]
        assert "newest first" in title(app)
        await pilot.press("s")
        assert [by_uri[u].source for u in listed(app)] == ["AP", "Fox News", "Fox News",
                                                           "HuffPost", "HuffPost"]
        await pilot.press("s")
        titles = [by_uri[u].title.casefold() for u in listed(app)]
        assert titles == sorted(titles)
        await pilot.press("s")
        assert listed(app) == loaded and "newest" not in title(app)


async def test_unread_and_claim_filters_and_mark_all_read(make_app, seed_articles, tmp_path):
    library = articles(seed_articles)
    db = tmp_path / "newsdesk.json"
    tagged = library[3]
    Store(db).tag_claim(tagged.uri, make_selector(tagged.text, 0, 40), status="disputed",
                        text_hash=tagged.text_hash)
    app = make_app(library, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r", "u")  # the first article read, then unread only
        assert library[0].uri not in listed(app) and len(listed(app)) == 4
        assert "4 of 5 shown" in title(app) and "unread only" in title(app)
        await pilot.press("u", "f")  # every article, with claims
        assert listed(app) == [tagged.uri] and "with claims" in title(app)
        await pilot.press("f", "f", "f")  # verified, unverified, disputed
        assert listed(app) == [tagged.uri] and "disputed claims" in title(app)
        await pilot.press("f", "f")  # false (none), then without claims
        assert tagged.uri not in listed(app) and len(listed(app)) == 4
        await pilot.press("A")  # mark every article shown read, in one write
        await wait_for(pilot, lambda: len(Store(db).read_uris()) == 4)
        assert tagged.uri not in Store(db).read_uris()
        await pilot.press("f")
        assert len(listed(app)) == 5 and "shown" not in title(app)


async def test_source_filter_from_a_picker(make_app, seed_articles):
    library = articles(seed_articles)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, PickSourceScreen))
        await pilot.press("h", "u", "f", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert {a.source for a in library if a.uri in listed(app)} == {"HuffPost"}
        assert "source HuffPost" in title(app)
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, PickSourceScreen))
        await pilot.press("enter")  # the first choice: every source
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert len(listed(app)) == 5


async def test_first_last_and_marks_that_show_both_states(make_app, seed_articles):
    app = make_app(articles(seed_articles))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(WindowedTable)
        await pilot.press("G")
        assert table.cursor_row == 4
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("space", "space", "space")  # a third mark drops the first, saying so
        assert len(app.screen.marked) == 2
        assert any("Unmarked" in str(n.message) for n in app._notifications)
        cell = table.get_cell_at((1, 0))
        assert isinstance(cell, Text) and cell.plain == "◆●"  # marked and still unread


async def test_match_counts_are_plural_when_they_should_be(make_app, seed_articles):
    app = make_app(articles(seed_articles))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"zzzq")
        await pilot.pause()
        assert "0 matches “zzzq”" in title(app)
        await pilot.press("escape", "slash", *"sky news")
        await pilot.pause()
        assert "1 match “sky news”" in title(app)


async def test_a_source_name_in_a_notice_is_text_not_markup(make_app, seed_articles):
    library = articles(seed_articles)
    library[0].source = "[b]Wire[/b] [@click=app.quit]x[/]"
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, PickSourceScreen))
        await pilot.press(*"wire", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        notice = next(n for n in app._notifications if "Only" in n.message)
        assert notice.message == f"Only {library[0].source}" and not notice.markup
        assert listed(app) == [library[0].uri]
