"""`i` and `R` in the library, against a real HTTP server on 127.0.0.1.

What a user does: press `i`, type a page's address and a missing file, press enter;
the article arrives in the library at once, the failure is listed by `L`, keys keep
working meanwhile. `R` refreshes the subscribed feeds.
"""

from __future__ import annotations

import json

import pytest

from tui.screens.import_dialog import ImportDialog, split_sources
from tui.screens.library import LibraryScreen
from tui.screens.problems import ProblemsScreen

from .conftest import wait_for

PAGE = """<!doctype html><html><head><title>Harbour strike ends | Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette">
<meta name="author" content="Ana Ruiz">
<meta property="article:published_time" content="2025-03-04T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Harbour strike ends after nine days</h1>
<p>Dock workers at the port of Valmont voted on Monday to end a strike that had halted
shipping for nine days, the union said.</p>
<p>About 4,200 members took part in the ballot, and 71 percent backed the agreement
reached with the port authority on Sunday night.</p>
<p>The deal raises wages by 6 percent over two years and limits night shifts, according
to a copy of the agreement seen by reporters.</p>
<p>Shipping lines said it would take a week to clear the backlog of about 300 containers
waiting at the quays.</p>
</article><footer>Copyright Harbour Gazette</footer></body></html>"""

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>
<link>{base}/</link><description>News</description>
<item><title>Harbour strike ends after nine days</title><link>{base}/strike</link>
<description>Dock workers voted to end the strike.</description></item>
</channel></rss>"""


def test_sources_split_like_a_shell():
    assert split_sources('https://a.example/x "/tmp/my news" b.md') == [
        "https://a.example/x", "/tmp/my news", "b.md"]
    assert split_sources('"unclosed a') == ['"unclosed', "a"]


async def _type(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


@pytest.fixture
def site(httpserver):
    httpserver.expect_request("/strike").respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/feed.xml").respond_with_data(
        FEED.format(base=httpserver.url_for("").rstrip("/")),
        content_type="application/rss+xml")
    return httpserver


async def test_i_imports_a_page_into_the_library_at_once(make_app, tmp_path, site, monkeypatch):
    app = make_app()
    app.settings.import_dir = tmp_path / "imported"
    missing = tmp_path / "nowhere.md"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportDialog))
        app.screen.query_one("#sources").value = f"{site.url_for('/strike')} {missing}"
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(app.articles) == 6 and app.import_progress is None,
                       timeout=30)
        library = app.screen
        assert isinstance(library, LibraryScreen)
        titles = [a.title for a in library.shown]
        assert "Harbour strike ends after nine days" in titles
        imported = next(a for a in app.articles if a.title.startswith("Harbour strike"))
        assert imported.source == "Harbour Gazette" and imported.url == site.url_for("/strike")
        assert imported.path.parent == tmp_path / "imported"
        # The missing file is a load problem naming it, listed by L.
        assert any(str(missing) in p.path for p in app.problems)
        messages = [n.message for n in app._notifications]
        assert any("1 imported" in m and "L lists" in m for m in messages), messages
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemsScreen))


async def test_i_again_skips_the_duplicate(make_app, tmp_path, site):
    app = make_app()
    app.settings.import_dir = tmp_path / "imported"
    async with app.run_test(size=(120, 40)) as pilot:
        for _round in range(2):
            await pilot.press("i")
            await wait_for(pilot, lambda: isinstance(app.screen, ImportDialog))
            app.screen.query_one("#sources").value = site.url_for("/strike")
            await pilot.press("enter")
            await wait_for(pilot, lambda: app.import_progress is None
                           and isinstance(app.screen, LibraryScreen), timeout=30)
            await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert len(app.articles) == 6
    assert any("duplicate" in m for m in messages), messages
    assert len(list((tmp_path / "imported").glob("*.md"))) == 1


async def test_escape_cancels_the_prompt(make_app, tmp_path):
    app = make_app()
    app.settings.import_dir = tmp_path / "imported"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportDialog))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert app.import_progress is None
    assert not (tmp_path / "imported").exists()


async def test_R_refreshes_subscribed_feeds(make_app, tmp_path, site):
    from tui.core.feeds import Subscriptions
    from tui.core.paths import feeds_path

    Subscriptions(feeds_path()).add(site.url_for("/feed.xml"))
    app = make_app()
    app.settings.import_dir = tmp_path / "imported"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("R")
        await wait_for(pilot, lambda: len(app.articles) == 6 and app.import_progress is None,
                       timeout=30)
        assert any(a.title.startswith("Harbour strike") for a in app.articles)
    listed = json.loads(feeds_path().read_text())
    assert site.url_for("/feed.xml") in json.dumps(listed)
