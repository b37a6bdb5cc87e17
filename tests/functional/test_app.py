"""The app as a user drives it: library → reader → back, keys, search, hostile text."""

from __future__ import annotations

import io
import re

from rich.console import Console
from rich.style import Style
from textual.widgets import DataTable, OptionList, SelectionList, Static

from tui.core.articles import load_file
from tui.core.store import Store
from tui.render import LABEL_COLOURS
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView

from .conftest import open_reader, wait_for

SIZE = (120, 36)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def screen_text(app) -> str:
    """Everything on screen as plain text, composed the way the terminal receives it."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


def rendered_rows(view: ArticleView) -> list[str]:
    """The article view's rows as drawn, rendered through its line renderer."""
    rows = []
    for row in range(len(view._rows)):
        strip = view._render_row(row, view.scrollable_content_region.width)
        rows.append("".join(segment.text for segment in strip))
    return rows


def row_styles(view: ArticleView, needle: str) -> list[Style]:
    for row in range(len(view._rows)):
        strip = view._render_row(row, view.scrollable_content_region.width)
        for segment in strip:
            if needle in segment.text:
                return [segment.style]
    return []


async def test_library_lists_every_seed_with_metadata(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        assert table.row_count == 5
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(5)]
        assert any("Sky News" in row[2] for row in rows)
        assert any("2025-01-13" in row[3] for row in rows)
        assert all(row[0].strip() == "●" for row in rows), "everything starts unread"
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await wait_for(pilot, lambda: app.analysis_progress == (5, 5))
        status = str(app.screen.query_one("#status-text", Static).render())
        assert "en_core_web_sm" in status


async def test_open_read_and_return_marks_article_read_durably(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, app, 1)
        assert reader.article.source == "Sky News"
        assert "Zelenskyy offers captured North Korean soldiers" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(1)[0]).strip() == ""
        assert str(table.get_row_at(0)[0]).strip() == "●"
    # A new process sees the read state: it is on disk, not only in memory.
    assert reader.article.uri in Store(tmp_path / "newsdesk.json").read_uris()


async def test_reader_highlights_entities_and_figures_in_displacy_colours(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, app, 2)  # 002: the 11,000 troops article
        view = reader.query_one(ArticleView)
        person = row_styles(view, "Zelensky")
        assert person and person[0].bgcolor.name == LABEL_COLOURS["PERSON"]
        figure = row_styles(view, "11,000")
        assert figure and figure[0].bold and figure[0].underline
        legend = str(reader.query_one("#legend", Static).render())
        assert "PERSON" in legend and "CARDINAL" in legend


async def test_sentence_cursor_moves_and_reports_position(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, app, 0)
        view = reader.query_one(ArticleView)
        total = view.sentence_count
        assert view.cursor == 0
        await pilot.press("j", "j", "j", "j")
        assert view.cursor == 4
        sentence = view.analysis.sentences[4]
        assert view.text[sentence.start:sentence.end] == (
            "Confirmation of Nationality and Additional Details"
        )
        status = str(reader.query_one("#reader-status", Static).render())
        assert f"sentence 5/{total}" in status
        await pilot.press("k")
        assert view.cursor == 3
        await pilot.press("G")
        assert view.cursor == total - 1
        await pilot.press("g")
        assert view.cursor == 0


async def test_label_toggle_removes_that_colour(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, app, 0)
        view = reader.query_one(ArticleView)
        assert row_styles(view, "Zelensky")[0].bgcolor is not None
        await pilot.press("l")
        labels = reader.query_one("#labels", SelectionList)
        assert labels.has_focus
        person_index = next(
            i for i in range(labels.option_count)
            if labels.get_option_at_index(i).value == "PERSON"
        )
        labels.highlighted = person_index
        await pilot.press("space")
        await pilot.pause()
        assert "PERSON" in view.hidden_labels
        style = row_styles(view, "Zelensky")[0]
        assert style.bgcolor is None or style.bgcolor.name != LABEL_COLOURS["PERSON"]
        await pilot.press("space")
        await pilot.pause()
        assert "PERSON" not in view.hidden_labels


async def test_entity_panel_jumps_through_occurrences(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, app, 3)
        view = reader.query_one(ArticleView)
        await pilot.press("e")
        entities = reader.query_one("#entities", OptionList)
        assert entities.has_focus
        entities.highlighted = 0
        label, surface = entities.get_option_at_index(0).id.split("\x00")
        occurrences = [e for e in view.analysis.entities
                       if e.label == label and view.text[e.start:e.end] == surface]
        assert len(occurrences) > 1
        seen = []
        for _ in range(len(occurrences)):
            await pilot.press("enter")
            sentence = view.analysis.sentences[view.cursor]
            seen.append(sentence.index)
            assert surface in view.text[sentence.start:sentence.end]
        expected = [view.analysis.sentence_at(e.start).index for e in occurrences]
        assert seen == expected
        status = str(reader.query_one("#reader-status", Static).render())
        assert f"{len(occurrences)}/{len(occurrences)}" in status
        await pilot.press("escape")  # first escape leaves the panel
        assert view.has_focus and isinstance(app.screen, ReaderScreen)


async def test_search_filters_rows_and_escape_clears(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await pilot.press("slash", *"sky news")
        assert table.row_count == 1
        assert "Sky News" in str(table.get_row_at(0)[2])
        await pilot.press("enter")  # back to the table, filter kept
        assert table.has_focus and table.row_count == 1
        await pilot.press("escape")
        assert table.row_count == 5


async def test_help_lists_the_screen_keys(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for description in ("Open", "Search", "Quit"):
            assert description in text
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_first_paint_before_analysis_then_results_arrive_from_worker(make_app):
    app = make_app(cold=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The library is on screen while the worker process is still loading spaCy.
        assert app.screen.query_one(DataTable).row_count == 5
        assert app.analysis_progress[0] < 5
        await pilot.press("enter")
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        if reader.analysis is None:
            assert "analysing" in str(reader.query_one("#reader-status", Static).render())
        await wait_for(pilot, lambda: reader.analysis is not None, timeout=120)
        assert any(e.label == "PERSON" for e in reader.analysis.entities)
        assert app.pool._executor is not None, "analysis ran in the process pool"
        await wait_for(pilot, lambda: app.analysis_progress == (5, 5), timeout=120)


HOSTILE = (
    "Breaking [bold red]news[/] \x1b]0;PWNED\x07title\n"
    "An OSC title change \x1b]0;X\x07 and a C1 CSI \x9b31m and a bell \x07 here.\n"
    "Click me: [@click=app.quit]x[/] and [link=https://evil.example]link[/link].\n"
    "Bidi \u202etxet desrever\u202c and zero\u200bwidth and \x1b[2J clear.\n"
)


async def test_hostile_article_renders_literally_and_harmlessly(make_app, tmp_path):
    path = tmp_path / "hostile\x1b[31m.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    loaded = load_file(path)
    assert not [p for p in loaded.problems if p.fatal]
    article = loaded.articles[0]
    app = make_app([article], cold=True)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[1]).startswith("Breaking [bold red]news[/]")
        await pilot.press("enter")
        reader = app.screen
        await wait_for(pilot, lambda: reader.analysis is not None, timeout=120)
        view = reader.query_one(ArticleView)
        drawn = "\n".join(rendered_rows(view))
        assert "[@click=app.quit]x[/]" in drawn
        assert "[link=https://evil.example]link[/link]" in drawn
        assert not CONTROL.search(drawn)
        assert "\u202e" not in drawn and "\u200b" not in drawn
        title = str(reader.query_one("#reader-title", Static).render())
        assert "[bold red]news[/]" in title and not CONTROL.search(title)
        # Clicking the fake action does nothing: the app is still running.
        await pilot.click(ArticleView, offset=(14, 2))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ReaderScreen)


async def test_without_a_model_the_status_bar_says_so_and_figures_still_show(
    make_app, tmp_path, monkeypatch, seed_articles
):
    from tui.core import analysis
    from tui.core.analysis import AnalysisCache
    from tui.core.pool import AnalysisPool

    monkeypatch.setattr(analysis, "DEFAULT_MODELS", ("no_such_model_package",))
    app = make_app()
    app.pool = AnalysisPool(cache=AnalysisCache(tmp_path / "fallback-cache"), workers=1)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.analysis_progress == (5, 5), timeout=120)
        status = str(app.screen.query_one("#status-text", Static).render())
        assert "rule-based" in status and "no spaCy model" in status
        reader = await open_reader(pilot, app, 2)
        kinds = {e.kind for e in reader.analysis.entities}
        assert kinds == {"figure"}
        values = {e.value for e in reader.analysis.entities}
        assert {11000, 4000, 17} <= values
        assert "rule-based" in str(reader.query_one("#reader-status", Static).render())


async def test_boilerplate_is_dim_until_b_shows_it(make_app):
    """Seed 001's related-headlines list is drawn in the boilerplate component style (a theme
    colour), its reporting is not; `b` shows it normally and says so, `b` again dims it."""
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        reader = await open_reader(pilot, app, 1)
        view = reader.query_one(ArticleView)
        muted = view.get_component_rich_style("article-view--boilerplate").color
        assert muted is not None and muted != view.rich_style.color
        headline = "Meghan delays release of Netflix series"
        reporting = "has not been able to verify the video"
        assert row_styles(view, headline)[0].color == muted
        assert row_styles(view, reporting)[0].color != muted
        await pilot.press("b")
        assert view.show_boilerplate
        assert row_styles(view, headline)[0].color != muted
        assert "Boilerplate shown" in [str(n.message) for n in app._notifications]
        await pilot.press("b")
        assert not view.show_boilerplate and row_styles(view, headline)[0].color == muted
        assert "Boilerplate dimmed" in [str(n.message) for n in app._notifications]
        # Page up is still a key of its own.
        await pilot.press("G", "pageup")
        assert view.cursor < view.sentence_count - 1
        await pilot.press("question_mark")
        await pilot.pause()
        # Listed in help, whether or not the list is scrolled to it.
        assert any("Boilerplate (related links" in description
                   for _key, description, _id in app.screen._key_rows)


async def test_b_in_an_article_without_boilerplate_says_there_is_none(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        reader = await open_reader(pilot, app, 0)
        await pilot.press("b")
        assert not reader.query_one(ArticleView).show_boilerplate
        assert "No boilerplate found in this article" in [
            str(n.message) for n in app._notifications]
