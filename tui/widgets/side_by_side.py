"""Two articles side by side: one row per aligned group of sentences, both panes level.

One widget draws both panes, so a single scroll moves them together and an
aligned pair always starts on the same line. Only visible lines are rendered.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..render import STATUS_COLOURS, CompareRow

SEPARATOR = " │ "
GUTTER = 3
ONLY_STYLE = {"a": Style(color="#5fafff", bold=True), "b": Style(color="#d7af5f", bold=True)}


class SideBySide(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    SideBySide { background: $surface; scrollbar-gutter: stable; overflow-x: hidden; }
    """

    BINDINGS = [
        Binding("j,down", "next_row", "Next row", id="compare.next"),
        Binding("k,up", "previous_row", "Prev row", id="compare.previous"),
        Binding("space,pagedown", "page_down", "Page", show=False, id="compare.page_down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="compare.page_up"),
        Binding("g,home", "first_row", "Top", show=False, id="compare.top"),
        Binding("G,end", "last_row", "Bottom", show=False, id="compare.bottom"),
    ]

    class CursorMoved(Message):
        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    def __init__(self, rows: list[CompareRow], *, id: str | None = None):
        super().__init__(id=id)
        self.rows = rows
        self.cursor = 0
        self.active = "a"
        self.status_a: dict[int, str | None] = {}
        self.status_b: dict[int, str | None] = {}
        self._lines: list[tuple[int, Text | None, Text | None, bool]] = []  # row, a, b, first
        self._row_first_line: list[int] = []
        self._pane = 0
        self._cache: dict[int, Strip] = {}

    # ------------------------------------------------------------------ layout

    def set_rows(self, rows: list[CompareRow]) -> None:
        self.rows = rows
        self.cursor = min(self.cursor, max(0, len(rows) - 1))
        self._relayout(self.scrollable_content_region.width)

    def set_statuses(self, status_a: dict[int, str | None], status_b: dict[int, str | None]) -> None:
        self.status_a, self.status_b = dict(status_a), dict(status_b)
        self._cache.clear()
        self.refresh()

    def _relayout(self, width: int) -> None:
        pane = max(10, (width - len(SEPARATOR)) // 2 - GUTTER)
        console = self.app.console
        lines: list[tuple[int, Text | None, Text | None, bool]] = []
        firsts = []
        for index, row in enumerate(self.rows):
            a_lines = list(row.a.wrap(console, pane)) if row.a is not None else []
            b_lines = list(row.b.wrap(console, pane)) if row.b is not None else []
            if row.note is not None:  # under the side that holds the conflicting figure
                on_a = row.a is not None and (row.a_conflict or not row.b_conflict)
                (a_lines if on_a else b_lines).extend(row.note.wrap(console, pane))
            height = max(len(a_lines), len(b_lines), 1)
            firsts.append(len(lines))
            for n in range(height):
                lines.append((index,
                              a_lines[n] if n < len(a_lines) else None,
                              b_lines[n] if n < len(b_lines) else None,
                              n == 0))
            lines.append((index, None, None, False))  # a blank line between rows
        self._lines, self._row_first_line, self._pane = lines, firsts, pane
        self._cache.clear()
        self.virtual_size = Size(width, len(lines))
        self.refresh()

    def on_resize(self) -> None:
        self._relayout(self.scrollable_content_region.width)

    # ------------------------------------------------------------------ cursor

    def select_row(self, index: int, *, scroll: bool = True) -> None:
        if not self.rows:
            return
        self.cursor = max(0, min(index, len(self.rows) - 1))
        self._cache.clear()
        self.refresh()
        if scroll and self._row_first_line:
            first = self._row_first_line[self.cursor]
            last = (self._row_first_line[self.cursor + 1] if self.cursor + 1 < len(self.rows)
                    else len(self._lines))
            self.scroll_to_region(Region(0, first, 1, max(1, last - first)), animate=False,
                                  immediate=True)
        self.post_message(self.CursorMoved(self.cursor))

    def set_active(self, side: str) -> None:
        self.active = side
        self._cache.clear()
        self.refresh()

    def action_next_row(self) -> None:
        self.select_row(self.cursor + 1)

    def action_previous_row(self) -> None:
        self.select_row(self.cursor - 1)

    def action_first_row(self) -> None:
        self.scroll_home(animate=False)
        self.select_row(0)

    def action_last_row(self) -> None:
        self.scroll_end(animate=False)
        self.select_row(len(self.rows) - 1)

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

    def _gutter(self, row: CompareRow, side: str, first: bool, has_text: bool) -> Text:
        sentences = row.a_sentences if side == "a" else row.b_sentences
        statuses = self.status_a if side == "a" else self.status_b
        status = next((statuses[i] for i in sentences if i in statuses), "-")
        mark = Text(" ")
        if status != "-" and has_text:
            mark = Text("┃", style=Style(color=STATUS_COLOURS.get(status or "", "#5f87af"),
                                         bold=True))
        label = Text("  ")
        if first and row.kind == f"only_{side}":
            label = Text(f"{side.upper()} ", style=ONLY_STYLE[side])
        elif first and has_text and (row.a_conflict if side == "a" else row.b_conflict):
            label = Text("⚠ ", style=Style(color="#ff5f5f", bold=True))
        return Text.assemble(mark, label)

    def render_line(self, y: int) -> Strip:
        line = y + int(self.scroll_y)
        width = self.scrollable_content_region.width
        if line >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        cached = self._cache.get(line)
        if cached is not None and cached.cell_length == width:
            return cached
        index, a, b, first = self._lines[line]
        row = self.rows[index]
        selected = index == self.cursor
        dark = self.app.current_theme.dark if self.app.current_theme else True
        parts = []
        for side, text in (("a", a), ("b", b)):
            body = text.copy() if text is not None else Text("")
            body.truncate(self._pane, pad=True)
            if selected:
                active = side == self.active
                bg = ("#2d3b55" if active else "#262c38") if dark else \
                    ("#d8e4fb" if active else "#eef2fa")
                body.stylize_before(Style(bgcolor=bg))
            parts.append(Text.assemble(self._gutter(row, side, first, text is not None), body))
        joined = Text.assemble(parts[0], Text(SEPARATOR, style="dim"), parts[1], no_wrap=True)
        segments = list(joined.render(self.app.console))
        strip = Strip(Segment.apply_style(segments, self.rich_style), joined.cell_len)
        strip = strip.extend_cell_length(width, self.rich_style).crop(0, width)
        if len(self._cache) > 512:
            self._cache.clear()
        self._cache[line] = strip
        return strip
