"""A story: its articles with outlet and date, and what each alone reports.

"Alone" counts an article's sentences that the aligner pairs with no sentence of any
other article of the story: what only that outlet says. Every pair of the story's
articles is aligned in a thread (cached, story_pairs.py) once their analyses are in;
until then the column shows "…". Enter opens the article in the reader; `M` the
coverage matrix (claims × outlets).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ..core.analysis import Analysis
from ..core.coverage import Coverage, story_coverage
from ..core.stories import Story, outlet_name

if TYPE_CHECKING:
    from textual import getters

    from ..app import NewsdeskApp

COLUMNS = (("Outlet", "outlet"), ("Date", "date"), ("Title", "title"),
           ("Sentences", "sentences"), ("Alone", "alone"))
PENDING = "…"
OUTLET_WIDTH = 24
FIXED_WIDTH = OUTLET_WIDTH + 10 + 9 + 5 + 2 * len(COLUMNS) + 3  # every column but the title
MIN_TITLE_WIDTH = 20


class StoryScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(NewsdeskApp)

    DEFAULT_CSS = """
    #story-title, #story-status { height: auto; padding: 0 1; background: $boost; }
    #story-articles { height: auto; max-height: 50%; }
    #story-alone-box { height: 1fr; border-top: solid $primary; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="story.back"),
        Binding("j", "cursor_down", "Down", show=False, id="story.down"),
        Binding("k", "cursor_up", "Up", show=False, id="story.up"),
        Binding("enter", "open", "Read", id="story.open"),
        Binding("M", "matrix", "Coverage matrix", id="story.matrix",
                tooltip="Who reports what: the story's claims against its outlets"),
        Binding("T", "timeline", "Timeline", id="story.timeline",
                tooltip="The story's dated events on one axis"),
        Binding("Q", "quotes", "Quotes", id="story.quotes",
                tooltip="Every outlet's version of each quotation in the story"),
        Binding("question_mark", "app.help", "Help", id="story.help"),
    ]

    def __init__(self, story: Story) -> None:
        super().__init__()
        self.story = story
        self.coverage: Coverage | None = None
        self.analyses: dict[str, Analysis] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="story-title")
        yield DataTable(id="story-articles", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="story-alone-box"):
            yield Static(id="story-alone")
        yield Static(id="story-status")
        yield Footer()

    def on_mount(self) -> None:
        story = self.story
        title = Text(story.title, style="bold")
        outlets = len({outlet_name(a) for a in story.articles})
        dates = sorted(a.date for a in story.articles if a.date)
        span = f" · {dates[0]}" + (f" – {dates[-1]}" if dates[-1] != dates[0] else "") if dates else ""
        title.append(f"\n{len(story.articles)} articles · {outlets} outlets{span}", style="dim")
        self.query_one("#story-title", Static).update(title)
        table = self.query_one(DataTable)
        for label, key in COLUMNS:
            table.add_column(label, key=key)
        self._fill()
        self.query_one("#story-status", Static).update(Text("aligning the story's articles…",
                                                            style="italic"))
        table.focus()
        self.run_worker(self._align_story(), group="story", exclusive=True, exit_on_error=False)

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        coverage = self.coverage
        position = {a.uri: n for n, a in enumerate(coverage.articles)} if coverage else {}
        for article in self.story.articles:
            n = position.get(article.uri)
            sentences = Text(PENDING if n is None else str(coverage.sentences[n]),  # type: ignore[union-attr]
                             justify="right")
            alone = Text(PENDING if n is None else str(coverage.alone[n]),  # type: ignore[union-attr]
                         justify="right", style="bold" if n is not None else "dim")
            star = article is self.story.central
            width = max(MIN_TITLE_WIDTH, (self.size.width or self.app.size.width) - FIXED_WIDTH)
            title = Text(article.title)
            title.truncate(width - 3 * star, overflow="ellipsis")
            if star:
                title.append(" ★", style="dim")
            outlet = Text(outlet_name(article))
            outlet.truncate(OUTLET_WIDTH, overflow="ellipsis")
            table.add_row(outlet, Text(article.date or "—"), title, sentences, alone,
                          key=article.uri)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    async def _align_story(self) -> None:
        analyses = await self.app.analyses_for(self.story.articles)
        ready = [a for a in self.story.articles if a.uri in analyses]
        self.analyses = analyses
        self.coverage = await asyncio.to_thread(story_coverage, ready, analyses,
                                                self.app.pair_cache)
        self._fill()
        self._show_alone()
        shared = sum(1 for g in self.coverage.groups if g.outlets > 1)
        self.query_one("#story-status", Static).update(Text(
            f"{shared} claims reported by two or more articles · Alone: sentences no other "
            "article of the story reports · ★ the story's title · M coverage matrix",
            style="dim"))

    def on_resize(self) -> None:
        self._fill()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_alone()

    def alone_sentences(self, uri: str) -> list[str]:
        """What the article alone reports: its sentences in no claim another article shares."""
        coverage = self.coverage
        if coverage is None:
            return []
        n = next((m for m, a in enumerate(coverage.articles) if a.uri == uri), None)
        if n is None:
            return []
        article, analysis = coverage.articles[n], self.analyses[uri]
        indices = sorted(i for g in coverage.groups if g.outlets == 1
                         for i in g.sentences.get(n, ()))
        return [article.text[analysis.sentences[i].start:analysis.sentences[i].end].strip()
                for i in indices]

    def _show_alone(self) -> None:
        article = self.current_article()
        pane = self.query_one("#story-alone", Static)
        if article is None or self.coverage is None:
            pane.update(Text(""))
            return
        found = self.alone_sentences(article.uri)
        text = Text(f"What {outlet_name(article)} alone reports ({len(found)}):\n", style="bold")
        for sentence in found:
            text.append("• ", style="dim")
            text.append(sentence + "\n")
        pane.update(text)

    def current_article(self):
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.app.article_by_uri(key) if key is not None else None

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        article = self.current_article()
        if article is not None:
            self.app.open_article(article)

    def action_matrix(self) -> None:
        if self.coverage is None:
            self.notify("Still aligning the story's articles…", timeout=2)
            return
        from .coverage_matrix import CoverageScreen

        self.app.push_screen(CoverageScreen(self.story, self.coverage, self.analyses))

    def action_timeline(self) -> None:
        self.app.open_timeline(self.story.articles,
                               f"Timeline: {self.story.title} ({len(self.story.articles)} article(s))")

    def action_quotes(self) -> None:
        from .quotes import QuotesScreen

        self.app.push_screen(QuotesScreen(list(self.story.articles),
                                          f"Quotations · {self.story.title}"))

    def action_back(self) -> None:
        self.dismiss()
