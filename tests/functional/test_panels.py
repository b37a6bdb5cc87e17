"""The reader's side panel lists work from the keyboard at once: the first item is
highlighted on focus, j/k move, and a hidden label says so in words."""

from __future__ import annotations

from textual.widgets import OptionList, SelectionList

from tui.widgets.article_view import ArticleView

from .conftest import open_reader

SIZE = (140, 40)


async def test_first_entity_is_highlighted_and_enter_jumps_at_once(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, app, 3)
        view = reader.query_one(ArticleView)
        await pilot.press("e")
        entities = reader.query_one("#entities", OptionList)
        assert entities.has_focus and entities.highlighted == 0
        label, surface = entities.get_option_at_index(0).id.split("\x00")
        await pilot.press("enter")
        sentence = view.analysis.sentences[view.cursor]
        assert surface in view.text[sentence.start:sentence.end]
        await pilot.press("j", "j")
        assert entities.highlighted == 2
        await pilot.press("k")
        assert entities.highlighted == 1
        assert view.has_focus is False  # j/k moved the list, not the article cursor


async def test_space_on_first_label_hides_it_and_the_line_says_hidden(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, app, 0)
        view = reader.query_one(ArticleView)
        await pilot.press("l")
        labels = reader.query_one("#labels", SelectionList)
        assert labels.has_focus and labels.highlighted == 0
        first = labels.get_option_at_index(0)
        assert "hidden" not in first.prompt.plain
        await pilot.press("space")
        await pilot.pause()
        assert first.value in view.hidden_labels
        prompt = labels.get_option_at_index(0).prompt
        assert prompt.plain.endswith("hidden")
        assert any("strike" in str(span.style) for span in prompt.spans)
        await pilot.press("j")
        assert labels.highlighted == 1
        await pilot.press("k", "space")
        await pilot.pause()
        assert first.value not in view.hidden_labels
        assert "hidden" not in labels.get_option_at_index(0).prompt.plain
