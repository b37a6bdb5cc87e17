"""Reader: one article, highlighted, with a sentence cursor and an entity panel."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..core.analysis import Analysis
from ..core.articles import Article
from ..render import legend
from ..widgets.article_view import ArticleView
from ..widgets.entity_panel import EntityPanel


class ReaderScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="reader.back"),
        Binding("e", "entities", "Entities", id="reader.entities"),
        Binding("l", "labels", "Labels", id="reader.labels"),
        Binding("question_mark", "app.help", "Help", id="reader.help"),
    ]

    def __init__(self, article: Article):
        super().__init__()
        self.article = article
        self.analysis: Analysis | None = None
        self._jump: tuple[str, str, int] | None = None
        self._jump_note: tuple[int, str] | None = None  # (sentence, "Russia (GPE) 2/5")

    def compose(self) -> ComposeResult:
        article = self.article
        yield Static(Text(article.title, style="bold"), id="reader-title")
        meta = " · ".join(p for p in (article.source, article.date, f"{article.words} words") if p)
        yield Static(Text(meta, style="dim"), id="reader-meta")
        yield Static(Text("analysing…", style="italic"), id="legend")
        with Horizontal(id="reader-body"):
            yield ArticleView(article.text, id="article")
            yield EntityPanel(id="entity-panel")
        yield Static(id="reader-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ArticleView).focus()
        future = self.app.analysis_future(self.article)
        if future.done() and not future.exception():
            self._show_analysis(future.result())
        else:
            self._set_status("analysing… (entities and figures appear when ready)")
            self.run_worker(self._await_analysis(future), exclusive=True, group="analysis")

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
        status = Text(" · ".join(parts))
        if self.analysis and self.analysis.notice:
            status.append(f"  {self.analysis.notice}", style="yellow")
        self.query_one("#reader-status", Static).update(status)

    # ------------------------------------------------------------------ events

    def on_article_view_cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        self._update_status()

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

    # ------------------------------------------------------------------ actions

    def action_back(self) -> None:
        panel = self.query_one(EntityPanel)
        if panel.has_focus_within:
            self.query_one(ArticleView).focus()
            return
        self.app.pop_screen()

    def action_entities(self) -> None:
        self.query_one("#entities").focus()

    def action_labels(self) -> None:
        self.query_one("#labels").focus()
