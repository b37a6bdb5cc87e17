"""Stories in the app: the library grouped by story, the story view, the coverage matrix."""

from __future__ import annotations

from tui.core.analysis import Analyser
from tui.core.anchoring import make_selector
from tui.core.articles import load_paths
from tui.core.coverage import story_coverage
from tui.screens.coverage_matrix import CoverageScreen
from tui.screens.library import LibraryScreen
from tui.screens.library_stories import STORY_KEY_PREFIX
from tui.screens.reader import ReaderScreen
from tui.screens.story import StoryScreen
from tui.widgets.windowed_table import WindowedTable

from .conftest import wait_for
from .test_app import screen_text

SIZE = (120, 40)
BRIDGE = ("---\ntitle: Council reopens the Elm Street bridge\ndate: 2024-03-02\n---\n"
          "The city council reopened the Elm Street bridge on Saturday after eight months of "
          "repairs costing $2.4 million.\nMayor Ana Ruiz said traffic would return to normal "
          "by Monday.\n")


def _row_keys(screen) -> list[str]:
    table = screen.query_one(WindowedTable)
    return [table.coordinate_to_cell_key((n, 0)).row_key.value for n in range(table.row_count)]


async def _grouped(pilot, app) -> LibraryScreen:
    await pilot.press("t")
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    await wait_for(pilot, lambda: screen.stories_ready() is not None)
    await pilot.pause()
    return screen


async def test_t_groups_the_library_by_story_in_the_background(make_app, seed_articles,
                                                               tmp_path):
    bridge = tmp_path / "bridge.md"
    bridge.write_text(BRIDGE, encoding="utf-8")
    articles = seed_articles + load_paths([bridge]).articles
    app = make_app(articles)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        screen = app.screen
        # Grouping runs in the background: the notice says so, and keys still work.
        assert any("Grouping 6 articles" in n.message for n in app._notifications)
        await pilot.press("j", "k")
        await wait_for(pilot, lambda: screen.stories_ready() is not None)
        await pilot.pause()
        keys = _row_keys(screen)
        story = next(s for s in screen.stories_ready() if len(s.articles) == 5)
        assert keys[0] == STORY_KEY_PREFIX + story.id
        assert sorted(keys[1:6]) == sorted(a.uri for a in seed_articles)
        assert keys[6] == articles[-1].uri  # alone in its story: a plain row, no header
        text = screen_text(app)
        assert "▼ " + story.title[:30] in text and "5 articles" in text
        assert "by story" in text
        await pilot.press("t")  # back to articles one by one
        await pilot.pause()
        assert _row_keys(screen) == [a.uri for a in articles]


async def test_the_story_view_lists_outlets_and_what_each_alone_reports(make_app, seed_articles,
                                                                         warm_cache):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _grouped(pilot, app)
        await pilot.press("enter")  # on the story's header row
        story_screen = app.screen
        assert isinstance(story_screen, StoryScreen)
        await wait_for(pilot, lambda: story_screen.coverage is not None)
        await pilot.pause()
        story = story_screen.story
        analyser = Analyser(cache=warm_cache)
        analyses = {a.uri: analyser.analyse(a.text, a.text_hash) for a in story.articles}
        expected = story_coverage(story.articles, analyses)
        assert story_screen.coverage.alone == expected.alone
        text = screen_text(app)
        assert "5 articles" in text and "Sky News" in text and "Alone" in text
        for count in expected.alone:
            assert f" {count}" in text
        assert sum(expected.alone) < sum(expected.sentences)  # the seeds share sentences
        for n, article in enumerate(story.articles):  # the pane lists what each alone says
            assert len(story_screen.alone_sentences(article.uri)) == expected.alone[n]
        pane = str(story_screen.query_one("#story-alone").render())
        assert f"alone reports ({expected.alone[0]})" in pane
        await pilot.press("j", "enter")  # an article opens in the reader
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert app.screen.article is story.articles[1]
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is story_screen)
        await pilot.press("escape")
        assert app.screen is screen


async def test_o_on_an_article_row_opens_its_story(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _grouped(pilot, app)
        await pilot.press("j", "j", "o")
        assert isinstance(app.screen, StoryScreen)
        assert len(app.screen.story.articles) == 5


async def test_the_coverage_matrix_shows_who_reports_what_with_statuses(make_app, seed_articles):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _grouped(pilot, app)
        await pilot.press("enter")
        story_screen = app.screen
        await wait_for(pilot, lambda: story_screen.coverage is not None)
        coverage = story_screen.coverage
        # Tag, in one outlet, a sentence every outlet reports: its cell shows the status.
        group = next(g for g in coverage.groups if g.outlets == len(coverage.articles))
        first = min(group.sentences)
        article = coverage.articles[first]
        sentence = story_screen.analyses[article.uri].sentences[group.sentences[first][0]]
        app.store.tag_claim(article.uri, make_selector(article.text, sentence.start,
                                                       sentence.end), status="false")
        await pilot.press("M")
        matrix = app.screen
        assert isinstance(matrix, CoverageScreen)
        await pilot.pause()
        assert matrix.query_one("#coverage").row_count == len(coverage.groups)
        row = matrix.rows.index(group)
        cells = [str(matrix._cell(group, n)) for n in range(len(coverage.articles))]
        assert cells.count("✗") == 1 and cells[first] == "✗"
        assert cells.count("●") == len(coverage.articles) - 1
        text = screen_text(app)
        assert f"{len(coverage.groups)} claims" in text and "Sky News" in text
        for _ in range(row):
            await pilot.press("j")
        await pilot.pause()
        detail = str(matrix.query_one("#coverage-detail").render())
        assert "✗ false" in detail
        lonely = sum(1 for g in coverage.groups if g.outlets == 1)
        assert lonely and f"{lonely} by one alone" in text
        await pilot.press("a")  # only what two or more outlets share
        await pilot.pause()
        assert matrix.query_one("#coverage").row_count == len(coverage.groups) - lonely


async def test_articles_joining_a_grouped_library_are_grouped_again(make_app, seed_articles,
                                                                    tmp_path):
    app = make_app(seed_articles[:4])
    async with app.run_test(size=SIZE) as pilot:
        screen = await _grouped(pilot, app)
        assert len(_row_keys(screen)) == 5  # a header and four articles
        app.library.add(seed_articles[4:])  # as an import or the background index does
        screen.refresh_articles()
        await wait_for(pilot, lambda: screen.stories_ready() is not None)
        await pilot.pause()
        keys = _row_keys(screen)
        assert len(keys) == 6 and keys[0].startswith(STORY_KEY_PREFIX)
        assert seed_articles[4].uri in keys
