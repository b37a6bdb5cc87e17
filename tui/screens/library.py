"""Library: every loaded article, searchable; enter opens one.

The list is a `WindowedTable`: rows are made as the cursor or the scroll comes near
them, so a library of 10,000 articles paints (and re-filters per keystroke) as
quickly as one of five.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, ProgressBar, Static

from ..core.articles import Article
from ..core.library_view import SORT_NAMES, LibraryView, arrange, sources
from ..core.problems import ProblemCounts
from ..core.store import STATUSES
from ..focus import focus_now
from ..status_colours import legible, status_colour, theme_surface
from ..widgets.store_banner import StoreBanner
from ..widgets.windowed_table import WindowedTable
from .library_stories import INDENT, STORY_KEY_PREFIX, StoryGrouping

if TYPE_CHECKING:
    from textual import getters

    from ..app import NewsdeskApp

COLUMNS = (("", "read"), ("Title", "title"), ("Source", "source"), ("Date", "date"),
           ("Words", "words"), (" ✓  ?  ~  ✗", "claims"))
CLAIMS_WIDTH = 15
MARK_COLOUR = "#d7af5f"  # ◆ marked for comparison (B's amber), as legible on the theme
UNREAD_COLOUR = "#5fafff"  # ● unread
PROBLEMS_BINDING_ID = "library.problems"
PROBLEMS_KEY = "L"


def _fit(value: str, width: int, style: str) -> Text:
    text = Text(value, style=style)
    text.truncate(width, overflow="ellipsis")
    return text


def problems_key(app) -> str:
    """The key that lists load problems, as the user's [keymap] binds it (first one)."""
    keys = getattr(app, "applied_keymap", {}).get(PROBLEMS_BINDING_ID) or PROBLEMS_KEY
    first = keys.split(",")[0].strip() or PROBLEMS_KEY
    return app.get_key_display(Binding(first, "problems"))


def problems_status(app) -> Text:
    """E.g. "2,000 file(s) not loaded — L lists them" (notes too); empty when all loaded."""
    counts = ProblemCounts.of(app.problems)
    if not counts.total:
        return Text()
    parts = []
    if counts.failed:
        parts.append(f"{counts.failed:,} file(s) not loaded")
    if counts.noted:
        parts.append(f"{counts.noted:,} {'' if counts.failed else 'file(s) '}loaded with a note")
    return Text(f"{', '.join(parts)} — {problems_key(app)} lists them",
                style="yellow" if counts.failed else "dim yellow")


def _claim_counts(counts, colour) -> Text:
    """Verified / unverified / disputed / false counts, each in its status colour."""
    text = Text()
    if not counts:
        return Text("·", style="dim")
    for status in STATUSES:
        number = counts.get(status, 0)
        text.append(f"{number:>2} ", style=colour(status) if number else "dim")
    return text


class LibraryScreen(StoryGrouping, Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(NewsdeskApp)  # for mypy: the app's own attributes

    marked: list[str]
    _shown_for: tuple[str, int, LibraryView] | None  # what `shown` was searched for
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="library.down"),
        Binding("k", "cursor_up", "Up", show=False, id="library.up"),
        Binding("g,home", "first", "First", show=False, id="library.top"),
        Binding("G,end", "last", "Last", show=False, id="library.bottom"),
        Binding("s", "sort", "Sort", id="library.sort",
                tooltip="Sort: as loaded → newest first → by source → by title"),
        Binding("u", "unread_only", "Unread only", show=False, id="library.unread_only"),
        Binding("f", "claims_filter", "Claim filter", show=False, id="library.claims_filter",
                tooltip="Filter by claims: any → each status → none → all articles"),
        Binding("S", "source_filter", "Source", show=False, id="library.source_filter",
                tooltip="Show only one source's articles"),
        Binding("A", "mark_all_read", "Mark all read", show=False, id="library.mark_all_read",
                tooltip="Mark every article shown read"),
        Binding("enter", "open", "Open", id="library.open"),
        Binding("slash", "search", "Search", id="library.search"),
        Binding("r", "toggle_read", "Read/unread", id="library.toggle_read"),
        Binding("space", "mark", "Mark", id="library.mark"),
        Binding("c", "compare", "Compare", id="library.compare",
                tooltip="Compare the two marked articles side by side"),
        # Not in the footer: with it there, a 120-column footer loses the load problems key.
        Binding("t", "group_stories", "Stories", show=False, id="library.stories",
                tooltip="Group the library by story (articles reporting one event)"),
        Binding("o", "open_story", "Open story", show=False, id="library.open_story"),
        Binding("T", "timeline", "Timeline", id="library.timeline",
                tooltip="Timeline of the marked articles, else of this article's story"),
        Binding("C", "app.claims", "Claims", id="library.claims"),
        Binding("i", "app.import", "Import", id="library.import"),
        Binding("R", "app.refresh_feeds", "Refresh feeds", show=False, id="library.refresh"),
        # Shown in the footer only when a file did not load (see check_action).
        Binding(PROBLEMS_KEY, "problems", "Load problems", id=PROBLEMS_BINDING_ID,
                tooltip="Load problems (files not loaded)"),
        Binding("escape", "clear_search", "Clear search", show=False, id="library.clear"),
        Binding("question_mark", "app.help", "Help", id="library.help"),
        Binding("q", "app.quit", "Quit", id="library.quit"),
    ]

    def compose(self) -> ComposeResult:
        yield StoreBanner()
        yield Static(id="library-title")
        yield Input(placeholder="search title, source, date, text…", id="search")
        yield WindowedTable(id="articles", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="library-status"):
            yield Static(id="status-text")
            yield ProgressBar(id="analysis-progress", show_eta=False)
        yield Footer()

    view = LibraryView()

    def on_mount(self) -> None:
        self.marked = []
        # Read from the database when the library is shown, not on every keystroke of a search.
        self._status_counts = self.app.read_store(self.app.store.status_counts, {})
        table = self.query_one(DataTable)
        for label, key in COLUMNS:
            table.add_column(label, key=key)
        self.query_one("#search", Input).display = False
        self.refresh_rows()
        table.focus()
        self._problems_status = problems_status(self.app)  # changes only with an import
        self.watch(self.app, "analysis_progress", self._show_progress)
        # Claim counts are drawn in status colours legible on the theme: again on a change.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_rows())
        self.watch(self.app, "import_progress", lambda _state: self._show_progress())
        self.watch(self.app, "index_progress", lambda _state: self._show_progress())

    # ------------------------------------------------------------------ rows

    @property
    def shown(self) -> list[Article]:
        """The articles the search shows (all of them without one), in library order;
        searched once per query and library size (the scroll asks on every step)."""
        query = self.query_one("#search", Input).value
        key = (query, len(self.app.articles), self.view)
        if getattr(self, "_shown_for", None) != key:
            found = self.app.library.search(query)
            if self.view != LibraryView():
                found = arrange(found, self.view, self.app.read_uris, self._status_counts)
            self._shown, self._shown_for = found, key
        return self._shown

    def refresh_rows(self, follow: bool = False) -> None:
        """Rebuild the list; the cursor stays on the same row, or with `follow` on the
        same article (articles were added above it)."""
        table = self.query_one(WindowedTable)
        keep = table.cursor_row
        current = self.current_article() if follow else None
        self._shown_for = None  # articles may have changed (a file re-read, an import)
        shown = self.shown
        if current is not None:
            keep = next((n for n, article in enumerate(shown) if article is current), keep)
        read = self.app.read_uris
        # Title takes what the other columns leave; long titles end in an ellipsis.
        title_width = self._title_width()
        self._built_for_width = title_width
        counts = self._status_counts
        colours = {status: status_colour(self.app, status) for status in STATUSES}.__getitem__
        surface = theme_surface(self.app)
        mark_style = f"bold {legible(MARK_COLOUR, surface)}"
        unread_style = f"bold {legible(UNREAD_COLOUR, surface)}"

        def row(article: Article, indent: bool = False) -> tuple[list[Text], str]:
            is_read = article.uri in read
            marked = article.uri in self.marked
            title = INDENT + article.title if indent else article.title
            return [  # marked and unread are both shown: ◆ then ●
                Text.assemble(("◆" if marked else " ", mark_style),
                              (" " if is_read else "●", unread_style)),
                _fit(title, title_width, "" if is_read else "bold"),
                _fit(article.source or "—", 20, "" if article.source else "dim"),
                Text(article.date or "—", style="" if article.date else "dim"),
                Text(str(article.words), justify="right"),
                _claim_counts(counts.get(article.uri), colours),
            ], article.uri

        if not self.grouped:
            table.set_rows(len(shown), lambda index: row(shown[index]), cursor_row=keep)
        else:
            entries = self.grouped_entries(shown)
            if current is not None:
                keep = next((n for n, (item, _) in enumerate(entries) if item is current), keep)

            def entry_row(index: int) -> tuple[list[Text], str]:
                item, extra = entries[index]
                if isinstance(item, Article):
                    return row(item, bool(extra))
                return self.story_header(item, int(extra), title_width), STORY_KEY_PREFIX + item.id

            table.set_rows(len(entries), entry_row, cursor_row=keep)
        self._update_title()

    def _update_title(self) -> None:
        total = len(self.app.articles)
        shown = self.query_one(WindowedTable).total_rows
        unread = sum(1 for a in self.app.articles if a.uri not in self.app.read_uris)
        query = self.query_one("#search", Input).value
        arranged = self.view.describe()
        if self.view.filtered and not query:  # what is shown first: the line is cut at the edge
            title = Text.assemble(("newsdesk", "bold"), f"  {shown:,} of {total:,} shown")
        else:
            title = Text.assemble(("newsdesk", "bold"), f"  {total:,} articles")
        if query:
            title.append(f"  ·  {shown:,} {'match' if shown == 1 else 'matches'} “{query}”",
                         style="italic")
        if arranged:
            title.append(f"  ·  {arranged}", style="bold")
        if self.grouped:
            ready = self.stories_ready() is not None
            title.append("  ·  by story" if ready else "  ·  grouping into stories…",
                         style="bold")
        title.append(f"  ·  {unread:,} unread")
        self.query_one("#library-title", Static).update(title)

    def _show_progress(self, _progress: tuple[int, int] | None = None) -> None:
        """The status line: an import's progress (or the index's, reading new files), else
        the analysis', then the model."""
        done, total = self.app.analysis_progress
        importing = self.app.import_progress or getattr(self.app, "index_progress", None)
        bar = self.query_one("#analysis-progress", ProgressBar)
        if importing is not None:
            bar.update(total=importing.total, progress=importing.done)
            bar.display = True
        else:
            bar.update(total=max(total, 1), progress=done)
            bar.display = total > 0 and done < total
        status = Text(self.app.model_status)
        if total and done < total:
            status = Text(f"analysing {done}/{total}… ") + status
        if importing is not None:
            status = Text(importing.line() + "  ·  ") + status
        problems = self._problems_status
        if problems:  # first: the line is cut at the progress bar, the model id can wait
            status = problems + Text("  ·  ", style="dim") + status
        self.query_one("#status-text", Static).update(status)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Listing load problems is offered (footer, key) only when there are some."""
        if action == "problems":
            return bool(self.app.problems)
        return True

    def select_article(self, article: Article) -> None:
        """Put the cursor on `article` if the list shows it."""
        rows = [item for item, _ in self._entries] if self.grouped else self.shown
        at = next((n for n, shown in enumerate(rows) if shown is article
                   or isinstance(shown, Article) and shown.uri == article.uri), None)
        if at is not None:
            table = self.query_one(WindowedTable)
            table.ensure_row(at)
            table.move_cursor(row=at)

    def current_article(self) -> Article | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.app.article_by_uri(key) if key is not None else None

    # ------------------------------------------------------------------ events

    def _title_width(self) -> int:
        """The title column takes what the others leave. Before the first layout the
        screen has no size yet: the terminal's is what it will get."""
        width = self.size.width or self.app.size.width
        return max(20, width - 4 - 20 - 12 - 7 - CLAIMS_WIDTH - 2 * len(COLUMNS) - 2)

    def on_resize(self) -> None:
        # The first layout gives the size the rows were already made for: not again.
        if self._title_width() != getattr(self, "_built_for_width", None):
            self.refresh_rows()
        else:  # taller: rows for the new height
            self.query_one(WindowedTable).ensure_row(self.size.height)

    def on_screen_resume(self) -> None:
        self.refresh_counts()  # claims may have changed meanwhile

    def refresh_articles(self) -> None:
        """More articles joined the library (files read in the background): redraw the
        list and the status line, the cursor staying on its article."""
        self._problems_status = problems_status(self.app)
        self._show_progress()
        self.refresh_rows(follow=True)

    def refresh_counts(self) -> None:
        """Re-read each article's claim counts (and the load problems) and redraw."""
        self._problems_status = problems_status(self.app)
        self._show_progress()
        self._status_counts = self.app.read_store(self.app.store.status_counts, {})
        self.refresh_rows()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    # ------------------------------------------------------------------ actions

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_first(self) -> None:
        table = self.query_one(WindowedTable)
        if table.row_count:
            table.move_cursor(row=0)

    def action_last(self) -> None:
        table = self.query_one(WindowedTable)
        if table.total_rows:
            table.ensure_row(table.total_rows - 1)
            table.move_cursor(row=table.total_rows - 1)

    def _arrange(self, view: LibraryView, said: str) -> None:
        self.view = view
        self.refresh_rows()
        self.notify(said, timeout=2, markup=False)  # may hold a source name: text, not markup

    def action_sort(self) -> None:
        view = self.view.next_sort()
        self._arrange(view, f"Sorted {SORT_NAMES[view.sort]}")

    def action_unread_only(self) -> None:
        view = replace(self.view, unread_only=not self.view.unread_only)
        self._arrange(view, "Unread articles only" if view.unread_only else "Read and unread")

    def action_claims_filter(self) -> None:
        view = self.view.next_claims()
        names = {None: "All articles, with or without claims", "claims": "Articles with claims",
                 "no claims": "Articles without claims"}
        self._arrange(view, names.get(view.claims, f"Articles with {view.claims} claims"))

    def action_source_filter(self) -> None:
        from .pick import PickSourceScreen

        def chosen(source: str | None) -> None:
            if source is None:
                return
            every = source == PickSourceScreen.ALL
            view = replace(self.view, source=None if every else source)
            self._arrange(view, "Every source" if every else f"Only {source or '(no source)'}")

        # The source picker reuses the article picker's screen; its result is a source name.
        self.app.push_screen(PickSourceScreen(sources(self.app.articles)), chosen)  # type: ignore[arg-type]

    def action_mark_all_read(self) -> None:
        unread = [a for a in self.shown if a.uri not in self.app.read_uris]
        if not unread:
            self.notify("Every article shown is read already", timeout=2)
            return
        self.app.set_read_many(unread, True)
        self.refresh_rows()
        self.notify(f"Marked {len(unread):,} article{'' if len(unread) == 1 else 's'} read",
                    timeout=3)

    def action_open(self) -> None:
        article = self.current_article()
        if article:
            self.app.open_article(article)
        elif self.grouped:  # a story's header row
            self.action_open_story()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        focus_now(search)

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.display = False
        self.query_one(DataTable).focus()
        self.refresh_rows()

    def action_mark(self) -> None:
        """Mark (or unmark) the article under the cursor for comparison; two at most."""
        article = self.current_article()
        if article is None:
            return
        if article.uri in self.marked:
            self.marked.remove(article.uri)
        else:
            self.marked.append(article.uri)
            if len(self.marked) > 2:
                dropped = self.app.article_by_uri(self.marked.pop(0))
                self.notify(f"Unmarked “{dropped.title if dropped else '?'}”: two are compared",
                            timeout=3, markup=False)
        self.refresh_rows()
        self.action_cursor_down()

    def action_compare(self) -> None:
        if len(self.marked) != 2:
            self.notify("Mark two articles with space, then press c", severity="warning")
            return
        a, b = (self.app.article_by_uri(uri) for uri in self.marked)
        assert a is not None and b is not None  # marked rows are the library's articles
        self.marked.clear()
        self.app.open_compare(a, b)

    def action_timeline(self) -> None:
        from ..timeline_open import open_timeline_for

        marked = [a for a in (self.app.article_by_uri(uri) for uri in self.marked) if a]
        open_timeline_for(self, marked)

    def action_problems(self) -> None:
        self.app.action_problems()

    def action_toggle_read(self) -> None:
        article = self.current_article()
        if article:
            self.app.set_read(article, article.uri not in self.app.read_uris)
            self.refresh_rows()
