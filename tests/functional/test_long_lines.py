"""A 2 MB article on one line: shown at once, analysed, its sentences taggable."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from tui.core import analysis as analysis_module
from tui.core.articles import load_file
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.entity_panel import MAX_LISTED

from ..long_text import LAST_SENTENCE, long_line
from ..store_files import stored_rows
from .conftest import wait_for

SIZE = (120, 36)
TWO_MB = 2_000_000


def stored(db_path) -> list[dict]:
    """What is on disk right now, read as plain JSON."""
    return stored_rows(db_path)


@pytest.fixture
def long_article(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("A very long article\n\n" + long_line(TWO_MB) + "\n", "utf-8")
    (article,) = load_file(path).articles
    return article


@pytest.mark.slow
async def test_a_2mb_single_line_article_opens_analyses_and_tags(make_app, long_article,
                                                                monkeypatch, tmp_path):
    # The rule-based fallback keeps the analysis to seconds; the reader's work is the same.
    monkeypatch.setattr(analysis_module, "DEFAULT_MODELS", ("no_such_model_xyz",))
    db = tmp_path / "newsdesk.json"
    app = make_app([long_article], cold=True, db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
        reader = app.screen
        view = reader.query_one(ArticleView)
        # The text is on screen before the analysis: every row laid out, the first drawn.
        assert len(view._rows) > TWO_MB // 120
        assert view._rows[-1][1] == len(long_article.text)
        text = long_article.text
        for y in range(8):
            start, end = view._rows[y]
            assert text[start:end].strip() in view.render_line(y).text
        assert text[view._rows[7][0]:view._rows[7][1]].strip()  # rows of the long line

        await wait_for(pilot, lambda: reader.analysis is not None)
        await pilot.pause()
        sentences = reader.analysis.sentences
        assert len(sentences) > TWO_MB // 100
        assert text[sentences[-1].start:sentences[-1].end] == LAST_SENTENCE
        entities = reader.query_one("#entities", OptionList)  # the commonest, then a count
        assert entities.option_count == MAX_LISTED + 1
        assert entities.get_option_at_index(MAX_LISTED).disabled
        first = view.cursor
        await pilot.press("j")
        assert view.cursor == first + 1
        await pilot.press("v")
        target = sentences[view.cursor]
        assert [(r["status"], r["selector"]["start"], r["selector"]["exact"])
                for r in stored(db)] == [
            ("verified", target.start, text[target.start:target.end])]

        await pilot.press("space")  # a page down: the cursor follows into view
        await pilot.pause()
        assert view.cursor > first + 1
        await pilot.press("G", "f")  # the last sentence, 2 MB in
        assert view.cursor == len(sentences) - 1
        assert sorted((r["status"], r["selector"]["exact"]) for r in stored(db))[0] == (
            "false", LAST_SENTENCE)
        assert view.claim_status == {target.index: "verified", len(sentences) - 1: "false"}
