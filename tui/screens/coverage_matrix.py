"""Coverage at a glance: a story's claims against its outlets.

Rows are the story's claims: sentences the aligner links across its articles (one
statement in each outlet's words), most outlets first, then what one outlet alone
says. Columns are the articles. A cell is ● where that outlet reports the claim, ·
where it does not, and the status mark (✓ ? ~ ✗, in its colour) where a claim is
tagged on that outlet's sentence. The pane below shows each outlet's wording of the
claim under the cursor; `a` shows only the claims two or more outlets share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ..core.analysis import Analysis
from ..core.claims import reanchored
from ..core.coverage import ClaimGroup, Coverage, cell_status, outlet_names, tagged_statuses
from ..core.stories import Story
from ..render import STATUS_MARKS
from ..status_colours import status_colour

if TYPE_CHECKING:
    from textual import getters

    from ..app import NewsdeskApp

MIN_CLAIM_WIDTH = 30  # the claim column takes what the outlets leave; the pane shows it whole
OUTLET_WIDTH = 12  # an outlet column's heading is cut to this (its name is in the pane)
REPORTS = "●"
SILENT = "·"


class CoverageScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(NewsdeskApp)

    DEFAULT_CSS = """
    #coverage-title { height: auto; padding: 0 1; background: $boost; }
    #coverage { height: 2fr; }
    #coverage-detail-box { height: 1fr; border-top: solid $primary; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="coverage.back"),
        Binding("j", "cursor_down", "Down", show=False, id="coverage.down"),
        Binding("k", "cursor_up", "Up", show=False, id="coverage.up"),
        Binding("a", "shared_only", "Shared only", id="coverage.shared_only",
                tooltip="Only the claims two or more outlets report, or every claim"),
        Binding("question_mark", "app.help", "Help", id="coverage.help"),
    ]

    def __init__(self, story: Story, coverage: Coverage, analyses: dict[str, Analysis]) -> None:
        super().__init__()
        self.story = story
        self.coverage = coverage
        self.analyses = analyses
        self.shared_only = False
        self.statuses: dict[tuple[int, int], str] = {}
        self.rows: list[ClaimGroup] = []
        self.claim_width = MIN_CLAIM_WIDTH

    def compose(self) -> ComposeResult:
        yield Static(id="coverage-title")
        yield DataTable(id="coverage", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="coverage-detail-box"):
            yield Static(id="coverage-detail")
        yield Footer()

    def on_mount(self) -> None:
        articles = self.coverage.articles
        uris = {a.uri for a in articles}
        stored = self.app.read_store(
            lambda: [a for a in self.app.store.annotations() if a.uri in uris], [])
        claims, _changes = reanchored(stored, articles)
        self.statuses = tagged_statuses(self.coverage, self.analyses, claims)
        table = self.query_one(DataTable)
        names = outlet_names(self.coverage.articles)
        self.claim_width = max(MIN_CLAIM_WIDTH, (self.size.width or self.app.size.width)
                               - (OUTLET_WIDTH + 2) * len(names) - 4)
        table.add_column("Claim", key="claim", width=self.claim_width)
        for n, name in enumerate(names):
            heading = Text(name)
            heading.truncate(OUTLET_WIDTH, overflow="ellipsis")
            table.add_column(heading, key=f"a{n}", width=min(OUTLET_WIDTH, max(3, len(name))))
        self._fill()
        table.focus()

    def _fill(self) -> None:
        groups = self.coverage.groups
        self.rows = [g for g in groups if g.outlets > 1] if self.shared_only else list(groups)
        shared = sum(1 for g in groups if g.outlets > 1)
        everywhere = sum(1 for g in groups if g.outlets == len(self.coverage.articles))
        title = Text(self.story.title, style="bold")
        title.append(f"\n{len(groups)} claims · {shared} reported by two or more outlets · "
                     f"{everywhere} by all · {len(groups) - shared} by one alone", style="dim")
        if self.shared_only:
            title.append("  ·  shared only", style="bold")
        self.query_one("#coverage-title", Static).update(title)
        table = self.query_one(DataTable)
        table.clear()
        for n, group in enumerate(self.rows):
            claim = Text(group.text)
            claim.truncate(self.claim_width, overflow="ellipsis")
            table.add_row(claim, *(self._cell(group, a) for a in range(len(self.coverage.articles))),
                          key=str(n))
        self._show_detail()

    def _cell(self, group: ClaimGroup, article: int) -> Text:
        if article not in group.sentences:
            return Text(SILENT, style="dim", justify="center")
        status = cell_status(group, article, self.statuses)
        if status:
            return Text(STATUS_MARKS[status], style=f"bold {status_colour(self.app, status)}",
                        justify="center")
        return Text(REPORTS, justify="center")

    def _show_detail(self) -> None:
        table = self.query_one(DataTable)
        detail = Text()
        if self.rows and table.cursor_row < len(self.rows):
            group = self.rows[table.cursor_row]
            names = outlet_names(self.coverage.articles)
            for n, article in enumerate(self.coverage.articles):
                indices = group.sentences.get(n)
                detail.append(f"{names[n]}: ", style="bold")
                if not indices:
                    detail.append("does not report it\n", style="dim italic")
                    continue
                analysis = self.analyses[article.uri]
                words = " ".join(article.text[analysis.sentences[i].start:
                                              analysis.sentences[i].end].strip() for i in indices)
                detail.append(words)
                status = cell_status(group, n, self.statuses)
                if status:
                    detail.append(f"  {STATUS_MARKS[status]} {status}",
                                  style=f"bold {status_colour(self.app, status)}")
                detail.append("\n")
        self.query_one("#coverage-detail", Static).update(detail)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_shared_only(self) -> None:
        self.shared_only = not self.shared_only
        self._fill()

    def action_back(self) -> None:
        self.dismiss()
