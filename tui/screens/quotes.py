"""Quotes: every outlet's version of each quotation in a set of articles.

Opened on a story's articles (story view, `Q`) or on the library's, from the reader's
`Q` on a sentence holding a quotation (then only that quotation's groups show until
`a`). Each group is one statement: its speaker, each outlet's words with those that
differ highlighted, and its marks — how many outlets carry it, "only this outlet"
for a quotation one outlet alone has, and a red flag where outlets name different
speakers. Analyses come from the app's queue; grouping runs in a thread. Quotations
and names are article text: shown as Rich Text, never parsed as markup.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..core.analysis import Analysis
from ..core.articles import Article
from ..core.quotes import (
    Quote,
    QuoteGroup,
    article_quotes,
    find_quotes,
    groups_at,
    quote_spans,
    search_queries,
)
from ..render_quotes import group_renderable

if TYPE_CHECKING:
    from textual import getters

    from ..app import NewsdeskApp

# From the reader without a story: a library up to this size is read whole, a bigger one
# only where its searches for the quotation's speaker and words lead.
LIBRARY_QUOTES_MAX = 300
# The `s` filter, in the order it cycles: a name for the title line and a test.
FILTERS: tuple[tuple[str, Callable[[QuoteGroup], bool]], ...] = (
    ("all quotations", lambda g: True),
    ("quoted by several outlets", lambda g: not g.one_outlet),
    ("wording differs", lambda g: g.wording_differs),
    ("speakers differ", lambda g: g.speakers_differ),
    ("one outlet only", lambda g: g.one_outlet),
)


class QuotesScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(NewsdeskApp)

    DEFAULT_CSS = """
    #quotes-title, #quotes-status { height: auto; padding: 0 1; background: $boost; }
    #quotes { height: 1fr; }
    .quote-group { padding: 0 1; margin-bottom: 1; }
    .quote-group.current { background: $boost; border-left: thick $accent; }
    """
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="quotes.back"),
        Binding("j,down", "move(1)", "Next", show=False, id="quotes.down"),
        Binding("k,up", "move(-1)", "Previous", show=False, id="quotes.up"),
        Binding("right_square_bracket", "jump(1)", "Next quotation", show=False,
                id="quotes.next_group"),
        Binding("left_square_bracket", "jump(-1)", "Previous quotation", show=False,
                id="quotes.previous_group"),
        Binding("g", "first", "First", show=False, id="quotes.first"),
        Binding("G", "last", "Last", show=False, id="quotes.last"),
        Binding("enter", "open", "Read", id="quotes.open",
                tooltip="The version under the cursor in the reader, at its sentence"),
        Binding("s", "filter", "Filter", id="quotes.filter",
                tooltip="Show all quotations, those several outlets carry, reworded ones, "
                "disputed speakers, or one outlet's alone"),
        Binding("a", "all", "All quotations", id="quotes.all",
                tooltip="Every quotation of these articles, not only the sentence's"),
        Binding("question_mark", "app.help", "Help", id="quotes.help"),
    ]

    def __init__(self, articles: list[Article], title: str = "",
                 sentence: tuple[str, int] | None = None) -> None:
        super().__init__()
        self.articles = articles
        self.heading = title or "Quotations"
        self.sentence = sentence  # (uri, sentence index): only its quotations, until `a`
        self.groups: list[QuoteGroup] | None = None
        self.shown: list[QuoteGroup] = []
        self.filter = 0
        self.current = 0  # the group under the cursor
        self.version = 0  # and its version

    def compose(self) -> ComposeResult:
        yield Static(id="quotes-title")
        yield VerticalScroll(id="quotes")
        yield Static(id="quotes-status")
        yield Footer()

    def on_mount(self) -> None:
        self._title()
        self.query_one("#quotes-status", Static).update(Text(
            f"reading the quotations of {len(self.articles):,} articles…", style="italic"))
        self.run_worker(self._load(), group="quotes", exclusive=True, exit_on_error=False)

    async def _load(self) -> None:
        analyses = await self.app.analyses_for(self.articles)
        ready = [(a, analyses[a.uri]) for a in self.articles if a.uri in analyses]
        self.groups = await asyncio.to_thread(find_quotes, ready)
        self._show()

    def _title(self) -> None:
        title = Text(self.heading, style="bold")
        groups = self.groups
        if groups is not None:
            several = sum(1 for g in groups if not g.one_outlet)
            reworded = sum(1 for g in groups if g.wording_differs)
            disputed = sum(1 for g in groups if g.speakers_differ)
            title.append(f"\n{len(groups):,} quotations · {several:,} carried by several outlets"
                         f" · {reworded:,} worded differently · {disputed:,} with speakers "
                         f"that differ · {len(groups) - several:,} one outlet only", style="dim")
        self.query_one("#quotes-title", Static).update(title)

    def _show(self) -> None:
        groups = self.groups or []
        name, keep = FILTERS[self.filter]
        if self.sentence is not None:
            uri, index = self.sentence
            groups = groups_at(groups, uri, index)
            name = "the quotations of this sentence"
        self.shown = [g for g in groups if keep(g)]
        box = self.query_one("#quotes", VerticalScroll)
        box.remove_children()
        box.mount_all([Static(group_renderable(g, cursor=True), classes="quote-group") for g in self.shown])
        self.current = self.version = 0
        self._title()
        status = Text(f"showing {name}: {len(self.shown):,}", style="dim")
        if not self.shown:
            status = Text(f"no quotations to show ({name})"
                          + (" · a: every quotation" if self.sentence else ""), style="italic")
        status.append(" · highlighted: words the other outlets word differently · s filter",
                      style="dim")
        self.query_one("#quotes-status", Static).update(status)
        self.call_after_refresh(self._mark)

    def _mark(self, previous: int | None = None) -> None:
        """The cursor drawn: the current group lit, ▶ on its current version."""
        boxes = list(self.query(".quote-group").results(Static))
        for n, box in enumerate(boxes):
            box.set_class(n == self.current, "current")
        for redraw in {self.current} if previous is None else {previous, self.current}:
            if redraw < len(boxes):
                boxes[redraw].update(group_renderable(
                    self.shown[redraw], self.version if redraw == self.current else None,
                    cursor=True))
        if boxes:
            self.query_one("#quotes", VerticalScroll).scroll_to_widget(
                boxes[self.current], animate=False)

    def _go(self, group: int, version: int) -> None:
        previous = self.current
        self.current, self.version = group, version
        self._mark(previous)

    def action_move(self, step: int) -> None:
        """The next / previous version, on into the next / previous group."""
        if not self.shown:
            return
        group, version = self.current, self.version + step
        if version >= len(self.shown[group].versions) and group + 1 < len(self.shown):
            group, version = group + 1, 0
        elif version < 0 and group > 0:
            group, version = group - 1, len(self.shown[group - 1].versions) - 1
        version = max(0, min(version, len(self.shown[group].versions) - 1))
        self._go(group, version)

    def action_jump(self, step: int) -> None:
        if self.shown:
            self._go(max(0, min(len(self.shown) - 1, self.current + step)), 0)

    def action_first(self) -> None:
        if self.shown:
            self._go(0, 0)

    def action_last(self) -> None:
        if self.shown:
            self._go(len(self.shown) - 1, 0)

    def current_version(self) -> Quote | None:
        if not self.shown:
            return None
        return self.shown[self.current].versions[self.version]

    def action_open(self) -> None:
        version = self.current_version()
        article = self.app.article_by_uri(version.uri) if version is not None else None
        if article is None:
            return
        assert version is not None
        self.app.open_article(article, sentence=version.sentence_index)

    def action_filter(self) -> None:
        if self.sentence is not None:
            self.sentence = None
        self.filter = (self.filter + 1) % len(FILTERS)
        if self.groups is not None:
            self._show()
            self.notify(f"Showing {FILTERS[self.filter][0]}", timeout=2)

    def action_all(self) -> None:
        self.sentence = None
        self.filter = 0
        if self.groups is not None:
            self._show()

    def action_back(self) -> None:
        self.dismiss()


def open_sentence_quotes(screen: Screen, article: Article, analysis: Analysis,
                         index: int) -> None:
    """From the reader: the versions of the quotation in sentence `index`, across the
    article's story when the library has grouped one, else across the library."""
    from .library import LibraryScreen

    sentence = analysis.sentences[index]
    if not quote_spans(article.text[sentence.start:sentence.end], False)[0]:
        screen.notify("No quotation in this sentence", timeout=2)
        return
    app = screen.app
    library = next((s for s in app.screen_stack if isinstance(s, LibraryScreen)), None)
    story = library.story_of(article) if library is not None else None
    if story is not None and len(story.articles) > 1:
        articles, title = list(story.articles), f"Quotations · {story.title}"
    else:
        articles, title = _library_candidates(app, article, analysis, index)
    app.push_screen(QuotesScreen(articles, title, (article.uri, index)))


def _library_candidates(app, article: Article, analysis: Analysis, index: int
                        ) -> tuple[list[Article], str]:
    """The library's articles to read for a sentence's quotation: all of them when the
    library is small; else those its searches find (speaker and words), at most
    LIBRARY_QUOTES_MAX, so Q never queues the analysis of a whole big library."""
    articles: list[Article] = list(getattr(app, "articles", [article]))
    if len(articles) <= LIBRARY_QUOTES_MAX:
        return articles, "Quotations · the library"
    mine = [q for q in article_quotes(article, analysis) if q.sentence_index == index]
    found: dict[str, Article] = {article.uri: article}
    for query in search_queries(mine):
        for other in app.library.search(query):
            found.setdefault(other.uri, other)
            if len(found) >= LIBRARY_QUOTES_MAX:
                break
        if len(found) >= LIBRARY_QUOTES_MAX:
            break
    return list(found.values()), f"Quotations · {len(found):,} library articles sharing its words"
