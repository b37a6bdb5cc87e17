"""Reader: one article, highlighted, with a sentence cursor and an entity panel."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from ..core.analysis import Analysis
from ..core.articles import Article
from ..core.claims import claims_by_sentence
from ..core.store import Annotation
from ..render import STATUS_COLOURS, STATUS_MARKS, legend, rewording_text
from ..widgets.article_view import ArticleView
from ..widgets.entity_panel import EntityPanel
from ..widgets.store_banner import StoreBanner
from ..worker_errors import ReportsWorkerFailures
from .dialogs import NoteDialog
from .reader_panel import SidePanelLayout
from .reader_search import ArticleSearch
from .sentence_claims import SentenceClaims, not_saved_title


class ReaderScreen(ReportsWorkerFailures, ArticleSearch, SidePanelLayout, SentenceClaims, Screen[None]):
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="reader.back"),
        Binding("v", "status('verified')", "Verified", id="reader.verified"),
        Binding("u", "status('unverified')", "Unverified", id="reader.unverified"),
        Binding("d", "status('disputed')", "Disputed", id="reader.disputed"),
        Binding("f", "status('false')", "False", id="reader.false"),
        Binding("backspace", "clear_status", "Clear", show=False, id="reader.clear"),
        *ArticleSearch.SEARCH_BINDINGS,
        Binding("n", "note", "Note", id="reader.note"),
        Binding("t", "tags", "Tags", show=False, id="reader.tags"),
        Binding("N", "article_note", "Article note", show=False, id="reader.article_note"),
        Binding("a", "accept_wording", "Accept new wording", show=False,
                id="reader.accept_wording"),
        Binding("right_square_bracket", "next_claim", "Next claim", show=False,
                id="reader.next_claim"),
        Binding("left_square_bracket", "previous_claim", "Previous claim", show=False,
                id="reader.previous_claim"),
        Binding("e", "entities", "Entities", id="reader.entities"),
        Binding("C", "app.claims", "Claims", show=False, id="reader.claims"),
        Binding("J", "other_article(1)", "Next article", show=False, id="reader.next_article",
                tooltip="Next article, in the library's order (its sort and filters)"),
        Binding("K", "other_article(-1)", "Previous article", show=False,
                id="reader.previous_article"),
        Binding("c", "compare", "Compare", show=False, id="reader.compare"),
        Binding("Q", "quotes", "Quote versions", show=False, id="reader.quotes",
                tooltip="Every outlet's version of the quotation in this sentence"),
        Binding("l", "labels", "Labels", show=False, id="reader.labels"),
        Binding("o", "open_url", "Open in browser", show=False, id="reader.open_url"),
        Binding("y", "copy_sentence", "Copy sentence", show=False, id="reader.copy_sentence"),
        Binding("b", "toggle_boilerplate", "Boilerplate", show=False, id="reader.boilerplate",
                tooltip="Boilerplate (related links, share bars, sign-ups): shown / dimmed"),
        *SidePanelLayout.PANEL_BINDINGS,
        Binding("question_mark", "app.help", "Help", id="reader.help"),
    ]

    def __init__(self, article: Article, claim_id: str | None = None,
                 sentence: int | None = None):
        super().__init__()
        self.article = article
        self._open_at_sentence = sentence  # the sentence to put the cursor on once analysed
        self.claims: list[Annotation] = []
        self._article_note: Annotation | None = None
        self._by_sentence: dict[int, Annotation] = {}
        self._open_at_claim = claim_id
        self.analysis: Analysis | None = None
        self._jump: tuple[str, str, int] | None = None
        self._jump_note: tuple[int, str] | None = None  # (sentence, "Russia (GPE) 2/5")

    def compose(self) -> ComposeResult:
        article = self.article
        yield StoreBanner()
        yield Static(Text(article.title, style="bold"), id="reader-title")
        meta = " · ".join(p for p in (article.source, article.date, f"{article.words} words") if p)
        yield Static(Text(meta, style="dim"), id="reader-meta")
        if article.url:
            yield Static(Text(article.url, style="dim underline", no_wrap=True,
                              overflow="ellipsis"), id="reader-url")
        yield Static(Text("analysing…", style="italic"), id="legend")
        with Horizontal(id="reader-body"):
            yield ArticleView(article.text, id="article")
            with Vertical(id="reader-side"):
                yield Static(id="claim-panel")
                yield EntityPanel(id="entity-panel")
        yield Input(placeholder="search this article (enter keeps it, escape ends it)",
                    id="reader-search")
        yield Static(id="reader-search-status")
        yield Static(id="reader-status")
        yield Footer()

    def on_mount(self) -> None:
        self.apply_layout()
        self.query_one(ArticleView).focus()
        self._load_claims(reanchor_first=True)
        future = self.app.analysis_future(self.article)
        if future.done() and not future.exception():
            self._show_analysis(future.result())
        else:
            self._set_status("analysing… (entities and figures appear when ready)")
            self.run_worker(self._await_analysis(future), exclusive=True, group="analysis",
                            exit_on_error=False)

    def on_screen_resume(self) -> None:
        """Back from another screen (claims, compare, a dialog): show the claims as stored."""
        if self.is_mounted:
            self._load_claims()

    async def _await_analysis(self, future: asyncio.Future) -> None:
        try:
            analysis = await future
        except Exception as exc:  # the worker process died
            self._set_status(f"analysis failed: {type(exc).__name__}")
            self.query_one("#legend", Static).update(Text("analysis failed", style="red"))
            return
        self._show_analysis(analysis)

    def _show_analysis(self, analysis: Analysis) -> None:
        self.analysis = analysis
        view = self.query_one(ArticleView)
        view.set_analysis(analysis)
        self._apply_claims()
        if self._open_at_claim:
            target = next((i for i, c in self._by_sentence.items()
                           if c.id == self._open_at_claim), None)
            if target is not None:
                view.select_sentence(target)
            self._open_at_claim = None
        if self._open_at_sentence is not None:
            if 0 <= self._open_at_sentence < len(analysis.sentences):
                view.select_sentence(self._open_at_sentence)
                # scrolled again once laid out: on a fresh screen the view has no size yet
                self.call_after_refresh(view.select_sentence, self._open_at_sentence)
            self._open_at_sentence = None
        panel = self.query_one(EntityPanel)
        panel.show_analysis(self.article.text, analysis, view.hidden_labels)
        self._update_legend()
        self._update_status()

    def _update_legend(self) -> None:
        if self.analysis:
            view = self.query_one(ArticleView)
            self.query_one("#legend", Static).update(legend(self.analysis, view.hidden_labels))

    def _set_status(self, message: str) -> None:
        self.query_one("#reader-status", Static).update(Text(message))

    def _update_status(self) -> None:
        view = self.query_one(ArticleView)
        parts = []
        if view.cursor is not None and view.sentence_count:
            parts.append(f"sentence {view.cursor + 1}/{view.sentence_count}")
        if self.analysis:
            parts.append(f"model {self.analysis.model}")
        if self._jump_note and self._jump_note[0] == view.cursor:
            parts.append(self._jump_note[1])
        if not self.query_one("#reader-side").display:
            parts.append("p: side panel")
        status = Text(" · ".join(parts))
        if self.analysis and self.analysis.notice:
            status.append(f"  {self.analysis.notice}", style="yellow")
        self.query_one("#reader-status", Static).update(status)

    # ------------------------------------------------------------------ events

    def on_article_view_cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        self._update_status()
        self._update_claim_panel()

    def on_entity_panel_labels_changed(self, event: EntityPanel.LabelsChanged) -> None:
        self.query_one(ArticleView).set_hidden_labels(event.hidden)
        self._update_legend()

    def on_entity_panel_entity_chosen(self, event: EntityPanel.EntityChosen) -> None:
        """Each choice of the same entity moves on to its next occurrence."""
        if not self.analysis:
            return
        text = self.article.text
        occurrences = [
            e for e in self.analysis.entities
            if e.label == event.label and text[e.start:e.end] == event.surface
        ]
        if not occurrences:
            return
        position = 0
        if self._jump and self._jump[:2] == (event.label, event.surface):
            position = (self._jump[2] + 1) % len(occurrences)
        self._jump = (event.label, event.surface, position)
        target = occurrences[position]
        view = self.query_one(ArticleView)
        sentence = self.analysis.sentence_at(target.start)
        if sentence:
            self._jump_note = (
                sentence.index, f"{event.surface} ({event.label}) {position + 1}/{len(occurrences)}"
            )
            view.select_sentence(sentence.index)
        view.scroll_to_offset(target.start, target.end)
        self._update_status()

    # ------------------------------------------------------------------ claims

    def _load_claims(self, reanchor_first: bool = False) -> None:
        store = self.app.store
        self.claims = self.app.read_store(lambda: store.claims(self.article.uri), self.claims)
        if reanchor_first:
            self.claims = self.app.reanchored(self.claims, [self.article])
        self._article_note = self.app.read_store(lambda: store.article_note(self.article.uri),
                                                 None)
        self._apply_claims()

    def _apply_claims(self) -> None:
        """Place the claims on sentences (once per change of claims or analysis) and draw them."""
        self._by_sentence = claims_by_sentence(self.claims, self.analysis) if self.analysis else {}
        view = self.query_one(ArticleView)
        view.set_claims({i: c.status for i, c in self._by_sentence.items()},
                        changed={i for i, c in self._by_sentence.items() if c.changed})
        self._update_claim_panel()

    def current_claim(self) -> Annotation | None:
        view = self.query_one(ArticleView)
        return self._by_sentence.get(view.cursor) if view.cursor is not None else None

    def _update_claim_panel(self) -> None:
        claim = self.current_claim()
        panel = Text()
        if claim is None:
            panel.append("Untagged sentence", style="dim")
            panel.append("\nv u d f tag · n note · t tags", style="dim")
        else:
            status = claim.status
            if status:
                panel.append(f" {STATUS_MARKS[status]} {status.upper()} ",
                             style=f"bold #1a1a1a on {STATUS_COLOURS[status]}")
            else:
                panel.append("note only", style="italic")
            if claim.tags:
                panel.append("  " + " ".join(f"#{tag}" for tag in claim.tags), style="bold")
            if claim.changed:
                panel.append("\nΔ CHANGED since tagged: ", style="bold yellow")
                panel.append_text(rewording_text(claim.tagged_quote, claim.claim_selector.exact))
                panel.append("\na accepts the new wording · v u d f re-tag", style="dim")
            if claim.note:
                panel.append("\n" + claim.note)
            panel.append(f"\nmodified {claim.modified}", style="dim")
        note = self._article_note
        if note and note.note:
            panel.append("\n\nArticle note: ", style="bold")
            panel.append(note.note)
        orphans = sum(1 for c in self.claims if not c.anchored)
        if orphans:
            panel.append(f"\n\n⚠ {orphans} claim(s) no longer found in this text (C lists them)",
                         style="yellow")
        self.query_one("#claim-panel", Static).update(panel)

    def _require_sentence(self) -> int | None:
        view = self.query_one(ArticleView)
        if not self.analysis or view.cursor is None:
            self.notify("Sentences appear when the analysis is ready", severity="warning")
            return None
        return view.cursor

    def _save(self, write, confirmation: str, failed=None) -> None:
        """A store write, durable before the screen shows it; a failed one re-reads the claims."""
        def not_saved(exc: Exception) -> None:
            self._load_claims()
            if failed is not None:
                failed(exc)

        self.app.write_store(write, confirmation, done=lambda _: self._load_claims(),
                             failed=not_saved)

    def _claim_for(self, article: Article, index: int) -> Annotation | None:
        return self._by_sentence.get(index)

    def action_accept_wording(self) -> None:
        self.accept_wording(self.current_claim())

    def action_status(self, status: str) -> None:
        index = self._require_sentence()
        if index is not None and self.analysis is not None:  # a sentence means an analysis
            self.tag_sentence(self.article, self.analysis, index, self.current_claim(), status)

    def action_clear_status(self) -> None:
        self.clear_sentence(self.current_claim())

    def action_note(self) -> None:
        index = self._require_sentence()
        if index is not None and self.analysis is not None:
            self.edit_sentence_note(self.article, self.analysis, index, self.current_claim())

    def action_tags(self) -> None:
        index = self._require_sentence()
        if index is not None and self.analysis is not None:
            self.edit_sentence_tags(self.article, self.analysis, index, self.current_claim())

    def action_article_note(self) -> None:
        current = self._article_note

        def done(text: str | None) -> None:
            if text is not None:
                self._save(lambda: self.app.store.set_article_note(
                    self.article.uri, text, self.article.text_hash),
                           "article note — saved" if text else "article note removed — saved",
                           failed=lambda exc: reopen(exc, text))

        def reopen(exc: Exception, text: str) -> None:  # what was typed is never lost
            self.app.push_screen(NoteDialog(not_saved_title(exc), text,
                                            context=self.article.title), done)

        self.app.push_screen(NoteDialog("Article note", current.note if current else "",
                                        context=self.article.title), done)

    def _jump_claim(self, forward: bool) -> None:
        view = self.query_one(ArticleView)
        tagged = sorted(self._by_sentence)
        if not tagged:
            self.notify("No tagged claims in this article", timeout=2)
            return
        here = view.cursor if view.cursor is not None else -1
        candidates = [i for i in tagged if (i > here if forward else i < here)]
        if candidates:
            target = candidates[0] if forward else candidates[-1]
        else:
            target = tagged[0] if forward else tagged[-1]
            self.notify(f"Wrapped to the {'first' if forward else 'last'} claim", timeout=2)
        view.select_sentence(target)

    def action_next_claim(self) -> None:
        self._jump_claim(True)

    def action_previous_claim(self) -> None:
        self._jump_claim(False)

    # ------------------------------------------------------------------ actions

    def action_back(self) -> None:
        if self.end_search():
            return
        panel = self.query_one(EntityPanel)
        if panel.has_focus_within:
            self.query_one(ArticleView).focus()
            return
        self.app.pop_screen()

    def action_other_article(self, step: int) -> None:
        """The next or previous article as the library lists it (sorted, filtered)."""
        from .library import LibraryScreen

        library = next((s for s in self.app.screen_stack if isinstance(s, LibraryScreen)), None)
        shown = library.shown if library is not None else list(self.app.articles)
        at = next((i for i, a in enumerate(shown) if a.uri == self.article.uri), None)
        if at is None or not 0 <= at + step < len(shown):
            self.notify("No next article in the library" if step > 0 else
                        "No previous article in the library", timeout=2)
            return
        following = shown[at + step]
        if library is not None:  # back in the library, the cursor is on the article read last
            library.select_article(following)
        self.app.pop_screen()
        self.app.open_article(following)

    def action_compare(self) -> None:
        from .pick import PickArticleScreen

        choices = self.app.similar_articles(self.article)
        if not choices:
            self.notify("No other article in the library to compare with", severity="warning")
            return

        def chosen(other: Article | None) -> None:
            if other is not None:
                self.app.open_compare(self.article, other)

        self.app.push_screen(PickArticleScreen(choices), chosen)

    def action_quotes(self) -> None:
        """Every outlet's version of the quotation in the current sentence (Q)."""
        from .quotes import open_sentence_quotes

        index = self._require_sentence()
        if index is not None and self.analysis is not None:
            open_sentence_quotes(self, self.article, self.analysis, index)

    def action_open_url(self) -> None:
        """The article's web address in the user's browser (o)."""
        from .open_url import open_article_url

        open_article_url(self, self.article)

    def action_copy_sentence(self) -> None:
        """The current sentence to the clipboard (y), through the terminal (OSC 52)."""
        index = self._require_sentence()
        if index is None or self.analysis is None:  # a sentence means an analysis
            return
        sentence = self.analysis.sentences[index]
        words = self.article.text[sentence.start:sentence.end].strip()
        self.app.copy_to_clipboard(words)
        self.notify(f"Copied sentence {index + 1} ({len(words):,} characters)", timeout=2)

    def action_toggle_boilerplate(self) -> None:
        view = self.query_one(ArticleView)
        if self.analysis is not None and not self.analysis.boilerplate:
            self.notify("No boilerplate found in this article", timeout=2)
            return
        view.set_show_boilerplate(not view.show_boilerplate)
        self.notify("Boilerplate shown" if view.show_boilerplate else "Boilerplate dimmed",
                    timeout=2)

    def action_entities(self) -> None:
        self.show_panel()
        self.query_one("#entities").focus()

    def action_labels(self) -> None:
        self.show_panel()
        self.query_one("#labels").focus()
