"""Timeline: the dated events of a list of articles on one axis.

One row per event in date order: the date, what happened, the outlets that date it
and how a relative date was read ("Sunday before 2025-01-13 → 2025-01-12"). An event
two outlets date differently is marked ⚠ with the other dates. The pane below shows
the selected event's sources, each with its sentence. j/k move, enter opens the source
article at that sentence (choosing the source first when there are several).

The analyses (with the parse of dated sentences) come from the worker pool and the
timeline is built in a thread, so the screen stays responsive; a status line says how
far that is. Any screen can open it with a list of articles (the library: the marked
ones, or the current article's story).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ..core.articles import Article
from ..core.sanitize import sanitize_line
from ..core.timeline import Event, Mention, Timeline, TimelineArticle, build_timeline
from ..timeline_render import CONFLICT_MARK, how_text
from ..widgets.store_banner import StoreBanner
from ..worker_errors import ReportsWorkerFailures

if TYPE_CHECKING:
    from textual import getters

    from ..app import NewsdeskApp

WHAT_WIDTH = 44  # characters of "what" in a row at most; the pane below shows it whole
SOURCES_WIDTH = 18
HOW_WIDTH = 34
NARROW_SOURCES_WIDTH = 12  # below WIDE_COLUMNS, the columns share what is left
WIDE_COLUMNS = 130
FIXED_COLUMNS = 22  # the date column and the table's padding
MIN_WIDTH = 12


class TimelineScreen(ReportsWorkerFailures, Screen[None]):
    """Dated events of `articles`, merged across outlets, conflicts marked."""

    if TYPE_CHECKING:
        app = getters.app(NewsdeskApp)

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="timeline.down"),
        Binding("k", "cursor_up", "Up", show=False, id="timeline.up"),
        Binding("enter", "open", "Open source", id="timeline.open"),
        Binding("escape,q", "app.pop_screen", "Back", id="timeline.back"),
        Binding("question_mark", "app.help", "Help", id="timeline.help"),
    ]
    DEFAULT_CSS = """
    TimelineScreen #timeline-title { padding: 0 1; text-style: bold; }
    TimelineScreen #timeline-status { padding: 0 1; color: $text-muted; height: auto; }
    TimelineScreen DataTable { height: 1fr; }
    TimelineScreen #timeline-detail { height: auto; max-height: 40%; padding: 0 1;
        border-top: solid $accent; overflow-y: auto; }
    """

    def __init__(self, articles: list[Article], title: str = ""):
        super().__init__()
        self.articles = list(articles)
        self.heading = title or f"Timeline of {len(self.articles)} article(s)"
        self.timeline: Timeline | None = None
        self._failed = 0  # articles whose analysis failed
        self._outlets = {a.uri: a.source or (a.path.stem if a.path else a.title) for a in self.articles}

    def compose(self) -> ComposeResult:
        yield StoreBanner()
        yield Static(Text(sanitize_line(self.heading)), id="timeline-title")
        yield Static(Text("analysing…", style="italic"), id="timeline-status")
        yield DataTable(id="timeline-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="timeline-detail")
        yield Footer()

    def on_mount(self) -> None:
        self._add_columns()
        self.query_one(DataTable).focus()
        self.run_worker(self._load(), exclusive=True, group="timeline", exit_on_error=False)

    # ------------------------------------------------------------------ building

    def _status(self, text: str, style: str = "italic") -> None:
        self.query_one("#timeline-status", Static).update(Text(text, style=style))

    async def _load(self) -> None:
        """Analyses over the pool, as many at a time as it has workers, then the timeline."""
        total = len(self.articles)
        done = 0
        limit = asyncio.Semaphore(max(1, self.app.pool.workers))
        analysed: dict[str, TimelineArticle] = {}
        failed = 0

        async def one(article: Article) -> None:
            nonlocal done, failed
            async with limit:
                try:
                    analysis = await self.app.analysis_future(article, roles=True)
                except Exception:  # a worker died: the others still make a timeline
                    failed += 1
                    return
                finally:
                    done += 1
                    self._status(f"analysing {done}/{total} article(s)…")
            analysed[article.uri] = TimelineArticle(article.uri, article.text, analysis,
                                                    article.date, article.source)

        self._status(f"analysing 0/{total} article(s)…")
        await asyncio.gather(*(one(a) for a in self.articles))
        self._status("putting events in order…")
        ready = [analysed[a.uri] for a in self.articles if a.uri in analysed]
        timeline = await asyncio.to_thread(build_timeline, ready)
        self._show(timeline, failed)

    def _add_columns(self) -> None:
        table = self.query_one(DataTable)
        for label, key in (("Date", "date"), ("What", "what"), ("Sources", "sources"),
                           ("How", "how")):
            table.add_column(label, key=key)

    def _widths(self) -> tuple[int, int, int]:
        """(what, sources, how) widths for the screen's width: the How column stays on screen."""
        width = self.app.size.width
        if width >= WIDE_COLUMNS:
            return WHAT_WIDTH, SOURCES_WIDTH, HOW_WIDTH
        left = max(2 * MIN_WIDTH, width - FIXED_COLUMNS - NARROW_SOURCES_WIDTH)
        what = max(MIN_WIDTH, left * 11 // 20)
        return min(what, WHAT_WIDTH), NARROW_SOURCES_WIDTH, max(MIN_WIDTH, min(left - what, HOW_WIDTH))

    def on_resize(self) -> None:
        if self.timeline is not None:
            self._show(self.timeline, self._failed)

    def _show(self, timeline: Timeline, failed: int) -> None:
        self.timeline, self._failed = timeline, failed
        what_width, sources_width, how_width = self._widths()
        table = self.query_one(DataTable)
        row_before = table.cursor_row
        table.clear(columns=True)  # columns sized anew for the width
        self._add_columns()
        others = self._other_dates(timeline)
        for n, event in enumerate(timeline.events):
            differing = others.get(n, [])
            date = Text(event.date, style="bold")
            what = Text(sanitize_line(event.what))
            if differing:
                date.append(f" {CONFLICT_MARK}", style="bold yellow")
                what = Text.assemble((f"{CONFLICT_MARK} also {', '.join(differing)}: ", "yellow"), what)
            what.truncate(what_width, overflow="ellipsis")
            sources = Text(", ".join(sorted({self._outlet(m) for m in event.mentions})))
            sources.truncate(sources_width, overflow="ellipsis")
            hows = sorted({h for h in (how_text(m) for m in event.mentions) if h})
            how = Text("; ".join(hows), style="italic")
            how.truncate(how_width, overflow="ellipsis")
            table.add_row(date, what, sources, how, key=str(n))
        if row_before and row_before < table.row_count:
            table.move_cursor(row=row_before)
        parts = [f"{len(timeline.events)} dated event(s)"]
        if timeline.conflicts:
            parts.append(f"{CONFLICT_MARK} {len(timeline.conflicts)} dated differently by outlets")
        if timeline.notices:
            parts.append(f"{len(timeline.notices)} article(s) without a date: relative dates not resolved")
        if failed:
            parts.append(f"{failed} article(s) could not be analysed")
        self._status(" · ".join(parts), style="")
        self._show_detail()

    def _other_dates(self, timeline: Timeline) -> dict[int, list[str]]:
        """For each event in a conflict, the dates the other side of the conflict gives."""
        index = {id(m): n for n, e in enumerate(timeline.events) for m in e.mentions}
        others: dict[int, list[str]] = {}
        for conflict in timeline.conflicts:
            for m in conflict.mentions:
                n = index.get(id(m))
                if n is None:
                    continue
                dates = others.setdefault(n, [])
                for other in conflict.mentions:
                    if index.get(id(other)) != n and other.when.iso not in dates:
                        dates.append(other.when.iso)
        for n, dates in others.items():  # "--01-09" says nothing more than "2025-01-09"
            others[n] = [d for d in dates if not (d.startswith("--") and any(
                full[4:] == d[1:] for full in dates if not full.startswith("--")))]
        return others

    def _outlet(self, mention: Mention) -> str:
        return sanitize_line(self._outlets.get(mention.uri, "") or mention.uri.rsplit("/", 1)[-1])

    # ------------------------------------------------------------------ the selected event

    def current_event(self) -> Event | None:
        table = self.query_one(DataTable)
        if self.timeline is None or not self.timeline.events or table.cursor_row is None:
            return None
        row = table.cursor_row
        return self.timeline.events[row] if 0 <= row < len(self.timeline.events) else None

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def _show_detail(self) -> None:
        event = self.current_event()
        detail = Text()
        if event is not None:
            detail.append(f"{event.date}  ", style="bold")
            detail.append(sanitize_line(event.what))
            for m in event.mentions:
                detail.append(f"\n{self._outlet(m)}", style="bold")
                detail.append(f" ({m.when.iso}; {sanitize_line(m.when.how)}): ", style="dim")
                detail.append(sanitize_line(m.sentence))
        self.query_one("#timeline-detail", Static).update(detail)

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_open(self) -> None:
        """Open the event's source at its sentence; with several sources, choose one first."""
        event = self.current_event()
        if event is None:
            return
        sources: list[Mention] = []
        for m in event.mentions:
            if all(m.uri != s.uri for s in sources):
                sources.append(m)
        if len(sources) == 1:
            self._open(sources[0])
            return
        from .pick_mention import PickMentionScreen

        def chosen(mention: Mention | None) -> None:
            if mention is not None:
                self._open(mention)

        self.app.push_screen(PickMentionScreen(
            [(m, f"{self._outlet(m)} — {sanitize_line(m.said)}: {sanitize_line(m.sentence)}")
             for m in sources]), chosen)  # type: ignore[arg-type]

    def _open(self, mention: Mention) -> None:
        article = self.app.article_by_uri(mention.uri) or \
            next((a for a in self.articles if a.uri == mention.uri), None)
        if article is not None:
            self.app.open_article(article, sentence=mention.sentence_index)
