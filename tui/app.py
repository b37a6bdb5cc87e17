"""NewsdeskApp: screens, global bindings, analysis on demand in the background."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.reactive import reactive

from .analysis_access import AnalysisAccess
from .core.articles import Article, LoadProblem
from .core.claims import follow_moved_files, reanchored
from .core.config import Settings
from .core.corroboration import MatchCache
from .core.library import Library
from .core.pool import AnalysisPool
from .core.problems import ProblemCounts, ordered, problem_line, summary
from .core.store import Store, StoreError
from .core.story_pairs import PairCache
from .focus import redirect_stray_key
from .importing import ImportAccess, ImportState
from .library_access import LibraryAccess
from .screens.library import LibraryScreen, problems_key
from .store_access import StoreAccess
from .theme_access import ThemeAccess
from .worker_errors import ReportsWorkerFailures

# Load problems are one notice at start; it stays up longer than a save confirmation.
PROBLEMS_NOTICE_TIMEOUT = 12


class NewsdeskApp(ReportsWorkerFailures, ThemeAccess, AnalysisAccess, ImportAccess, LibraryAccess, StoreAccess,
                  App[int]):
    """The terminal reader. Core work happens in `tui.core`; this wires it to screens."""

    CSS_PATH = "newsdesk.tcss"
    TITLE = "newsdesk"
    BINDINGS = [Binding("f1", "help", "Help", show=False, id="app.help")]

    analysis_progress: reactive[tuple[int, int]] = reactive((0, 0), always_update=True)
    import_progress: reactive[ImportState | None] = reactive(None, always_update=True)
    index_progress: reactive[ImportState | None] = reactive(None, always_update=True)

    def __init__(
        self,
        articles: Iterable[Article] | Library,
        *,
        settings: Settings | None = None,
        problems: Iterable[LoadProblem] = (),
        store: Store | None = None,
        pool: AnalysisPool | None = None,
    ):
        super().__init__()
        self.settings = settings or Settings()
        # The library owns the articles, their lookup and the load problems.
        self.library = articles if isinstance(articles, Library) else Library(articles)
        self.library.problems.extend(problems)
        self.store = store or Store(self.settings.db)
        self.pool = pool or AnalysisPool(self.settings.model)
        self.read_uris: set[str] = self.store.read_uris()
        self.applied_keymap: dict[str, str] = {}  # the config's [keymap], as applied
        self.reader_panel_choice: bool | None = None  # `p` in a reader: shown/hidden from then on
        self._init_analysis()
        self.match_cache = MatchCache()
        self.pair_cache = PairCache()  # aligned sentences of story members (stories, coverage)

    @property
    def articles(self) -> list[Article]:
        return self.library.articles

    @property
    def problems(self) -> list[LoadProblem]:
        return self.library.problems

    # ------------------------------------------------------------------ lifecycle

    def on_mount(self) -> None:
        self._start_theme()
        if self.settings.keymap or self.settings.notes:
            self._apply_keymap()
        # Claims of files that moved follow them; never waits on another process's lock.
        self.write_store(lambda: follow_moved_files(self.store, self.articles), None,
                         done=lambda moved: self._refresh_library() if moved else None)
        self.push_screen(LibraryScreen())
        self._notify_problems()
        # After the first paint: analyse what is on screen, and what scrolls into view.
        self.call_after_refresh(self._watch_visible)
        self.call_after_refresh(self.read_pending_files)  # files the index does not know yet
        self.call_after_refresh(self._warm_store)

    def _watch_visible(self) -> None:
        from textual.widgets import DataTable

        self.want_visible()
        if isinstance(self.screen, LibraryScreen):
            table = self.screen.query_one(DataTable)
            self.watch(table, "scroll_y", lambda _y: self.want_visible(), init=False)

    def _warm_store(self) -> None:
        """Read every claim once, off the event loop, so the claims screen opens from the
        store's memory (it re-reads only the files that changed since)."""
        def read_all() -> None:
            try:
                self.store.annotations()
            except (StoreError, OSError):
                pass  # said when a screen reads the store

        self.run_worker(read_all, thread=True, group="store-warm", exit_on_error=False)

    def _apply_keymap(self) -> None:
        """The config's [keymap], less what would steal a key or names no binding; what
        was left out of it or of the config is one notice (`newsdesk config check` prints
        the same lines)."""
        from .keymap_config import checked_keymap

        checked = checked_keymap(self.settings)
        self.applied_keymap = checked.applied
        self.set_keymap(checked.applied)
        if checked.problems:
            self.notify("\n".join(checked.problems), title="Config not fully applied",
                        severity="warning", timeout=PROBLEMS_NOTICE_TIMEOUT, markup=False)

    def _notify_problems(self) -> None:
        """One notice for every load problem: the problem itself when it is the only one,
        else the counts and the key that lists them. A toast per file would bury the
        library (each toast is a widget: thousands take many seconds to mount)."""
        counts = ProblemCounts.of(self.problems)
        if not counts.total:
            return
        severity: SeverityLevel = "error" if counts.failed else "warning"
        if counts.total == 1:
            message = problem_line(ordered(self.problems)[0])
        else:
            message = f"{summary(counts)} — press {problems_key(self)} to list them"
        # File names are untrusted: never read as markup.
        self.notify(message, severity=severity, timeout=PROBLEMS_NOTICE_TIMEOUT, markup=False)

    def action_problems(self) -> None:
        """The Problems screen: every file that did not load, or loaded with a note."""
        from .screens.problems import ProblemsScreen

        if isinstance(self.screen, ProblemsScreen):
            return
        if not self.problems:
            self.notify("Every file loaded without a problem", timeout=3)
            return
        self.push_screen(ProblemsScreen(self.problems))

    def on_key(self, event: events.Key) -> None:
        """A key left unhandled because the focus moved under it goes to the input."""
        redirect_stray_key(self, event)

    def on_unmount(self) -> None:
        self.cancel_import()
        self.stop_indexing()
        self.stop_analysis()
        self.pool.shutdown()

    @property
    def model_status(self) -> str:
        choice = self.pool.choice
        notice = next((a.notice for a in self.analyses.values() if a.notice), choice.notice)
        if notice:
            return f"⚠ {notice}"
        return f"model {choice.model_id}"

    # ------------------------------------------------------------------ articles

    def article_by_uri(self, uri: str) -> Article | None:
        return self.library.by_uri(uri)

    def open_article(self, article: Article, claim_id: str | None = None,
                     sentence: int | None = None) -> None:
        """The reader on `article`, at a claim or at a sentence (by index) when given."""
        self.set_read(article, True)
        self.analysis_future(article)  # ahead of anything queued
        from .screens.reader import ReaderScreen

        self.push_screen(ReaderScreen(article, claim_id=claim_id, sentence=sentence))

    def open_timeline(self, articles: list[Article], title: str = "") -> None:
        """The timeline screen of `articles` (the library's marked ones, a story's)."""
        from .screens.timeline import TimelineScreen

        self.push_screen(TimelineScreen(articles, title))

    def open_compare(self, a: Article, b: Article) -> None:
        from .screens.compare import CompareScreen

        for article in (a, b):  # read side by side is read
            if article.uri not in self.read_uris:
                self.set_read(article, True)
        self.push_screen(CompareScreen(a, b))

    def similar_articles(self, article: Article) -> list[tuple[Article, float]]:
        """Other articles, most similar first (by alignment when both are analysed)."""
        from rapidfuzz import fuzz

        from .core.align import similarity

        mine = self.analyses.get(article.text_hash)
        scored = []
        for other in self.articles:
            if other.uri == article.uri:
                continue
            theirs = self.analyses.get(other.text_hash)
            if mine and theirs:
                score = similarity(article.text, mine, other.text, theirs)
            else:
                score = fuzz.token_set_ratio(article.text[:4000], other.text[:4000]) / 100
            scored.append((other, score))
        return sorted(scored, key=lambda pair: -pair[1])

    def action_claims(self) -> None:
        from .screens.claims import ClaimsScreen

        if not isinstance(self.screen, ClaimsScreen):
            self.push_screen(ClaimsScreen())

    def set_read(self, article: Article, read: bool) -> None:
        """Mark an article read or unread: shown at once, saved in the background if need be."""
        def undo(_exc: Exception) -> None:
            (self.read_uris.discard if read else self.read_uris.add)(article.uri)
            self._refresh_library()

        (self.read_uris.add if read else self.read_uris.discard)(article.uri)
        self.write_store(lambda: self.store.set_read(article.uri, read), None, failed=undo)

    def set_read_many(self, articles: list[Article], read: bool) -> None:
        """Mark many articles at once, in one write (library `A`)."""
        uris = [a.uri for a in articles]
        before = set(self.read_uris)

        def undo(_exc: Exception) -> None:
            self.read_uris.clear()
            self.read_uris.update(before)
            self._refresh_library()

        (self.read_uris.update if read else self.read_uris.difference_update)(uris)
        self.write_store(lambda: self.store.set_read_many(uris, read), None, failed=undo)

    def _refresh_library(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                screen.refresh_counts()

    # ------------------------------------------------------------------ commands

    # (format, label, file name suffix): each format has its own default name, so an
    # export never silently replaces another format's.
    EXPORTS = (("markdown", "Markdown report", "md"), ("json", "JSON", "json"),
               ("w3c", "W3C Web Annotations", "w3c.jsonld"),
               ("claimreview", "schema.org ClaimReview", "claimreview.json"))

    def get_system_commands(self, screen):
        from .palette_keys import key_commands

        yield from super().get_system_commands(screen)
        yield from key_commands(self, screen)
        yield SystemCommand("Claims", "Every tagged claim in the library", self.action_claims)
        if self.problems:
            yield SystemCommand("Load problems", "Every file that did not load, or loaded "
                                "with a note", self.action_problems)
        for fmt, label, suffix in self.EXPORTS:
            yield SystemCommand(
                f"Export claims: {label}",
                f"Asks where (default newsdesk-claims-DATE.{suffix} in the current folder)",
                partial(self.export_claims, fmt),
            )

    def export_claims(self, fmt: str, folder: Path | None = None) -> None:
        """Export every claim and note: ask for the file (prefilled with this format's
        default name in `folder`, else the current folder), ask before replacing
        anything, write, and say where it went."""
        from .core.export import ArticleInfo, export_claims
        from .screens.export_dialog import PaletteExport, current_folder

        label, suffix = next((label, suffix) for f, label, suffix in self.EXPORTS if f == fmt)

        def render() -> tuple[str, int]:
            # Re-attached in memory only: an export never waits for another process's lock.
            annotations, _changes = reanchored(self.store.annotations(), self.articles)
            infos = {a.uri: ArticleInfo.from_article(a) for a in self.articles}
            coverage = self._report_coverage(annotations) if fmt == "markdown" else []
            return (export_claims(annotations, infos, fmt, author=self.settings.reviewer,
                                  coverage=coverage), len(annotations))

        stamp = _dt.date.today().isoformat()
        default = (folder or current_folder()) / f"newsdesk-claims-{stamp}.{suffix}"
        PaletteExport(self, label, render).start(default)

    def _report_coverage(self, annotations):
        """The coverage of the stories the library was grouped into (`t`), for the report;
        none when it was not grouped (grouping the whole library would hold the export)."""
        from .core.coverage import cover_stories

        for screen in self.screen_stack:
            stories = screen.stories_ready() if isinstance(screen, LibraryScreen) else None
            if stories:
                analyses = {a.uri: self.analyses[a.text_hash] for a in self.articles
                            if a.text_hash in self.analyses}
                return cover_stories(stories, analyses, annotations, self.pair_cache)
        return []

    # ------------------------------------------------------------------ help

    def action_help(self) -> None:
        screen = self.screen
        from .screens.help import HelpScreen, keys_for

        if isinstance(screen, HelpScreen):
            return
        title = {"LibraryScreen": "library", "ReaderScreen": "reader",
                 "ClaimsScreen": "claims", "CompareScreen": "compare",
                 "ProblemsScreen": "load problems", "StoryScreen": "story",
                 "CoverageScreen": "coverage", "QuotesScreen": "quotes"}.get(
            type(screen).__name__, "newsdesk"
        )
        legend = screen.help_legend() if hasattr(screen, "help_legend") else None
        self.push_screen(HelpScreen(title, keys_for(screen), legend))
