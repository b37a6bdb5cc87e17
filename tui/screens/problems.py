"""Load problems: every file that did not load, or loaded with a note, filterable.

At start the app shows one summary notice instead of a toast per file; this screen is
where the whole list stays available for the session. File names and reasons are
untrusted text: they are shown as `rich.text.Text` (never markup) and sanitized again here.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static

from ..core.articles import LoadProblem
from ..core.problems import ProblemCounts, ordered, search_text, shown_path, shown_reason, summary
from ..core.search import search_terms
from ..focus import focus_now
from ..widgets.store_banner import StoreBanner

FAILED_LABEL = "✗ not loaded"
NOTE_LABEL = "• loaded, note"
FAILED_STYLE = "bold #ff5f5f"
NOTE_STYLE = "#d7af5f"
KIND_WIDTH = 14
# The file column takes this share of what the kind column leaves; the reason the rest.
PATH_SHARE = 0.55
MIN_PATH_WIDTH = 20
MIN_REASON_WIDTH = 20
ROW_PADDING = 8  # cell padding and the scrollbar
# A table row is a few widgets' worth of work: past this many, the list shows the first
# ones and says so (the filter still searches all of them; `newsdesk check` prints all).
MAX_SHOWN_ROWS = 5_000
# Typing waits this long (seconds) for the next key before the list is rebuilt, so a
# word typed into the filter of thousands of rows is one rebuild, not one per key.
FILTER_DELAY = 0.12


def kind_text(problem: LoadProblem) -> Text:
    """Whether the file was left out or loaded with a note, in its colour."""
    if problem.fatal:
        return Text(FAILED_LABEL, style=FAILED_STYLE)
    return Text(NOTE_LABEL, style=NOTE_STYLE)


def _cell(value: str, width: int, style: str = "") -> Text:
    text = Text(value, style=style)
    text.truncate(width, overflow="ellipsis")
    return text


def _path_cell(path: str, width: int) -> Text:
    """A file name cut at the left when it is too long: the end names the file, the
    start is the folder every problem tends to share."""
    text = Text(path)
    if text.cell_len <= width:
        return text
    keep = path[-(width - 1):] if width > 1 else ""  # a character is at least one cell
    while keep and cell_len("…" + keep) > width:
        keep = keep[1:]
    return Text("…" + keep)


class ProblemsScreen(Screen[None]):
    """Every load problem of the session, files that did not load first."""

    DEFAULT_CSS = """
    #problems-title, #problems-detail { height: auto; padding: 0 1; background: $boost; }
    #problems-search { margin: 0 1; }
    #problems { height: 1fr; }
    """

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="problems.back"),
        Binding("slash", "search", "Filter", id="problems.search"),
        Binding("j", "cursor_down", "Down", show=False, id="problems.down"),
        Binding("k", "cursor_up", "Up", show=False, id="problems.up"),
        Binding("question_mark", "app.help", "Help", id="problems.help"),
    ]

    def __init__(self, problems: list[LoadProblem]) -> None:
        super().__init__()
        self.problems = ordered(problems)
        self.counts = ProblemCounts.of(self.problems)
        # Sanitized and case-folded once, not on every key of the filter.
        self._paths = [shown_path(p) for p in self.problems]
        self._reasons = [shown_reason(p) for p in self.problems]
        self._haystacks = [search_text(p) for p in self.problems]
        self.matching: list[int] = []  # indexes into self.problems that pass the filter
        self._built: tuple[tuple[int, int], list[int]] | None = None  # what the table shows
        self._filter_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield StoreBanner()
        yield Static(id="problems-title")
        yield Input(placeholder="filter by file name or reason…", id="problems-search")
        yield DataTable(id="problems", cursor_type="row", zebra_stripes=True)
        yield Static(id="problems-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#problems-search", Input).display = False
        self.refresh_rows()
        self.query_one("#problems", DataTable).focus()

    def on_resize(self) -> None:
        self.refresh_rows()  # a no-op unless the width changed (mounting sends one too)

    # ------------------------------------------------------------------ rows

    def _widths(self) -> tuple[int, int]:
        room = max(MIN_PATH_WIDTH + MIN_REASON_WIDTH, self.size.width - KIND_WIDTH - ROW_PADDING)
        path_width = max(MIN_PATH_WIDTH, int(room * PATH_SHARE))
        return path_width, max(MIN_REASON_WIDTH, room - path_width)

    @property
    def shown(self) -> list[int]:
        """Indexes of the problems in the table: the matching ones, up to the row limit."""
        return self.matching[:MAX_SHOWN_ROWS]

    def refresh_rows(self) -> None:
        """Filter, then rebuild the table only if its rows or widths changed."""
        query = self.query_one("#problems-search", Input).value
        terms = search_terms(query)
        self.matching = [i for i, hay in enumerate(self._haystacks)
                         if all(term in hay for term in terms)]
        widths = self._widths()
        if self._built != (widths, self.shown):
            self._rebuild(widths)
        title = Text.assemble(("Load problems", "bold"), f"  {summary(self.counts)}")
        if query:
            found = len(self.matching)
            title.append(f"  ·  {found:,} {'match' if found == 1 else 'matches'} “{query}”",
                         style="italic")
        if len(self.matching) > MAX_SHOWN_ROWS:
            title.append(f"  ·  showing the first {MAX_SHOWN_ROWS:,}: / narrows them, "
                         "newsdesk check prints them all", style="yellow")
        self.query_one("#problems-title", Static).update(title)
        self._show_detail()

    def _rebuild(self, widths: tuple[int, int]) -> None:
        table = self.query_one("#problems", DataTable)
        keep = table.cursor_row
        path_width, reason_width = widths
        # Fixed column widths: cells are cut to fit anyway, so nothing waits on the
        # table working widths out from the content.
        table.clear(columns=True)
        for label, key, width in (("", "kind", KIND_WIDTH), ("File", "path", path_width),
                                  ("Reason", "reason", reason_width)):
            table.add_column(label, key=key, width=width)
        for index in self.shown:
            table.add_row(kind_text(self.problems[index]),
                          _path_cell(self._paths[index], path_width),
                          _cell(self._reasons[index], reason_width), key=str(index))
        if table.row_count:
            table.move_cursor(row=min(max(keep, 0), table.row_count - 1))
        self._built = (widths, self.shown)

    def current_problem(self) -> LoadProblem | None:
        table = self.query_one("#problems", DataTable)
        shown = self._built[1] if self._built else []
        if not table.row_count or not 0 <= table.cursor_row < len(shown):
            return None
        return self.problems[shown[table.cursor_row]]

    def _show_detail(self) -> None:
        """The highlighted problem in full: cells are cut to fit, file names are long."""
        problem = self.current_problem()
        detail = Text()
        if problem is not None:
            detail.append_text(kind_text(problem))
            detail.append("  ")
            detail.append(shown_path(problem), style="bold")
            detail.append("\n" + shown_reason(problem))
        elif self.problems:
            detail.append("No problem matches the filter", style="dim")
        self.query_one("#problems-detail", Static).update(detail)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    # ------------------------------------------------------------------ actions

    def action_cursor_down(self) -> None:
        self.query_one("#problems", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#problems", DataTable).action_cursor_up()

    def action_search(self) -> None:
        search = self.query_one("#problems-search", Input)
        search.display = True
        focus_now(search)

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self.refresh_rows)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self._filter_timer is not None:  # enter applies the filter at once
            self._filter_timer.stop()
        self.refresh_rows()
        self.query_one("#problems", DataTable).focus()

    def action_back(self) -> None:
        """Clear the filter first if there is one, else go back to the library."""
        search = self.query_one("#problems-search", Input)
        if search.has_focus or search.value:
            search.value = ""
            search.display = False
            self.query_one("#problems", DataTable).focus()
            self.refresh_rows()
            return
        self.app.pop_screen()
