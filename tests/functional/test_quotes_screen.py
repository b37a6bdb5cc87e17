"""The quotes screen: Q in the reader and in a story view, filters, untrusted text."""

from __future__ import annotations

from tui.core.articles import load_paths
from tui.render_quotes import DIFFERS_STYLE
from tui.screens.quotes import QuotesScreen
from tui.screens.reader import ReaderScreen
from tui.screens.story import StoryScreen

from .conftest import open_reader, wait_for
from .test_app import screen_text
from .test_stories import _grouped

SIZE = (120, 40)


async def _quotes(pilot, app) -> QuotesScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, QuotesScreen)
                   and app.screen.groups is not None)
    await pilot.pause()
    return app.screen


async def test_q_on_the_offer_shows_every_outlets_version_with_differences(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_reader(pilot, app, 2)  # seed 002: its second sentence holds the offer
        await pilot.press("j", "Q")
        screen = await _quotes(pilot, app)
        assert len(screen.shown) == 1
        offer = screen.shown[0]
        assert len(offer.uris) == 4 and offer.wording_differs
        text = screen_text(app)
        assert "Volodymyr Zelensky" in text and "4 outlets" in text and "wording differs" in text
        assert "ready to send Kim Jong-un soldiers" in text
        assert "Sky News" in text
        await pilot.press("a")
        await pilot.pause()
        assert len(screen.shown) > 5
        assert any(g.one_outlet for g in screen.shown)
        assert "only this outlet quotes it" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert screen.shown and all(not g.one_outlet for g in screen.shown)
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert (screen.current, screen.version) == (2, 0)
        await pilot.press("k")  # back over a group's end: the last version of the one before
        assert (screen.current, screen.version) == (1, len(screen.shown[1].versions) - 1)
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_enter_reads_the_version_under_the_cursor_at_its_sentence(make_app):
    from tui.widgets.article_view import ArticleView

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_reader(pilot, app, 2)
        await pilot.press("j", "Q")
        screen = await _quotes(pilot, app)
        await pilot.press("j")  # the offer's second version
        version = screen.current_version()
        assert version is not None and screen.version == 1
        assert "▶" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen)
                       and app.screen.article.uri == version.uri and app.screen.analysis)
        await pilot.pause()
        assert app.screen.query_one(ArticleView).cursor == version.sentence_index


async def test_differing_words_carry_the_highlight():
    from tui.core.quotes import Quote, QuoteGroup
    from tui.render_quotes import version_texts

    def quote(uri: str, text: str) -> Quote:
        return Quote(uri, "", 0, text, text, None, frozenset(), tuple(text.lower().split()))

    group = QuoteGroup("", [quote("a", "ready to hand over soldiers"),
                            quote("b", "ready to send soldiers")], True, False)
    second = version_texts(group)[1]
    marked = {second.plain[s.start:s.end] for s in second.spans if s.style == DIFFERS_STYLE}
    assert marked == {"send"}


async def test_q_on_a_sentence_without_a_quotation_says_so(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_reader(pilot, app, 2)
        await pilot.press("Q")  # the first sentence: no quotation marks
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert any("No quotation" in n.message for n in app._notifications)


async def test_story_view_q_opens_the_story_quotes(make_app, seed_articles):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _grouped(pilot, app)
        await pilot.press("enter")  # the seeds' story header
        await wait_for(pilot, lambda: isinstance(app.screen, StoryScreen))
        story = app.screen.story
        await pilot.press("Q")
        screen = await _quotes(pilot, app)
        assert {a.uri for a in screen.articles} == {a.uri for a in story.articles}
        assert any(len(g.uris) == 4 for g in screen.shown)
        assert story.title in screen_text(app)


async def test_quotations_are_text_never_markup(make_app, tmp_path):
    for name, speaker in (("a.txt", "Mary Jones"), ("b.txt", "Tom Brown")):
        (tmp_path / name).write_text(
            "The vote was on Friday.\n\n“[bold red]We will not back down[/] from this fight "
            f"for our schools,” {speaker} said.\n", encoding="utf-8")
    articles = load_paths([tmp_path]).articles
    app = make_app(articles, cold=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(QuotesScreen(articles, "[b]Quotations[/b]"))
        screen = await _quotes(pilot, app)
        text = screen_text(app)
        assert "[bold red]We will not back down[/]" in text
        assert "[b]Quotations[/b]" in text
        assert screen.shown[0].speakers_differ
        assert "attributed to different speakers: Mary Jones, Tom Brown" in text


async def test_q_in_a_big_library_reads_only_what_its_searches_find(make_app, seed_articles,
                                                                    tmp_path, monkeypatch):
    import tui.screens.quotes as quotes_screen

    from .test_stories import BRIDGE

    monkeypatch.setattr(quotes_screen, "LIBRARY_QUOTES_MAX", 5)
    bridge = tmp_path / "bridge.md"
    bridge.write_text(BRIDGE, encoding="utf-8")
    articles = seed_articles + load_paths([bridge]).articles
    app = make_app(articles)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_reader(pilot, app, 2)
        await pilot.press("j", "Q")
        screen = await _quotes(pilot, app)
        uris = {a.uri for a in screen.articles}
        assert articles[-1].uri not in uris  # the bridge shares no word of the quotation
        assert len(uris) <= 5 and articles[2].uri in uris
        assert len(screen.shown) == 1 and len(screen.shown[0].uris) >= 3
