"""The article body: wrapped once per width, rendered line by line.

Only the rows on screen are styled and rendered (Textual's Line API), so a
long article scrolls as smoothly as a short one.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..core.analysis import Analysis
from ..core.entity_spans import Entity
from ..render import CHANGED_MARK, STATUS_COLOURS, highlight
from ..status_colours import NOTE_ONLY_COLOUR, status_colour
from .wrap import LONG_LINE_CHARS, row_breaks

GUTTER = 3
MAX_ENTITY_CHARS = 300


class ArticleView(ScrollView, can_focus=True):
    """A scrollable, highlighted article with a sentence cursor."""

    # Boilerplate (related links, share bars, sign-ups) is drawn in this style unless
    # shown normally; a theme colour, so it follows light and dark themes.
    COMPONENT_CLASSES = {"article-view--boilerplate", "article-view--cursor",
                         "article-view--cursor-mark", "article-view--match",
                         "article-view--match-current"}

    DEFAULT_CSS = """
    ArticleView { background: $surface; padding: 0 1; scrollbar-gutter: stable; overflow-x: hidden; }
    ArticleView > .article-view--boilerplate { color: $text-muted; }
    ArticleView > .article-view--cursor { background: $primary 25%; }
    ArticleView > .article-view--cursor-mark { color: $text-primary; text-style: bold; }
    ArticleView > .article-view--match { background: $warning 45%; }
    ArticleView > .article-view--match-current { background: $warning; color: $background;
        text-style: bold; }
    """

    BINDINGS = [
        Binding("j,down", "next_sentence", "Next", id="reader.next"),
        Binding("k,up", "previous_sentence", "Prev", id="reader.previous"),
        Binding("space,pagedown", "page_down", "Page", show=False, id="reader.page_down"),
        # `b` is the reader's boilerplate toggle; page up is the page-up key alone.
        Binding("pageup", "page_up", "Page up", show=False, id="reader.page_up"),
        Binding("g,home", "first_sentence", "Top", show=False, id="reader.top"),
        Binding("G,end", "last_sentence", "Bottom", show=False, id="reader.bottom"),
    ]

    class CursorMoved(Message):
        def __init__(self, view: ArticleView, index: int | None) -> None:
            super().__init__()
            self.view = view
            self.index = index

    def __init__(self, text: str, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.text = text
        self.analysis: Analysis | None = None
        self.hidden_labels: frozenset[str] = frozenset()
        self.cursor: int | None = None
        self._rows: list[tuple[int, int]] = []
        self._row_starts: list[int] = []
        self._entity_starts: list[int] = []
        self._entities: list[Entity] = []
        self._wrap_width = 0
        self._strip_cache: dict[int, Strip] = {}
        self.matches: list[tuple[int, int]] = []  # in-article search hits, (start, end)
        self.current_match: int | None = None
        self._match_starts: list[int] = []
        self.claim_status: dict[int, str | None] = {}  # sentence index → status (None: note only)
        self.changed_claims: frozenset[int] = frozenset()
        self.show_boilerplate = False  # False: boilerplate drawn dim

    # ------------------------------------------------------------------ layout

    def _relayout(self, width: int) -> None:
        width = max(10, width - GUTTER)
        rows: list[tuple[int, int]] = []
        offset = 0
        for line in self.text.split("\n"):
            if not line:
                rows.append((offset, offset))
            else:
                breaks = [0, *row_breaks(line, width), len(line)]
                for start, end in zip(breaks, breaks[1:]):
                    if end > start:
                        rows.append((offset + start, offset + end))
            offset += len(line) + 1
        self._rows = rows
        self._row_starts = [start for start, _ in rows]
        self._wrap_width = width
        self._strip_cache.clear()
        self.virtual_size = Size(width + GUTTER, len(rows))

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._wrap_width + GUTTER:
            self._relayout(width)
            self.refresh()

    def row_of(self, offset: int) -> int:
        return max(0, bisect_right(self._row_starts, offset) - 1)

    # ------------------------------------------------------------------ state

    def set_analysis(self, analysis: Analysis | None) -> None:
        self.analysis = analysis
        self._entities = sorted(analysis.entities, key=lambda e: e.start) if analysis else []
        self._entity_starts = [e.start for e in self._entities]
        if analysis and analysis.sentences and self.cursor is None:
            self.cursor = self._first_visible_sentence()
        self._invalidate()
        if self.cursor is not None:
            self.post_message(self.CursorMoved(self, self.cursor))

    def set_hidden_labels(self, hidden: frozenset[str]) -> None:
        self.hidden_labels = hidden
        self._invalidate()

    def set_show_boilerplate(self, shown: bool) -> None:
        """Draw boilerplate like the article (True) or dim (False)."""
        self.show_boilerplate = shown
        self._invalidate()

    def set_claims(self, claim_status: dict[int, str | None],
                   changed: set[int] | frozenset[int] = frozenset()) -> None:
        """Which sentences are claims, and their status: drawn as gutter marks and tints.

        A claim in `changed` (its words differ from those it was tagged on) has a
        `Δ` mark on its status colour instead of the bar, so it stands out for a second look.
        """
        self.claim_status = dict(claim_status)
        self.changed_claims = frozenset(changed)
        self._invalidate()

    def set_matches(self, matches: list[tuple[int, int]], current: int | None) -> None:
        """Search hits drawn over the text; the current one brighter."""
        self.matches, self.current_match = matches, current
        self._match_starts = [match_start for match_start, _ in matches]
        self._invalidate()

    def _mark_matches(self, body: Text, start: int, end: int) -> None:
        first = max(0, bisect_right(self._match_starts, start) - 1)
        for index in range(first, len(self.matches)):
            match_start, match_end = self.matches[index]
            if match_start >= max(end, start + 1):
                break
            if match_end > start:
                component = ("article-view--match-current" if index == self.current_match
                             else "article-view--match")
                body.stylize(self.get_component_rich_style(component, partial=True),
                             max(match_start, start) - start, min(match_end, end) - start)

    def _invalidate(self) -> None:
        self._strip_cache.clear()
        self.refresh()

    def _first_visible_sentence(self) -> int:
        assert self.analysis is not None
        if not self._rows:
            return 0
        top = self._rows[min(int(self.scroll_y), len(self._rows) - 1)][0]
        sentences = self.analysis.sentences
        position = bisect_right(sentences, top, key=lambda sentence: sentence.end)
        return sentences[position].index if position < len(sentences) else 0

    @property
    def sentence_count(self) -> int:
        return len(self.analysis.sentences) if self.analysis else 0

    def select_sentence(self, index: int, *, scroll: bool = True) -> None:
        if not self.analysis or not self.analysis.sentences:
            return
        index = max(0, min(index, len(self.analysis.sentences) - 1))
        self.cursor = index
        self._invalidate()
        if scroll:
            self.scroll_to_offset(self.analysis.sentences[index].start,
                                  self.analysis.sentences[index].end)
        self.post_message(self.CursorMoved(self, index))

    def scroll_to_offset(self, start: int, end: int | None = None) -> None:
        """Bring the rows holding text[start:end] into view."""
        if not self._rows:
            return
        first = self.row_of(start)
        last = self.row_of(max(start, (end or start + 1) - 1))
        self.scroll_to_region(
            Region(0, first, 1, last - first + 1), animate=False, immediate=True,
            spacing=None,
        )

    # ------------------------------------------------------------------ actions

    def action_next_sentence(self) -> None:
        if self.analysis and self.analysis.sentences:
            self.select_sentence(0 if self.cursor is None else self.cursor + 1)
        else:
            self.scroll_down(animate=False)

    def action_previous_sentence(self) -> None:
        if self.analysis and self.analysis.sentences:
            self.select_sentence(0 if self.cursor is None else self.cursor - 1)
        else:
            self.scroll_up(animate=False)

    def action_first_sentence(self) -> None:
        self.scroll_home(animate=False)
        self.select_sentence(0, scroll=False)

    def action_last_sentence(self) -> None:
        self.scroll_end(animate=False)
        self.select_sentence(self.sentence_count - 1, scroll=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)
        self._cursor_into_view()

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)
        self._cursor_into_view()

    def _cursor_into_view(self) -> None:
        if self.analysis and self.analysis.sentences:
            self.call_after_refresh(
                lambda: self.select_sentence(self._first_visible_sentence(), scroll=False)
            )

    def on_click(self, event) -> None:
        if not self.analysis or not self._rows:
            return
        row = int(event.y + self.scroll_y)
        if 0 <= row < len(self._rows):
            start, end = self._rows[row]
            offset = min(end, start + max(0, event.x - GUTTER - 1))
            sentence = self.analysis.sentence_at(offset)
            if sentence:
                self.select_sentence(sentence.index, scroll=False)

    # ------------------------------------------------------------------ rendering

    def _cursor_span(self) -> tuple[int, int] | None:
        if self.analysis is None or self.cursor is None or not self.analysis.sentences:
            return None
        sentence = self.analysis.sentences[min(self.cursor, len(self.analysis.sentences) - 1)]
        return sentence.start, sentence.end

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme) -> None:
        """Lines are cached with the theme's colours: drawn again at once in the new ones
        (they stayed in the old theme until the next key)."""
        self._invalidate()

    def _cursor_style(self) -> Style:
        return Style(bgcolor=self.get_component_rich_style("article-view--cursor").bgcolor)

    def render_line(self, y: int) -> Strip:
        row = y + int(self.scroll_y)
        width = self.scrollable_content_region.width
        if row >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        cached = self._strip_cache.get(row)
        if cached is not None and cached.cell_length == width:
            return cached
        strip = self._render_row(row, width)
        if len(self._strip_cache) > 512:
            self._strip_cache.clear()
        self._strip_cache[row] = strip
        return strip

    def _claim_tint(self, status: str | None) -> Style:
        background = self.rich_style.bgcolor
        base = Color.from_rich_color(background) if background else Color.parse("#1e1e1e")
        colour = Color.parse(STATUS_COLOURS.get(status or "", NOTE_ONLY_COLOUR))
        return Style(bgcolor=base.blend(colour, 0.28).hex)

    def _dim_boilerplate(self, body: Text, start: int, end: int) -> None:
        """Boilerplate in text[start:end] in the boilerplate component style."""
        assert self.analysis is not None
        spans = self.analysis.boilerplate
        # Only the colour: the cursor and claim tints beneath stay. The full style is asked
        # for because a muted colour is a blend with the background.
        style = Style(color=self.get_component_rich_style("article-view--boilerplate").color)
        for span_start, span_end in spans[max(0, bisect_right(spans, (start, start)) - 1):]:
            if span_start >= max(end, start + 1):
                break
            if span_end > start:
                body.stylize(style, max(span_start, start) - start, min(span_end, end) - start)

    def _render_row(self, row: int, width: int) -> Strip:
        start, end = self._rows[row]
        # A row's text is never longer than this; what follows is the spaces that end it.
        end = min(end, start + LONG_LINE_CHARS)
        first = bisect_left(self._entity_starts, start - MAX_ENTITY_CHARS)
        last = bisect_left(self._entity_starts, end)
        body = highlight(self.text, self._entities[first:last], start, end, self.hidden_labels)
        body.plain = body.plain.replace("\t", " ")
        if self.analysis and self.analysis.boilerplate and not self.show_boilerplate:
            self._dim_boilerplate(body, start, end)
        if self.matches:
            self._mark_matches(body, start, end)
        # Cursor first, then the claim tint beneath it: entity colours stay on top of both.
        cursor_mark = Text("  ")
        cursor = self._cursor_span()
        if cursor and cursor[0] < max(end, start + 1) and start < cursor[1]:
            body.stylize_before(self._cursor_style(), max(cursor[0], start) - start,
                                min(cursor[1], end) - start)
            cursor_mark = Text("▶ ", style=self.get_component_rich_style(
                "article-view--cursor-mark", partial=True))
        status_mark = Text(" ")
        if self.analysis and end > start:
            for index, status in self.claim_status.items():
                sentence = self.analysis.sentences[index]
                if sentence.start < end and start < sentence.end:
                    body.stylize_before(self._claim_tint(status), max(sentence.start, start) - start,
                                        min(sentence.end, end) - start)
                    colour = STATUS_COLOURS.get(status or "", NOTE_ONLY_COLOUR)
                    status_mark = (
                        Text(CHANGED_MARK, style=Style(color="#1a1a1a", bgcolor=colour, bold=True))
                        if index in self.changed_claims
                        else Text("┃", style=Style(color=status_colour(self.app, status), bold=True)))
        body.rstrip()
        line = Text.assemble(status_mark, cursor_mark, body, no_wrap=True)
        segments = list(line.render(self.app.console))
        strip = Strip(Segment.apply_style(segments, self.rich_style), line.cell_len)
        return strip.extend_cell_length(width, self.rich_style).crop(0, width)
