"""Claims: every tagged claim in the library, filterable; enter opens the article there.

Built for a desk's volume (10,000 claims): the store is read once per visit, filtering
(status, search) runs over that list in memory with each claim's search text made once,
and the tables get their rows a page at a time (`PagedTable`): what is on screen and a
little beyond, more as the cursor or the scroll nears the end. Adding 10,000 rows to a
DataTable took seconds; a page takes milliseconds.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static
from textual.widgets.data_table import RowDoesNotExist

from ..core.search import searchable, term_patterns
from ..core.store import STATUSES, Annotation
from ..focus import focus_now
from ..render import CHANGED_MARK, STATUS_MARKS, rewording_text
from ..status_colours import status_colour
from ..widgets.store_banner import StoreBanner
from ..worker_errors import ReportsWorkerFailures
from .claims_columns import LABELS, claim_columns

if TYPE_CHECKING:
    from textual import getters

    from ..app import NewsdeskApp

FILTERS = (None, *STATUSES)
# Rows added to a table at a time; more are added when the cursor or the scroll gets
# within PAGE_MARGIN rows of the last one.
PAGE_ROWS = 60
PAGE_MARGIN = 20


class PagedTable(DataTable):
    """A DataTable over a list of items whose rows are made only as they come into reach."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.items: list = []
        self._row_for: Callable[[Any], tuple[list[Any], str]] | None = None  # item → (cells, key)
        self._filling = False

    def show(self, items: list, row_for, upto: int = 0) -> None:
        """Replace the rows with `items` (made by `row_for`), at least `upto` of them made."""
        self._filling = True  # clearing moves the cursor, which must not add old rows
        try:
            self.clear()
        finally:
            self._filling = False
        for column in self.columns.values():  # measured again: a narrower terminal shrinks them
            column.content_width = column.label.cell_len
        self.items, self._row_for = items, row_for
        self.ensure(max(PAGE_ROWS, upto))

    def ensure(self, rows: int) -> None:
        """Make rows until `rows` exist (or every item has its row)."""
        if self._filling:  # adding a row moves the scroll, which asks again
            return
        self._filling = True
        try:
            while self.row_count < min(rows, len(self.items)):
                assert self._row_for is not None  # set by `show` with the items
                cells, key = self._row_for(self.items[self.row_count])
                self.add_row(*cells, key=key)
        finally:
            self._filling = False

    def watch_cursor_coordinate(self, old, new) -> None:
        super().watch_cursor_coordinate(old, new)
        if new.row >= self.row_count - PAGE_MARGIN:
            self.ensure(self.row_count + PAGE_ROWS)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if new >= self.max_scroll_y - PAGE_MARGIN:
            self.ensure(self.row_count + PAGE_ROWS)

    def action_scroll_bottom(self) -> None:
        self.ensure(len(self.items))
        super().action_scroll_bottom()


def status_text(status: str | None, colour: Callable[[str], str], changed: bool = False) -> Text:
    """A status in its colour (`colour(status)`: the theme-legible one, tui/status_colours)."""
    text = (Text("note", style="dim italic") if not status else
            Text(f"{STATUS_MARKS[status]} {status}",
                 style=f"bold {colour(status)}"))
    if changed:
        text.append(f" {CHANGED_MARK}", style="bold yellow")
    return text


def _cell(value: str, width: int, style: str = "") -> Text:
    text = Text(" ".join(value.split()), style=style)
    text.truncate(width, overflow="ellipsis")
    return text


class ClaimsScreen(ReportsWorkerFailures, Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(NewsdeskApp)  # for mypy: the app's own attributes

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="claims.back"),
        Binding("enter", "open", "Open at claim", id="claims.open"),
        Binding("s", "cycle_status", "Status filter", id="claims.status_filter"),
        Binding("slash", "search", "Search", id="claims.search"),
        Binding("j", "cursor_down", "Down", show=False, id="claims.down"),
        Binding("k", "cursor_up", "Up", show=False, id="claims.up"),
        Binding("tab", "switch_table", "Claims/orphans", show=False, id="claims.switch"),
        Binding("a", "accept_wording", "Accept new wording", show=False,
                id="claims.accept_wording"),
        Binding("question_mark", "app.help", "Help", id="claims.help"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.status_filter: str | None = None
        self._claims: list[Annotation] = []
        self._by_id: dict[str, Annotation] = {}
        self._haystacks: dict[str, str] = {}  # claim id → its searchable text, case-folded
        self._shown: list[Annotation] = []
        self._just_mounted = False
        self._built_width = -1
        self._texts: dict[str, Text] = {}
        self._sources: dict[str, int] = {}
        self.sources_ready = False

    def compose(self) -> ComposeResult:
        yield StoreBanner()
        yield Static(id="claims-title")
        yield Input(placeholder="search claims, notes, tags, titles…", id="claims-search")
        yield PagedTable(id="claims", cursor_type="row", zebra_stripes=True)
        yield Static(id="orphans-title")
        yield PagedTable(id="orphans", cursor_type="row")
        yield Static(id="claims-detail")
        yield Footer()

    def on_mount(self) -> None:
        claims = self.query_one("#claims", DataTable)
        orphans = self.query_one("#orphans", DataTable)
        for label, key in (("Status", "status"), ("Quote (no longer in the text)", "quote"),
                           ("Article", "article"), ("Note", "note")):
            orphans.add_column(label, key=key)
        self.query_one("#claims-search", Input).display = False
        self.reload()
        self._just_mounted = True
        # Statuses are drawn in colours legible on the theme: again on a change.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_rows())
        claims.focus()

    def on_screen_resume(self) -> None:
        if self._just_mounted:  # the first showing follows the mount's read at once
            self._just_mounted = False
            return
        self.reload()

    def on_resize(self) -> None:
        if self._quote_width() != self._built_width:
            self.refresh_rows()

    def _quote_width(self) -> int:
        return claim_columns(self.size.width or self.app.size.width).width("quote")

    def _claim_columns(self):
        """The columns for this width, the table's columns rebuilt when they change."""
        plan = claim_columns(self.size.width or self.app.size.width)
        table = self.query_one("#claims", PagedTable)
        if tuple(str(key.value) for key in table.columns) != plan.keys:
            table.items = []  # clearing moves the cursor: no row of the old columns is made
            table.clear(columns=True)
            for key in plan.keys:
                table.add_column(LABELS[key], key=key)
        return plan

    # ------------------------------------------------------------------ data

    def reload(self) -> None:
        """Re-anchor every library article's claims, then show them."""
        stored = self.app.read_store(self.app.store.annotations, None)
        if stored is None:
            claims = self._claims
        else:
            claims = [a for a in self.app.reanchored(stored, self.app.articles) if a.is_claim]
        self._claims = claims
        self._by_id = {c.id: c for c in claims}
        self._haystacks = {}
        self.refresh_rows()
        self.run_worker(self._corroboration(claims), exclusive=True, group="sources",
                        exit_on_error=False)

    async def _corroboration(self, claims: list[Annotation]) -> None:
        """Count other articles carrying each claim, off the event loop (it may align).

        Every library article's analysis is awaited first, so the count is over the
        whole library, as `newsdesk claims` counts it, not over what happens to be
        analysed yet.
        """
        from ..core.corroboration import sources_for

        # Queued behind what the user opened; a newer count does not cancel the analyses.
        analyses = await self.app.analyses_for(self.app.articles)
        self._sources = await asyncio.to_thread(
            sources_for, claims, self.app.articles, analyses, self.app.match_cache)
        self.sources_ready = True
        self.refresh_rows()

    def _colour(self, status: str | None) -> str:
        return status_colour(self.app, status)

    def _title_of(self, uri: str) -> str:
        article = self.app.article_by_uri(uri)
        return article.title if article else uri

    def _haystack(self, claim: Annotation) -> str:
        found = self._haystacks.get(claim.id)
        if found is None:
            found = self._haystacks[claim.id] = searchable(
                claim.claim_selector.exact, claim.note, " ".join(claim.tags),
                self._title_of(claim.uri))
        return found

    def _filtered(self) -> list[Annotation]:
        """The claims the status filter and the search let through, in memory."""
        status = self.status_filter
        # The library's rules: every term starts a word ("sky" finds Sky News, not Zelensky).
        terms = term_patterns(self.query_one("#claims-search", Input).value)
        return [c for c in self._claims if (not status or c.status == status)
                and (not terms or all(t.search(self._haystack(c)) for t in terms))]

    def shown_count(self) -> int:
        """How many claims (anchored or orphaned) the filters let through."""
        return len(self._shown)

    def _claim_row(self, claim: Annotation, plan) -> tuple[tuple, str]:
        cells = {
            "status": lambda: status_text(claim.status, self._colour, claim.changed),
            "quote": lambda: _cell(claim.claim_selector.exact, plan.width("quote")),
            "article": lambda: _cell(self._title_of(claim.uri), plan.width("article"), "dim"),
            "tags": lambda: _cell(" ".join(f"#{t}" for t in claim.tags), plan.width("tags")),
            "note": lambda: _cell(claim.note, plan.width("note")),
            "sources": lambda: self._sources_cell(claim),
        }
        return tuple(cells[key]() for key in plan.keys), claim.id

    def _orphan_row(self, claim: Annotation, width: int) -> tuple[tuple, str]:
        return ((status_text(claim.status, self._colour), _cell(claim.claim_selector.exact, width + 12),
                 _cell(self._title_of(claim.uri), 24, "dim"), _cell(claim.note, 24)), claim.id)

    def refresh_rows(self) -> None:
        plan = self._claim_columns()
        width = self._built_width = plan.width("quote")
        claims_table = self.query_one("#claims", PagedTable)
        orphans_table = self.query_one("#orphans", PagedTable)
        keep = {table: table.cursor_row for table in (claims_table, orphans_table)}
        kept = self.current_claim()
        kept_id = kept.id if kept else None
        shown = self._shown = self._filtered()
        lists = {claims_table: [c for c in shown if c.anchored],
                 orphans_table: [c for c in shown if not c.anchored]}
        # Rows far enough to reach the claim under the cursor, or its old position.
        reach = {table: next((i for i, c in enumerate(items) if c.id == kept_id), keep[table])
                 for table, items in lists.items()}
        claims_table.show(lists[claims_table], lambda c: self._claim_row(c, plan),
                          reach[claims_table] + PAGE_MARGIN)
        orphans_table.show(lists[orphans_table], lambda c: self._orphan_row(c, width),
                           reach[orphans_table] + PAGE_MARGIN)
        anchored = len(lists[claims_table])
        title = Text.assemble(("Claims", "bold"), f"  {anchored} shown of "
                              f"{sum(1 for c in self._claims if c.anchored)}")
        if self.status_filter:
            title.append("  status: ")
            title.append_text(status_text(self.status_filter, self._colour))
        query = self.query_one("#claims-search", Input).value
        if query:
            title.append(f"  matching “{query}”", style="italic")
        self._update("#claims-title", title)
        orphan_count = len(lists[orphans_table])
        self._update("#orphans-title",
            Text.assemble(("Orphans", "bold yellow"), f"  {orphan_count} claim(s) whose text is "
                          "no longer in the article; kept, never deleted")
            if orphan_count else Text("No orphaned claims", style="dim")
        )
        orphans_table.display = orphan_count > 0
        for table, row in keep.items():  # the same claim stays under the cursor, else its row
            if not table.row_count:
                continue
            try:
                row = table.get_row_index(kept_id) if kept_id else row
            except RowDoesNotExist:  # the claim is filtered out or gone: keep the position
                pass
            table.move_cursor(row=min(row, table.row_count - 1))
        self._show_detail()

    def current_claim(self) -> Annotation | None:
        table = self._table()
        if not table.row_count:
            return None
        claim_id = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._by_id.get(claim_id) if claim_id is not None else None

    def _show_detail(self) -> None:
        """The highlighted claim in full: its words, the words it was tagged on if they
        changed, and its note."""
        claim = self.current_claim()
        detail = Text()
        if claim is not None:
            detail.append_text(status_text(claim.status, self._colour, claim.changed))
            detail.append("  " + " ".join(claim.claim_selector.exact.split()))
            article = self.app.article_by_uri(claim.uri)
            detail.append("\nin: ", style="bold")
            detail.append(article.title if article else claim.uri)
            meta = " · ".join(p for p in ((article.source, article.date) if article else ()) if p)
            if meta:
                detail.append(f"  {meta}", style="dim")
            count = self._sources.get(claim.id)
            detail.append("\nsources: ", style="bold")
            detail.append("counting…" if count is None else
                          f"{count} other article{'' if count == 1 else 's'} report it",
                          style="dim" if not count else "")
            if claim.changed:
                detail.append("\nΔ changed since tagged: ", style="bold yellow")
                detail.append_text(rewording_text(claim.tagged_quote, claim.claim_selector.exact))
                detail.append("  (a accepts the new wording)", style="dim")
            if claim.tags:
                detail.append("\ntags: ", style="bold")
                detail.append(" ".join(f"#{tag}" for tag in claim.tags))
            if claim.note:
                detail.append("\nnote: ", style="bold")
                detail.append(claim.note.strip())
        self._update("#claims-detail", detail)

    def _update(self, selector: str, text: Text) -> None:
        """Show `text` in a Static, unless it shows that already (each update lays the
        screen out again: a filter key would pay for three)."""
        if self._texts.get(selector) != text:
            self._texts[selector] = text
            self.query_one(selector, Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def action_accept_wording(self) -> None:
        claim = self.current_claim()
        if claim is None or not claim.changed:
            self.notify("This claim's words have not changed since it was tagged", timeout=2)
            return
        self.app.write_store(
            lambda: self.app.store.update(claim.id, expected_rev=claim.rev, accept=True),
            "new wording accepted — saved", done=lambda _: self.reload(),
            failed=lambda _: self.reload())

    def _sources_cell(self, claim: Annotation) -> Text:
        count = self._sources.get(claim.id)
        if count is None:
            return Text("…", style="dim")
        return Text(str(count), style="bold #72d18d" if count else "dim", justify="right")

    # ------------------------------------------------------------------ actions

    def _table(self) -> DataTable:
        orphans = self.query_one("#orphans", DataTable)
        return orphans if orphans.has_focus else self.query_one("#claims", DataTable)

    def action_cursor_down(self) -> None:
        self._table().action_cursor_down()

    def action_cursor_up(self) -> None:
        self._table().action_cursor_up()

    def action_switch_table(self) -> None:
        orphans = self.query_one("#orphans", DataTable)
        if orphans.has_focus or not orphans.row_count:
            self.query_one("#claims", DataTable).focus()
        else:
            orphans.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        table = self._table()
        if not table.row_count:
            return
        claim = self.current_claim()
        article = self.app.article_by_uri(claim.uri) if claim else None
        if claim is None or article is None:
            self.notify("That article is not in the library", severity="warning")
            return
        if not claim.anchored:
            self.notify("This claim's text is no longer in the article; opening the article",
                        severity="warning")
        self.app.open_article(article, claim_id=claim.id if claim.anchored else None)

    def action_cycle_status(self) -> None:
        self.status_filter = FILTERS[(FILTERS.index(self.status_filter) + 1) % len(FILTERS)]
        self.refresh_rows()

    def action_search(self) -> None:
        search = self.query_one("#claims-search", Input)
        search.display = True
        focus_now(search)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#claims", DataTable).focus()

    def action_back(self) -> None:
        search = self.query_one("#claims-search", Input)
        if search.has_focus or search.value:
            search.value = ""
            search.display = False
            self.query_one("#claims", DataTable).focus()
            self.refresh_rows()
            return
        self.app.pop_screen()
