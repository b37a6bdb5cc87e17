"""The compare screen as a user drives it: open two articles, move, jump to conflicts, tag."""

from __future__ import annotations

from textual.widgets import Static

from tui.screens.compare import CompareScreen, PickArticleScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.side_by_side import SEPARATOR, SideBySide

from .conftest import wait_for

SIZE = (140, 40)


async def open_compare(pilot, app, first: int, second: int) -> CompareScreen:
    """Mark two library rows with space and press c, as a user does."""
    for _ in range(first):
        await pilot.press("j")
    await pilot.press("space")  # marks and moves down
    for _ in range(second - first - 1):
        await pilot.press("j")
    await pilot.press("space", "c")
    await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen) and app.screen.alignment)
    await pilot.pause()
    return app.screen


def drawn_line(view: SideBySide, y: int) -> tuple[str, str]:
    """The A and B halves of one screen line, as drawn."""
    text = "".join(segment.text for segment in view.render_line(y))
    left, _, right = text.partition(SEPARATOR)
    return left.strip(), right.strip()


async def test_compare_002_003_flags_the_troop_count_conflict(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(pilot, app, 2, 3)
        header = str(screen.query_one("#compare-header", Static).render())
        assert screen.a.title[:30] in header and screen.b.title[:30] in header
        summary = str(screen.query_one("#compare-summary", Static).render())
        alignment = screen.alignment
        assert f"{len(alignment.pairs)} shared" in summary
        assert f"{len(alignment.only_a)} only in A" in summary
        assert "11,000" in summary and "12,000" in summary
        view = screen.query_one(SideBySide)
        visited = []
        for _ in range(len(view.rows)):
            await pilot.press("n")
            assert view.rows[view.cursor].conflicts, "n lands only on rows with conflicts"
            visited.append(view.cursor)
            if view.rows[view.cursor].kind == "pair":
                break
        assert visited == sorted(visited), "n moves forward through the conflicts"
        row = view.rows[view.cursor]
        assert row.kind == "pair" and row.a is not None and row.b is not None
        assert "11,000" in row.a.plain and "12,000" in row.b.plain
        assert "11,000 ≠ about 12,000" in row.note.plain
        # Both halves of the conflict row are drawn on the same screen line.
        first_line = view._row_first_line[view.cursor] - int(view.scroll_y)
        left, right = drawn_line(view, first_line)
        assert left and right


async def test_one_scroll_moves_both_panes_and_rows_stay_level(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(pilot, app, 2, 3)
        view = screen.query_one(SideBySide)
        pairs = [i for i, row in enumerate(view.rows) if row.kind == "pair"]
        assert pairs
        await pilot.press("G")
        assert view.cursor == len(view.rows) - 1 and view.scroll_y > 0
        for index in pairs:
            view.select_row(index)
            await pilot.pause()
            y = view._row_first_line[index] - int(view.scroll_y)
            assert 0 <= y < view.size.height
            left, right = drawn_line(view, y)
            a_words = view.rows[index].a.plain.split()[:2]
            b_words = view.rows[index].b.plain.split()[:2]
            assert " ".join(a_words) in left and " ".join(b_words) in right


async def test_tagging_in_compare_shows_on_the_counterpart_and_is_stored(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(pilot, app, 2, 3)
        view = screen.query_one(SideBySide)
        index = next(i for i, row in enumerate(view.rows) if row.kind == "pair")
        view.select_row(index)
        await pilot.press("d")
        row = view.rows[index]
        assert view.status_a.get(row.a_sentences[0]) == "disputed"
        assert view.status_b.get(row.b_sentences[0]) == "disputed"  # shown on the counterpart
        await pilot.press("tab", "v")
        assert view.status_b.get(row.b_sentences[0]) == "verified"
    stored = {(c.uri, c.status) for c in app.store.claims()}
    assert stored == {(screen.a.uri, "disputed"), (screen.b.uri, "verified")}


async def test_swap_and_open_from_reader_by_similarity(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.analysis)
        reader = app.screen
        await pilot.press("c")
        assert isinstance(app.screen, PickArticleScreen)
        scores = [score for _, score in app.screen._choices]
        assert scores == sorted(scores, reverse=True) and len(scores) == 4
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen) and app.screen.alignment)
        screen = app.screen
        assert screen.a.uri == reader.article.uri
        b_before = screen.b
        await pilot.press("x")
        assert screen.a.uri == b_before.uri and screen.b.uri == reader.article.uri
        await pilot.press("escape")
        assert app.screen is reader


async def test_picker_filters_as_you_type(make_app):
    from textual.widgets import Input, OptionList

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.analysis)
        reader = app.screen
        await pilot.press("c")
        picker = app.screen
        assert isinstance(picker, PickArticleScreen)
        assert picker.query_one(Input).has_focus
        options = picker.query_one(OptionList)
        assert options.option_count == 4
        await pilot.press(*"sky")
        await pilot.pause()
        shown = [picker._choices[int(options.get_option_at_index(i).id)][0]
                 for i in range(options.option_count)]
        assert [a.source for a in shown] == ["Sky News"]
        await pilot.press("backspace", "backspace", "backspace", *"elensky")
        await pilot.pause()
        assert options.option_count == 0, "terms match at word starts only"
        await pilot.press(*["backspace"] * 7, *"ZEL vid")
        await pilot.pause()
        shown = [picker._choices[int(options.get_option_at_index(i).id)][0]
                 for i in range(options.option_count)]
        assert shown and all("zel" in a.title.lower() and "video" in a.title.lower()
                             for a in shown)
        kept = options.highlighted_option.id
        await pilot.press(*["backspace"] * 7)
        await pilot.pause()
        assert options.option_count == 4
        assert options.highlighted_option.id == kept, "the highlighted article stays highlighted"
        await pilot.press("up", "up", "up", "up", "down", "enter")  # arrows from the Input
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen) and
                       app.screen.alignment)
        assert app.screen.b.uri == picker._choices[1][0].uri
        await pilot.press("escape")
        assert app.screen is reader
        await pilot.press("c", *"sky", "escape")
        assert app.screen is reader
