"""Compare: two outlets' articles side by side, aligned by meaning, conflicts flagged."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from ..core.analysis import Analysis
from ..core.articles import Article
from ..core.claims import claims_by_sentence, reanchor, sentence_selector
from ..core.library import matches_words
from ..render import STATUS_MARKS, compare_rows
from ..widgets.side_by_side import SideBySide


class CompareScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="compare.back"),
        Binding("tab", "switch_pane", "Pane", id="compare.pane"),
        Binding("x", "swap", "Swap", id="compare.swap"),
        Binding("n", "next_conflict", "Next conflict", id="compare.next_conflict"),
        Binding("p", "previous_conflict", "Prev conflict", id="compare.previous_conflict"),
        Binding("v", "status('verified')", "Verified", show=False, id="compare.verified"),
        Binding("u", "status('unverified')", "Unverified", show=False, id="compare.unverified"),
        Binding("d", "status('disputed')", "Disputed", show=False, id="compare.disputed"),
        Binding("f", "status('false')", "False", show=False, id="compare.false"),
        Binding("question_mark", "app.help", "Help", id="compare.help"),
    ]

    def __init__(self, a: Article, b: Article):
        super().__init__()
        self.a, self.b = a, b
        self.analyses: dict[str, Analysis] = {}
        self.alignment = None

    def compose(self) -> ComposeResult:
        yield Static(id="compare-header")
        yield Static(Text("analysing both articles…", style="italic"), id="compare-summary")
        yield SideBySide([], id="side-by-side")
        yield Static(id="compare-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SideBySide).focus()
        self._show_header()
        self.run_worker(self._load(), exclusive=True, group="compare")

    async def _load(self) -> None:
        try:
            a, b = await asyncio.gather(self.app.analysis_future(self.a),
                                        self.app.analysis_future(self.b))
        except Exception as exc:
            self.query_one("#compare-summary", Static).update(
                Text(f"analysis failed: {type(exc).__name__}", style="red"))
            return
        self.analyses = {self.a.uri: a, self.b.uri: b}
        await self._realign()

    async def _realign(self) -> None:
        """Align off the event loop: long articles take a noticeable fraction of a second."""
        from ..core.align import align

        a, b = self.analyses[self.a.uri], self.analyses[self.b.uri]
        self.alignment = await asyncio.to_thread(align, self.a.text, a, self.b.text, b)
        view = self.query_one(SideBySide)
        view.set_rows(compare_rows(self.a.text, a, self.b.text, b, self.alignment))
        self._show_header()
        self._show_summary()
        self._refresh_statuses()
        view.select_row(0, scroll=False)

    # ------------------------------------------------------------------ display

    def _show_header(self) -> None:
        lines = []
        for tag, article, style in (("A", self.a, "bold #5fafff"), ("B", self.b, "bold #d7af5f")):
            line = Text.assemble((f" {tag} ", f"reverse {style}"), (f" {article.title}", "bold"),
                                 (f"  {article.source or 'source unknown'}", "dim"),
                                 (f"  {article.date}" if article.date else "", "dim"))
            line.truncate(max(20, self.size.width - 2), overflow="ellipsis")
            lines.append(line)
        header = Text("\n").join(lines)
        self.query_one("#compare-header", Static).update(header)

    def _show_summary(self) -> None:
        alignment = self.alignment
        conflicts = sum(len(p.conflicts) for p in alignment.pairs)
        summary = Text.assemble(
            (f"{len(alignment.pairs)} shared", "bold"), " · ",
            (f"{len(alignment.only_a)} only in A", "bold #5fafff"), " · ",
            (f"{len(alignment.only_b)} only in B", "bold #d7af5f"), " · ",
            (f"{conflicts} figure conflict(s) in aligned rows",
             "bold #ff5f5f" if conflicts else "dim"),
        )
        wide = [c for c in alignment.figure_conflicts]
        if wide:
            summary.append("\nFigures stated differently: ", style="bold #ff5f5f")
            summary.append("; ".join(f"{c.a} ≠ {c.b} ({c.about})" if c.about else f"{c.a} ≠ {c.b}"
                                     for c in wide[:6]))
        self.query_one("#compare-summary", Static).update(summary)

    def _statuses(self, article: Article) -> dict[int, str | None]:
        claims = reanchor(self.app.store, article)
        return {i: c.status for i, c in
                claims_by_sentence(claims, self.analyses[article.uri]).items()}

    def _refresh_statuses(self) -> None:
        """Claims on either side, each also shown on its aligned counterpart."""
        status_a, status_b = self._statuses(self.a), self._statuses(self.b)
        shown_a, shown_b = dict(status_a), dict(status_b)
        for pair in self.alignment.pairs:
            for i in pair.a:
                if i in status_a:
                    for j in pair.b:
                        shown_b.setdefault(j, status_a[i])
            for j in pair.b:
                if j in status_b:
                    for i in pair.a:
                        shown_a.setdefault(i, status_b[j])
        self.query_one(SideBySide).set_statuses(shown_a, shown_b)
        self._show_status()

    def _show_status(self) -> None:
        view = self.query_one(SideBySide)
        side = self.a if view.active == "a" else self.b
        status = Text.assemble(
            f"row {view.cursor + 1}/{len(view.rows)} · ",
            ("tagging pane " + view.active.upper(), "bold"),
            f" ({side.title[:50]}) · tab switches pane",
        )
        self.query_one("#compare-status", Static).update(status)

    def on_side_by_side_cursor_moved(self, event: SideBySide.CursorMoved) -> None:
        self._show_status()

    # ------------------------------------------------------------------ actions

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_switch_pane(self) -> None:
        view = self.query_one(SideBySide)
        view.set_active("b" if view.active == "a" else "a")
        self._show_status()

    def action_swap(self) -> None:
        self.a, self.b = self.b, self.a
        self._show_header()
        if self.analyses:
            self.run_worker(self._swap_rows(self.query_one(SideBySide).cursor),
                            exclusive=True, group="compare")

    async def _swap_rows(self, row: int) -> None:
        await self._realign()
        self.query_one(SideBySide).select_row(row)

    def _jump_conflict(self, forward: bool) -> None:
        view = self.query_one(SideBySide)
        rows = [i for i, row in enumerate(view.rows) if row.conflicts]
        if not rows:
            self.notify("No figure conflicts between these articles", timeout=2)
            return
        later = [i for i in rows if (i > view.cursor if forward else i < view.cursor)]
        view.select_row((later[0] if forward else later[-1]) if later else
                        (rows[0] if forward else rows[-1]))

    def action_next_conflict(self) -> None:
        self._jump_conflict(True)

    def action_previous_conflict(self) -> None:
        self._jump_conflict(False)

    def action_status(self, status: str) -> None:
        view = self.query_one(SideBySide)
        if not view.rows:
            return
        row = view.rows[view.cursor]
        article = self.a if view.active == "a" else self.b
        indices = row.a_sentences if view.active == "a" else row.b_sentences
        if not indices:
            self.notify(f"Pane {view.active.upper()} has no sentence in this row; tab switches",
                        severity="warning")
            return
        analysis = self.analyses[article.uri]
        selector = sentence_selector(article, analysis, indices[0])
        if self.app.write_store(
            lambda: self.app.store.tag_claim(article.uri, selector, text_hash=article.text_hash,
                                             status=status),
            f"{STATUS_MARKS[status]} {status} — saved",
        ):
            self._refresh_statuses()


class PickArticleScreen(ModalScreen[Article | None]):
    """Choose the article to compare with, most similar first; typing filters the list."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="pick.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="pick.down"),
        Binding("up", "move(-1)", "Up", show=False, id="pick.up"),
        Binding("pagedown", "move(10)", "Page down", show=False, id="pick.page_down"),
        Binding("pageup", "move(-10)", "Page up", show=False, id="pick.page_up"),
    ]
    DEFAULT_CSS = """
    PickArticleScreen { align: center middle; }
    PickArticleScreen > Vertical { width: 90; max-width: 96%; height: auto; max-height: 80%;
        border: round $accent; background: $panel; }
    PickArticleScreen Input { margin: 0 1; }
    PickArticleScreen OptionList { height: auto; max-height: 20; border: none;
        background: $panel; }
    PickArticleScreen .hint { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, choices: list[tuple[Article, float]]):
        super().__init__()
        self._choices = choices

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Compare with… (most similar first)"
            yield Input(placeholder="type to filter: words of the title or source", id="pick-filter")
            yield OptionList(*self._options(""), id="pick-list")
            yield Static(Text("↑/↓ choose · enter compare · escape cancel"), classes="hint",
                         id="pick-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _options(self, query: str) -> list[Option]:
        return [
            Option(Text.assemble((f"{score:4.0%} ", "bold"), article.title,
                                 (f"  {article.source}" if article.source else "", "dim")),
                   id=str(i))
            for i, (article, score) in enumerate(self._choices)
            if matches_words((article.title, article.source), query)
        ]

    def on_input_changed(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        # Keys are handled before this message: an arrow pressed while typing is kept.
        chosen = options.highlighted_option.id if options.highlighted_option else None
        options.clear_options()
        options.add_options(self._options(event.value))
        if options.option_count:
            try:
                options.highlighted = options.get_option_index(chosen) if chosen else 0
            except OptionDoesNotExist:
                options.highlighted = 0
        hint = self.query_one("#pick-hint", Static)
        hint.update(Text("↑/↓ choose · enter compare · escape cancel") if options.option_count
                    else Text("no title or source has words starting so", style="italic"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.highlighted is None:
            self.app.bell()
            return
        self._choose(options.get_option_at_index(options.highlighted))

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not options.option_count:
            return
        current = options.highlighted if options.highlighted is not None else -step
        options.highlighted = max(0, min(options.option_count - 1, current + step))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option)

    def _choose(self, option: Option) -> None:
        self.dismiss(self._choices[int(option.id)][0])
