"""Search inside the article (`/`), as in `less` or vim: matches light up as you type,
`enter` keeps the search and `n`/`N` go to the next/previous match (while a search is
on; otherwise they are Note and Article note as always), saying when they wrap;
`escape` ends the search. Matching is tui/core/text_search.py's."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Input, Static

from ..core.text_search import find_in_folded, fold, next_match
from ..focus import focus_now
from ..mixins import ScreenMixin
from ..widgets.article_view import ArticleView


class ArticleSearch(ScreenMixin):
    """Mixin for the reader screen (which composes `#reader-search`, an Input)."""

    # Before the reader's own n and N: they answer only while a search is on.
    SEARCH_BINDINGS = [
        Binding("slash", "search", "Search", id="reader.search"),
        Binding("n", "search_next", "Next match", id="reader.search_next"),
        Binding("N", "search_previous", "Previous match", show=False,
                id="reader.search_previous"),
    ]

    _search_query = ""
    _search_note = ""
    _folded: str | None = None  # the article's text folded once, for every keystroke after

    @property
    def searching(self) -> bool:
        return bool(self._search_query)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("search_next", "search_previous"):
            return self.searching
        return True

    def action_search(self) -> None:
        box = self.query_one("#reader-search", Input)
        box.display = True
        focus_now(box)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "reader-search":
            event.stop()
            self._run_search(event.value, jump=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "reader-search":
            return
        event.stop()
        box = event.input
        if not box.value.strip():
            self.end_search()
            return
        box.display = False  # the search line below says what is searched
        self.query_one(ArticleView).focus()
        self.refresh_bindings()

    def end_search(self) -> bool:
        """Clear the search; False when there was none (escape goes on to mean back)."""
        box = self.query_one("#reader-search", Input)
        if not (self.searching or box.display):
            return False
        self._search_query = ""
        box.value = ""
        box.display = False
        self.query_one(ArticleView).set_matches([], None)
        self.query_one(ArticleView).focus()
        self._show_search_status()
        self.refresh_bindings()
        return True

    def action_search_next(self) -> None:
        self._step(True)

    def action_search_previous(self) -> None:
        self._step(False)

    # ------------------------------------------------------------------ internals

    def _run_search(self, query: str, jump: bool) -> None:
        view = self.query_one(ArticleView)
        self._search_query = query.strip()
        if self._folded is None:
            self._folded = fold(view.text)
        matches = find_in_folded(self._folded, query)
        if not matches:
            view.set_matches([], None)
            self._search_note = "no match" if self._search_query else ""
            self._show_search_status()
            return
        here = self._here(view)
        index, _ = next_match(matches, here - 1, True)
        view.set_matches(matches, index)
        self._search_note = ""
        if jump:
            self._go_to(index)

    def _here(self, view: ArticleView) -> int:
        if view.analysis and view.cursor is not None and view.analysis.sentences:
            return view.analysis.sentences[view.cursor].start
        return 0

    def _step(self, forward: bool) -> None:
        view = self.query_one(ArticleView)
        if not view.matches:
            self.notify(f"No match for “{self._search_query}”", timeout=2, markup=False)
            return
        current = view.current_match
        offset = view.matches[current][0] if current is not None else self._here(view)
        index, wrapped = next_match(view.matches, offset, forward)
        view.set_matches(view.matches, index)
        self._search_note = (("search wrapped to the top" if forward
                              else "search wrapped to the bottom") if wrapped else "")
        self._go_to(index)

    def _go_to(self, index: int) -> None:
        view = self.query_one(ArticleView)
        start, end = view.matches[index]
        if view.analysis and view.analysis.sentences:
            sentence = view.analysis.sentence_at(start)
            if sentence is not None:
                view.select_sentence(sentence.index, scroll=False)
        view.scroll_to_offset(start, end)
        self._show_search_status()

    def _show_search_status(self) -> None:
        line = self.query_one("#reader-search-status", Static)
        view = self.query_one(ArticleView)
        if not self._search_query:
            line.display = False
            return
        line.display = True
        text = Text()
        if view.matches and view.current_match is not None:
            count = len(view.matches)
            text.append(f"match {view.current_match + 1}/{count:,}", style="bold")
        else:
            text.append("no match", style="bold")
        text.append(f" for “{self._search_query}”")
        if self._search_note and self._search_note != "no match":
            text.append(f" · {self._search_note}", style="italic")
        text.append(" · n/N next/previous · / new search · escape ends the search", style="dim")
        line.update(text)
