"""The compare screen as a user drives it: open two articles, move, jump to conflicts, tag."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from tui.screens.compare import CompareScreen
from tui.screens.pick import PickArticleScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.side_by_side import SEPARATOR, SideBySide

from .conftest import wait_for
from .test_app import screen_text

SIZE = (140, 40)


async def open_picker(pilot, app) -> tuple[ReaderScreen, PickArticleScreen]:
    """Open library row 2 in the reader and press c, as a user does: the reader and the picker."""
    await pilot.press("j", "j", "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.analysis)
    reader = app.screen
    await pilot.press("c")
    assert isinstance(app.screen, PickArticleScreen)
    return reader, app.screen


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
            await pilot.press("right_square_bracket")
            assert view.rows[view.cursor].conflicts, "] lands only on rows with conflicts"
            visited.append(view.cursor)
            if view.rows[view.cursor].kind == "pair":
                break
        assert visited == sorted(visited), "] moves forward through the conflicts"
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
        reader, _ = await open_picker(pilot, app)
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


# --------------------------------------------------------------------------- helpers


def notices(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def status_line(screen) -> str:
    return str(screen.query_one("#compare-status", Static).render())


def split_alignment(merged_b: tuple[int, ...] = (5, 9, 12), paired_a: int = 4):
    """An aligner that pairs A's sentence `paired_a` with B's `merged_b` (not adjacent) only."""
    from tui.core.align import Alignment, Pair

    def fake_align(a_text, a, b_text, b, *args, **kwargs):
        return Alignment(
            pairs=[Pair((paired_a,), merged_b, 0.9)],
            only_a=[i for i in range(len(a.sentences)) if i != paired_a],
            only_b=[j for j in range(len(b.sentences)) if j not in merged_b],
            figure_conflicts=[],
        )

    return fake_align


def row_of(view: SideBySide, side: str, sentence: int) -> int:
    return next(i for i, row in enumerate(view.rows)
                if sentence in (row.a_sentences if side == "a" else row.b_sentences))


def lit_text(view: SideBySide, row: int) -> str:
    """The text drawn with the current-sentence background in `row`."""
    lit_colour = view.get_component_rich_style("side-by-side--sentence").bgcolor
    lit = []
    first = view._row_first_line[row]
    height = max(len(side.lines) for side in view._wrapped[row])
    for line in range(first, first + height):
        lit.append("".join(
            segment.text for segment in view.render_line(line - int(view.scroll_y))
            if segment.style and segment.style.bgcolor
            and segment.style.bgcolor == lit_colour))
    return " ".join(" ".join(lit).split())


# --------------------------------------------------------------------------- jumps and filter


@pytest.mark.slow
async def test_one_sided_jumps_forward_and_back_and_say_when_they_wrap(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(pilot, app, 2, 3)
        view = screen.query_one(SideBySide)
        one_sided = [i for i, row in enumerate(view.rows) if row.kind != "pair"]
        assert len(one_sided) > 2
        assert view.cursor == 0
        expected = [i for i in one_sided if i > 0]
        visited = []
        for _ in expected:
            await pilot.press("right_curly_bracket")
            visited.append(view.cursor)
        assert visited == expected
        assert not any("Wrapped" in n for n in notices(app))
        view.select_row(one_sided[-1])
        await pilot.press("right_curly_bracket")
        assert view.cursor == one_sided[0]
        assert "Wrapped to first one-sided row" in notices(app)
        await pilot.press("left_curly_bracket")
        assert view.cursor == one_sided[-1]
        assert "Wrapped to last one-sided row" in notices(app)
        await pilot.press("left_curly_bracket")
        assert view.cursor == one_sided[-2]
        # Conflict jumps moved to ] and [ and wrap the same way.
        conflicts = [i for i, row in enumerate(view.rows) if row.conflicts]
        view.select_row(conflicts[-1])
        await pilot.press("right_square_bracket")
        assert view.cursor == conflicts[0]
        assert "Wrapped to first figure conflict" in notices(app)
        await pilot.press("left_square_bracket")
        assert view.cursor == conflicts[-1]


async def test_differences_only_hides_shared_rows_and_keeps_the_cursor_in_place(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(pilot, app, 2, 3)
        view = screen.query_one(SideBySide)
        rows = view.rows
        plain = [i for i, row in enumerate(rows) if row.kind == "pair" and not row.conflicts]
        differences = [i for i, row in enumerate(rows) if row.kind != "pair" or row.conflicts]
        assert plain and differences
        # On a shared row: it disappears and the cursor goes to the nearest shown row.
        here = plain[len(plain) // 2]
        view.select_row(here)
        await pilot.press("o")
        assert view.shown_rows == differences
        nearest = min(differences, key=lambda i: (abs(i - here), i < here))
        assert view.cursor == nearest
        status = status_line(screen)
        assert f"differences only: {len(plain)} of {len(rows)} rows hidden" in status
        assert f"row {nearest + 1}/{len(rows)}" in status
        # Hidden rows are not drawn; moving steps over them.
        drawn = {index for index, _ in view._lines}
        assert drawn == set(differences)
        position = differences.index(view.cursor)
        await pilot.press("j")
        assert view.cursor == differences[position + 1]
        # The one-sided and conflict rows stay reachable by jumping.
        await pilot.press("right_square_bracket")
        assert view.rows[view.cursor].conflicts
        # Back to everything: the cursor stays on the same row.
        kept = view.cursor
        await pilot.press("o")
        assert view.shown_rows == list(range(len(rows))) and view.cursor == kept
        assert "differences only" not in status_line(screen)
        # From a row that is a difference, toggling on keeps it too.
        view.select_row(differences[1])
        await pilot.press("o")
        assert view.cursor == differences[1]
        first = view._row_first_line[view.cursor] - int(view.scroll_y)
        assert 0 <= first < view.size.height, "the cursor row stays on screen"


# --------------------------------------------------------------------------- merged rows


async def test_every_sentence_of_a_merged_row_can_be_tagged(make_app, monkeypatch):
    monkeypatch.setattr("tui.core.align.align", split_alignment((5, 9, 12)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(pilot, app, 2, 3)
        view = screen.query_one(SideBySide)
        merged = row_of(view, "b", 9)
        assert view.rows[merged].b_sentences == (5, 9, 12)
        view.select_row(merged - 1)
        await pilot.press("j")
        assert view.cursor == merged and view.active == "a"
        await pilot.press("tab")  # pane B: sentence cursor on its first sentence
        b = screen.analyses[screen.b.uri]
        sentence_text = {j: screen.b.text[b.sentences[j].start:b.sentences[j].end]
                         for j in (5, 9, 12)}
        assert view.current_sentence() == 5
        assert "sentence 1/3 of this row" in status_line(screen)
        assert lit_text(view, merged) == " ".join(sentence_text[5].split())
        await pilot.press("v")
        await pilot.press("j")  # stays in the row, on its second sentence
        assert view.cursor == merged and view.current_sentence() == 9
        assert "sentence 2/3 of this row" in status_line(screen)
        assert lit_text(view, merged) == " ".join(sentence_text[9].split())
        await pilot.press("d", "j")
        assert view.current_sentence() == 12
        await pilot.press("f")
        await pilot.press("j")  # past the last sentence: the next row
        assert view.cursor == merged + 1
        await pilot.press("k")  # back in: on the row's last sentence
        assert view.cursor == merged and view.current_sentence() == 12
        await pilot.press("k", "k")
        assert view.current_sentence() == 5
        await pilot.press("k")
        assert view.cursor == merged - 1
        assert (view.status_b[5], view.status_b[9], view.status_b[12]) == \
            ("verified", "disputed", "false")
        # A's single sentence in the row shows them mirrored; it has no claim of its own.
        assert view.status_a[4] == "verified" and 4 in view.mirrored_a
    stored = {c.selector.exact: c.status for c in app.store.claims(screen.b.uri)}
    assert stored == {sentence_text[5]: "verified", sentence_text[9]: "disputed",
                      sentence_text[12]: "false"}
    assert not app.store.claims(screen.a.uri)


async def test_single_sentence_rows_have_no_sentence_highlight(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(pilot, app, 2, 3)
        view = screen.query_one(SideBySide)
        index = next(i for i, row in enumerate(view.rows)
                     if row.kind == "pair" and len(row.a_sentences) == 1)
        view.select_row(index)
        await pilot.pause()
        assert lit_text(view, index) == ""
        assert "of this row" not in status_line(screen)
        await pilot.press("j")
        assert view.cursor == index + 1


# --------------------------------------------------------------------------- claims


@pytest.mark.slow
async def test_backspace_and_note_work_on_the_current_sentence(make_app, monkeypatch):
    from tui.screens.dialogs import NoteDialog

    monkeypatch.setattr("tui.core.align.align", split_alignment((5, 9, 12)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(pilot, app, 2, 3)
        view = screen.query_one(SideBySide)
        merged = row_of(view, "b", 9)
        view.select_row(merged)
        await pilot.press("tab", "j")  # B, second sentence of the row
        assert view.current_sentence() == 9
        await pilot.press("n")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"Check the ministry's figure", "ctrl+s")
        assert app.screen is screen
        assert "note — saved" in notices(app)
        [claim] = app.store.claims(screen.b.uri)
        b = screen.analyses[screen.b.uri]
        assert claim.note == "Check the ministry's figure" and claim.status is None
        assert claim.selector.start == b.sentences[9].start
        await pilot.press("v")
        assert app.store.get(claim.id).status == "verified"
        assert app.store.get(claim.id).note == "Check the ministry's figure"
        # n again edits the same claim's note.
        await pilot.press("n")
        assert "Check the ministry's figure" in app.screen.query_one("#note-text").text
        await pilot.press("escape")
        # Backspace clears the status; the note keeps the claim.
        await pilot.press("backspace")
        assert app.store.get(claim.id).status is None
        assert "status cleared — saved" in notices(app)
        assert view.status_b.get(9) is None
        # A mirrored mark has no claim of its own to clear: it says so and writes nothing.
        await pilot.press("v", "tab")
        assert view.current_sentence() == 4 and 4 in view.mirrored_a
        await pilot.press("backspace")
        assert any("no claim of its own" in n for n in notices(app))
        assert not app.store.claims(screen.a.uri)
        assert app.store.get(claim.id).status == "verified"
        # Back in B the sentence cursor is where it was; an untagged sentence has nothing to clear.
        await pilot.press("tab")
        assert view.current_sentence() == 9
        await pilot.press("j", "backspace")
        assert view.current_sentence() == 12 and "No claim on this sentence" in notices(app)
        assert len(app.store.claims(screen.b.uri)) == 1


async def test_own_and_mirrored_marks_are_drawn_differently_and_explained(make_app):
    from tui.screens.help import HelpScreen
    from tui.widgets.side_by_side import MIRRORED_MARK, OWN_MARK

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(pilot, app, 2, 3)
        view = screen.query_one(SideBySide)
        index = next(i for i, row in enumerate(view.rows)
                     if row.kind == "pair" and len(row.a_sentences) == len(row.b_sentences) == 1)
        view.select_row(index)
        await pilot.press("d")
        await pilot.pause()
        y = view._row_first_line[index] - int(view.scroll_y)
        strip = list(view.render_line(y))
        text = "".join(segment.text for segment in strip)
        left, _, right = text.partition(SEPARATOR)
        assert left[0] == OWN_MARK and right[0] == MIRRORED_MARK
        mirrored_style = next(s.style for s in strip if s.text == MIRRORED_MARK)
        own_style = next(s.style for s in strip if s.text == OWN_MARK)
        assert mirrored_style.dim and not own_style.dim
        assert mirrored_style.color == own_style.color  # both in the status colour
        assert f"{OWN_MARK} disputed" in status_line(screen)
        await pilot.press("tab")
        assert f"{MIRRORED_MARK} disputed in A" in status_line(screen)
        await pilot.press("v")  # B's own claim now: solid on both sides
        await pilot.pause()
        left, right = drawn_line(view, y)
        assert left[0] == OWN_MARK and right[0] == OWN_MARK
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        legend = str(app.screen.query_one("#help-legend", Static).render())
        assert OWN_MARK in legend and MIRRORED_MARK in legend and "mirrored" in legend
        shown = screen_text(app)
        for key, meaning in (("}", "Next row only one article has"), ("]", "Next figure conflict"),
                             ("o", "Show only differences"), ("n", "Note on the current")):
            assert (key, meaning) in [(k, d[:len(meaning)]) for k, d, _id in app.screen._key_rows]
            assert meaning in shown
        assert "mirrored" in shown


# --------------------------------------------------------------------------- swap, picker, resize


async def test_swap_keeps_the_sentence_and_the_status_line_is_current_at_once(make_app,
                                                                               monkeypatch):
    import threading

    from tui.core import align as align_module

    real_align = align_module.align
    release = threading.Event()

    def gated_align(*args, **kwargs):
        if screen_ready.is_set():
            release.wait(10)
        return real_align(*args, **kwargs)

    screen_ready = threading.Event()
    monkeypatch.setattr("tui.core.align.align", gated_align)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(pilot, app, 2, 3)
        screen_ready.set()
        view = screen.query_one(SideBySide)
        a_before, b_before = screen.a, screen.b
        index = next(i for i, row in enumerate(view.rows) if row.kind == "pair" and i > 5)
        view.select_row(index)
        sentence = view.current_sentence()
        await pilot.press("v")
        await pilot.press("x")
        # While aligning, the screen still shows (and tags) the previous order.
        assert "swapping" in status_line(screen)
        assert screen.a is a_before and view.rows[view.cursor].a_sentences[0] == sentence
        release.set()
        await wait_for(pilot, lambda: screen.a is b_before and not screen._swapping)
        # No key pressed since: the status line already describes the swapped screen.
        assert view.active == "b" and view.current_sentence() == sentence
        status = status_line(screen)
        assert "swapping" not in status
        assert f"row {view.cursor + 1}/{len(view.rows)}" in status
        assert "pane B" in status and "┃ verified" in status
        assert a_before.title[:50] in status  # the article of the active pane, now B
        header = str(screen.query_one("#compare-header", Static).render()).splitlines()
        assert b_before.title[:50] in header[0] and a_before.title[:50] in header[1]


@pytest.mark.slow
async def test_picker_filters_as_you_type(make_app):
    from textual.widgets import Input, OptionList

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader, picker = await open_picker(pilot, app)
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


async def test_rows_and_headers_reflow_when_the_terminal_is_resized(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot, app, 2, 3)
        view = screen.query_one(SideBySide)
        index = next(i for i, row in enumerate(view.rows) if row.kind == "pair" and i > 10)
        view.select_row(index)
        await pilot.pause()
        wide_pane, wide_lines = view._pane, len(view._lines)
        wide_header = str(screen.query_one("#compare-header", Static).render()).splitlines()

        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert view._pane < wide_pane and len(view._lines) > wide_lines
        for a_side, b_side in view._wrapped.values():
            assert all(line.cell_len <= view._pane for line in a_side.lines + b_side.lines)
        header = str(screen.query_one("#compare-header", Static).render()).splitlines()
        assert len(header) == 2 and all(len(line) <= 78 for line in header)
        assert "2025-01-13" in header[0] or "2025-01-13" in header[1]
        first = view._row_first_line[view.cursor] - int(view.scroll_y)
        assert 0 <= first < view.size.height, "the cursor row stays on screen"
        left, right = drawn_line(view, first)
        assert view.rows[index].a.plain.split()[0] in left

        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert view._pane == wide_pane and len(view._lines) == wide_lines
        assert str(screen.query_one("#compare-header", Static).render()).splitlines() == \
            wide_header
