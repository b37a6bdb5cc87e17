"""Two articles side by side: one row per aligned group of sentences, both panes level.

One widget draws both panes, so a single scroll moves them together and an
aligned pair always starts on the same line. Only visible lines are rendered.

The cursor is a row and, inside it, one sentence of the active pane: a row
may hold several sentences on one side (a source that splits what the other
says in one), and each of them can be tagged.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..render import CompareRow
from ..status_colours import status_colour

SEPARATOR = " │ "
GUTTER = 3
OWN_MARK = "┃"  # a claim tagged on this sentence
MIRRORED_MARK = "┆"  # the status of the aligned sentence in the other article


def is_difference(row: CompareRow) -> bool:
    """What the differences-only view keeps: rows one side lacks, rows with figure conflicts."""
    return row.kind != "pair" or row.conflicts > 0


def _line_starts(plain: str, lines: list[Text]) -> list[int]:
    """Where each wrapped line starts in `plain` (wrapping keeps the text, minus trailing spaces)."""
    starts, position = [], 0
    for line in lines:
        found = plain.find(line.plain, position) if line.plain else -1
        start = found if found != -1 else position
        starts.append(start)
        position = start + len(line.plain)
    return starts


class _Wrapped:
    """One side of one row, wrapped: its lines and the sentences (positions) each line shows."""

    __slots__ = ("lines", "sentences")

    def __init__(self, text: Text | None, spans: tuple[tuple[int, int], ...], count: int,
                 note: Text | None, console, width: int):
        self.lines: list[Text] = list(text.wrap(console, width)) if text is not None else []
        self.sentences: list[tuple[int, ...]] = []
        if text is not None:
            everything = tuple(range(count))
            for line, start in zip(self.lines, _line_starts(text.plain, self.lines)):
                end = start + len(line.plain)
                self.sentences.append(tuple(k for k, (s, e) in enumerate(spans)
                                            if s < end and start < e) if spans else everything)
        if note is not None:
            for line in note.wrap(console, width):
                self.lines.append(line)
                self.sentences.append(())


class SideBySide(ScrollView, can_focus=True):
    # Colours come from the theme (legible on dark and light ones): A and B, the conflict
    # mark, the current row in the active and the other pane, the lit sentence of a row.
    COMPONENT_CLASSES = {"side-by-side--a", "side-by-side--b", "side-by-side--conflict",
                         "side-by-side--active-row", "side-by-side--other-row",
                         "side-by-side--sentence"}
    DEFAULT_CSS = """
    SideBySide { background: $surface; scrollbar-gutter: stable; overflow-x: hidden; }
    SideBySide > .side-by-side--a { color: $text-primary; text-style: bold; }
    SideBySide > .side-by-side--b { color: $text-warning; text-style: bold; }
    SideBySide > .side-by-side--conflict { color: $text-error; text-style: bold; }
    SideBySide > .side-by-side--active-row { background: $primary 25%; }
    SideBySide > .side-by-side--other-row { background: $primary 10%; }
    SideBySide > .side-by-side--sentence { background: $primary 50%; }
    """

    BINDINGS = [
        Binding("j,down", "next_row", "Next",
                tooltip="Next sentence of this row's active pane, else the next row",
                id="compare.next"),
        Binding("k,up", "previous_row", "Previous",
                tooltip="Previous sentence of this row's active pane, else the previous row",
                id="compare.previous"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="compare.page_down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="compare.page_up"),
        Binding("g,home", "first_row", "Top", show=False, id="compare.top"),
        Binding("G,end", "last_row", "Bottom", show=False, id="compare.bottom"),
    ]

    class CursorMoved(Message):
        def __init__(self, row: int, sentence: int) -> None:
            super().__init__()
            self.row = row
            self.sentence = sentence

    def __init__(self, rows: list[CompareRow], *, id: str | None = None):
        super().__init__(id=id)
        self.rows = rows
        self.cursor = 0  # an index into rows
        self.sentence = 0  # a position among the active pane's sentences of the cursor row
        self._other_sentence = 0  # the other pane's, in the same row
        self.active = "a"
        self.differences_only = False
        self.shown_rows: list[int] = []
        self._position: dict[int, int] = {}  # row → its place among the shown rows
        # What each side shows: a status (own or mirrored), and which of them are mirrored.
        self.status_a: dict[int, str | None] = {}
        self.status_b: dict[int, str | None] = {}
        self.mirrored_a: set[int] = set()
        self.mirrored_b: set[int] = set()
        self._lines: list[tuple[int, int]] = []  # (row, line within the row, -1 for the gap)
        self._row_first_line: dict[int, int] = {}
        self._wrapped: dict[int, tuple[_Wrapped, _Wrapped]] = {}
        self._highlighted: tuple[int, str, list[Text]] | None = None  # row, side, its lines
        self._pane = 0
        self._cache: dict[int, Strip] = {}
        self._compute_shown()

    # ------------------------------------------------------------------ layout

    def set_rows(self, rows: list[CompareRow], *, row: int = 0, sentence: int = 0,
                 active: str | None = None) -> None:
        """New rows (a new alignment); the cursor goes to `row` (or the nearest shown row)."""
        self.rows = rows
        if active is not None:
            self.active = active
        self._compute_shown()
        self.cursor = self._nearest_shown(row)
        self.sentence = max(0, min(sentence, len(self._sentences(self.cursor)) - 1))
        self._other_sentence = 0
        self._relayout(self.scrollable_content_region.width)

    def set_statuses(self, status_a: dict[int, str | None], status_b: dict[int, str | None],
                     mirrored_a: AbstractSet[int] = frozenset(),
                     mirrored_b: AbstractSet[int] = frozenset()) -> None:
        self.status_a, self.status_b = dict(status_a), dict(status_b)
        self.mirrored_a, self.mirrored_b = set(mirrored_a), set(mirrored_b)
        self._cache.clear()
        self.refresh()

    def set_differences_only(self, on: bool) -> None:
        """Show only rows one side lacks and rows with figure conflicts; keep the cursor's place."""
        self.differences_only = on
        self._compute_shown()
        row = self._nearest_shown(self.cursor)
        if row != self.cursor:
            self.cursor, self.sentence, self._other_sentence = row, 0, 0
        self._relayout(self.scrollable_content_region.width)
        self.select_row(self.cursor, sentence=self.sentence)

    @property
    def hidden_rows(self) -> int:
        return len(self.rows) - len(self.shown_rows)

    def _compute_shown(self) -> None:
        self.shown_rows = [i for i, row in enumerate(self.rows)
                           if not self.differences_only or is_difference(row)]
        self._position = {row: n for n, row in enumerate(self.shown_rows)}

    def _nearest_shown(self, index: int) -> int:
        """`index` if shown, else the closest shown row (the later one on a tie)."""
        if not self.shown_rows:
            return max(0, min(index, len(self.rows) - 1))
        return min(self.shown_rows, key=lambda i: (abs(i - index), i < index))

    def _relayout(self, width: int) -> None:
        pane = max(10, (width - len(SEPARATOR)) // 2 - GUTTER)
        console = self.app.console
        lines: list[tuple[int, int]] = []
        firsts: dict[int, int] = {}
        wrapped: dict[int, tuple[_Wrapped, _Wrapped]] = {}
        for index in self.shown_rows:
            row = self.rows[index]
            # the note goes under the side that holds the conflicting figure
            on_a = row.a is not None and (row.a_conflict or not row.b_conflict)
            a = _Wrapped(row.a, row.a_spans, len(row.a_sentences),
                         row.note if on_a else None, console, pane)
            b = _Wrapped(row.b, row.b_spans, len(row.b_sentences),
                         None if on_a else row.note, console, pane)
            wrapped[index] = (a, b)
            firsts[index] = len(lines)
            lines.extend((index, n) for n in range(max(len(a.lines), len(b.lines), 1)))
            lines.append((index, -1))  # a blank line between rows
        self._lines, self._row_first_line, self._wrapped, self._pane = lines, firsts, wrapped, pane
        self._update_highlight()
        self._cache.clear()
        self.virtual_size = Size(width, len(lines))
        self.refresh()

    def on_resize(self) -> None:
        self._relayout(self.scrollable_content_region.width)
        self._scroll_to_cursor()

    # ------------------------------------------------------------------ cursor

    def _sentences(self, index: int, side: str | None = None) -> tuple[int, ...]:
        if not self.rows:
            return ()
        row = self.rows[index]
        return row.a_sentences if (side or self.active) == "a" else row.b_sentences

    def current_sentence(self) -> int | None:
        """The sentence (index in the active pane's article) under the cursor, if any."""
        sentences = self._sentences(self.cursor) if self.rows else ()
        return sentences[min(self.sentence, len(sentences) - 1)] if sentences else None

    def select_row(self, index: int, *, sentence: int = 0, scroll: bool = True) -> None:
        if not self.rows:
            return
        row = self._nearest_shown(max(0, min(index, len(self.rows) - 1)))
        if row != self.cursor:
            self._other_sentence = 0
        self.cursor = row
        self.sentence = max(0, min(sentence, len(self._sentences(self.cursor)) - 1))
        self._moved(scroll)

    def select_sentence(self, side: str, index: int) -> bool:
        """Put the cursor on sentence `index` of `side`'s article (or the nearest shown row)."""
        for row in range(len(self.rows)):
            sentences = self._sentences(row, side)
            if index in sentences:
                if side != self.active:
                    self.active, self._other_sentence = side, 0
                self.select_row(row, sentence=sentences.index(index) if row in self._position
                                else 0)
                return True
        return False

    def _moved(self, scroll: bool = True) -> None:
        self._update_highlight()
        self._cache.clear()
        self.refresh()
        if scroll:
            self._scroll_to_cursor()
        self.post_message(self.CursorMoved(self.cursor, self.sentence))

    def _scroll_to_cursor(self) -> None:
        first = self._row_first_line.get(self.cursor)
        if first is None:
            return
        height = max(len(side.lines) for side in self._wrapped[self.cursor]) or 1
        self.scroll_to_region(Region(0, first, 1, height), animate=False, immediate=True)

    def set_active(self, side: str) -> None:
        """Switch the tagging pane; back in a pane, its sentence cursor is where it was."""
        if side != self.active:
            self.active = side
            self.sentence, self._other_sentence = self._other_sentence, self.sentence
        self.sentence = max(0, min(self.sentence, len(self._sentences(self.cursor)) - 1))
        self._moved(scroll=False)

    def _step_row(self, step: int, *, last_sentence: bool = False) -> None:
        if not self.shown_rows:
            return
        position = self._position.get(self.cursor, 0) + step
        if not 0 <= position < len(self.shown_rows):
            return
        row = self.shown_rows[position]
        self.select_row(row, sentence=len(self._sentences(row)) - 1 if last_sentence else 0)

    def action_next_row(self) -> None:
        """The next sentence of the active pane in this row, else the next row."""
        if self.sentence + 1 < len(self._sentences(self.cursor)):
            self.select_row(self.cursor, sentence=self.sentence + 1)
        else:
            self._step_row(1)

    def action_previous_row(self) -> None:
        if self.sentence > 0:
            self.select_row(self.cursor, sentence=self.sentence - 1)
        else:
            self._step_row(-1, last_sentence=True)

    def action_first_row(self) -> None:
        if self.shown_rows:
            self.scroll_home(animate=False)
            self.select_row(self.shown_rows[0])

    def action_last_row(self) -> None:
        if self.shown_rows:
            self.scroll_end(animate=False)
            self.select_row(self.shown_rows[-1])

    def _row_at_top(self) -> int:
        top = int(self.scroll_y)
        return self._lines[min(top, len(self._lines) - 1)][0] if self._lines else 0

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)
        self.call_after_refresh(lambda: self.select_row(self._row_at_top(), scroll=False))

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)
        self.call_after_refresh(lambda: self.select_row(self._row_at_top(), scroll=False))

    # ------------------------------------------------------------------ rendering

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme) -> None:
        """Cached lines hold the old theme's colours: drawn again at once."""
        self._update_highlight()
        self._cache.clear()
        self.refresh()

    def side_style(self, side: str) -> Style:
        """Article A's or B's colour (labels, badges, counts) in the current theme."""
        return self.get_component_rich_style(f"side-by-side--{side}", partial=True)

    def _background(self, component: str) -> Style:
        return Style(bgcolor=self.get_component_rich_style(component).bgcolor)

    def _update_highlight(self) -> None:
        """The current sentence of a row holding several, drawn brighter than the row."""
        self._highlighted = None
        row = self.rows[self.cursor] if self.rows else None
        if row is None or self.cursor not in self._wrapped:
            return
        text, spans = (row.a, row.a_spans) if self.active == "a" else (row.b, row.b_spans)
        if text is None or len(spans) < 2 or self.sentence >= len(spans):
            return
        start, end = spans[self.sentence]
        lit = text.copy()
        lit.stylize(self._background("side-by-side--sentence"), start, end)
        # Styles do not move line breaks: the lit copy wraps exactly as the row did.
        lines = list(lit.wrap(self.app.console, self._pane))
        side = self._wrapped[self.cursor][0 if self.active == "a" else 1]
        self._highlighted = (self.cursor, self.active, lines + side.lines[len(lines):])

    def _mark(self, side: str, sentences: tuple[int, ...]) -> Text:
        """The gutter mark of one line: a claim on its sentence, else a mirrored status."""
        statuses = self.status_a if side == "a" else self.status_b
        mirrored = self.mirrored_a if side == "a" else self.mirrored_b
        shown = [i for i in sentences if i in statuses]
        own = [i for i in shown if i not in mirrored]
        if own:
            colour = status_colour(self.app, statuses[own[0]])
            return Text(OWN_MARK, style=Style(color=colour, bold=True))
        if shown:
            colour = status_colour(self.app, statuses[shown[0]])
            return Text(MIRRORED_MARK, style=Style(color=colour, dim=True))
        return Text(" ")

    def _gutter(self, row: CompareRow, side: str, n: int, wrapped: _Wrapped) -> Text:
        all_sentences = row.a_sentences if side == "a" else row.b_sentences
        mark = Text(" ")
        if 0 <= n < len(wrapped.sentences):
            positions = wrapped.sentences[n]
            mark = self._mark(side, tuple(all_sentences[k] for k in positions
                                          if k < len(all_sentences)))
        label = Text("  ")
        if n == 0 and row.kind == f"only_{side}":
            label = Text(f"{side.upper()} ", style=self.side_style(side))
        elif n == 0 and wrapped.lines and (row.a_conflict if side == "a" else row.b_conflict):
            label = Text("⚠ ", style=self.get_component_rich_style("side-by-side--conflict",
                                                                  partial=True))
        return Text.assemble(mark, label)

    def render_line(self, y: int) -> Strip:
        line = y + int(self.scroll_y)
        width = self.scrollable_content_region.width
        if line >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        cached = self._cache.get(line)
        if cached is not None and cached.cell_length == width:
            return cached
        index, n = self._lines[line]
        row = self.rows[index]
        selected = index == self.cursor
        parts = []
        for side, wrapped in zip("ab", self._wrapped[index]):
            lines = wrapped.lines
            if self._highlighted and self._highlighted[:2] == (index, side):
                lines = self._highlighted[2]
            text = lines[n] if 0 <= n < len(lines) else None
            body = text.copy() if text is not None else Text("")
            body.truncate(self._pane, pad=True)
            if selected:
                body.stylize_before(self._background(
                    "side-by-side--active-row" if side == self.active else "side-by-side--other-row"))
            parts.append(Text.assemble(self._gutter(row, side, n, wrapped), body))
        joined = Text.assemble(parts[0], Text(SEPARATOR, style="dim"), parts[1], no_wrap=True)
        segments = list(joined.render(self.app.console))
        strip = Strip(Segment.apply_style(segments, self.rich_style), joined.cell_len)
        strip = strip.extend_cell_length(width, self.rich_style).crop(0, width)
        if len(self._cache) > 512:
            self._cache.clear()
        self._cache[line] = strip
        return strip
