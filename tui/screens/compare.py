"""Compare: two outlets' articles side by side, aligned by meaning, conflicts flagged."""

from __future__ import annotations

import asyncio

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..core.align.model import Alignment
from ..core.analysis import Analysis
from ..core.articles import Article
from ..core.claims import claims_by_sentence
from ..core.store import Annotation
from ..render import STATUS_COLOURS, compare_rows, conflict_note, conflict_summary
from ..status_colours import status_colour
from ..widgets.side_by_side import (
    MIRRORED_MARK,
    OWN_MARK,
    SideBySide,
    is_difference,
)
from ..widgets.store_banner import StoreBanner
from ..worker_errors import ReportsWorkerFailures
from .sentence_claims import SentenceClaims


class CompareScreen(ReportsWorkerFailures, SentenceClaims, Screen[None]):
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="compare.back"),
        Binding("tab", "switch_pane", "Pane", tooltip="Switch the tagging pane, A or B",
                id="compare.pane"),
        Binding("right_square_bracket", "next_conflict", "Conflict",
                tooltip="Next figure conflict", id="compare.next_conflict"),
        Binding("left_square_bracket", "previous_conflict", "Previous conflict", show=False,
                tooltip="Previous figure conflict", id="compare.previous_conflict"),
        Binding("right_curly_bracket", "next_one_sided", "One-sided",
                tooltip="Next row only one article has", id="compare.next_one_sided"),
        Binding("left_curly_bracket", "previous_one_sided", "Previous one-sided", show=False,
                tooltip="Previous row only one article has", id="compare.previous_one_sided"),
        Binding("o", "differences_only", "Differences",
                tooltip="Show only differences: one-sided rows and figure conflicts (again: all)",
                id="compare.differences"),
        Binding("x", "swap", "Swap", tooltip="Swap A and B", id="compare.swap"),
        Binding("v", "status('verified')", "Verified", show=False,
                tooltip="Tag the current sentence verified", id="compare.verified"),
        Binding("u", "status('unverified')", "Unverified", show=False,
                tooltip="Tag the current sentence unverified", id="compare.unverified"),
        Binding("d", "status('disputed')", "Disputed", show=False,
                tooltip="Tag the current sentence disputed", id="compare.disputed"),
        Binding("f", "status('false')", "False", show=False,
                tooltip="Tag the current sentence false", id="compare.false"),
        Binding("backspace", "clear_status", "Clear", show=False,
                tooltip="Clear the current sentence's status", id="compare.clear"),
        Binding("n", "note", "Note", tooltip="Note on the current sentence's claim",
                id="compare.note"),
        Binding("t", "tags", "Tags", show=False, tooltip="Tags on the current sentence's claim",
                id="compare.tags"),
        Binding("question_mark", "app.help", "Help", id="compare.help"),
    ]

    def __init__(self, a: Article, b: Article):
        super().__init__()
        self.a, self.b = a, b
        self.analyses: dict[str, Analysis] = {}
        self.alignment: Alignment | None = None
        self._alignments: dict[tuple[str, str], Alignment] = {}  # swapping back does not realign
        self._claims: dict[str, dict[int, Annotation]] = {"a": {}, "b": {}}
        self._swapping = False

    def compose(self) -> ComposeResult:
        yield StoreBanner()
        yield Static(id="compare-header")
        yield Static(Text("analysing both articles…", style="italic"), id="compare-summary")
        yield SideBySide([], id="side-by-side")
        yield Static(id="compare-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SideBySide).focus()
        self._show_header()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.run_worker(self._load(), exclusive=True, group="compare", exit_on_error=False)

    def on_screen_resume(self) -> None:
        """Back from another screen: show the claims as stored now."""
        if self.is_mounted and getattr(self, "alignment", None) is not None:
            self._refresh_statuses()

    async def _load(self) -> None:
        try:
            a, b = await asyncio.gather(self.app.analysis_future(self.a, roles=True),
                                        self.app.analysis_future(self.b, roles=True))
        except Exception as exc:
            self.query_one("#compare-summary", Static).update(
                Text(f"analysis failed: {type(exc).__name__}", style="red"))
            return
        self.analyses = {self.a.uri: a, self.b.uri: b}
        await self._show_alignment(self.a, self.b)

    async def _show_alignment(self, a: Article, b: Article,
                              keep: tuple[str, int] | None = None) -> None:
        """Align `a` with `b` off the event loop, then show it all in one step.

        Until the alignment is ready the screen keeps showing (and tagging) the
        previous one, so the articles, rows, claims and status line never disagree.
        `keep` is (article uri, sentence index): the cursor stays on that sentence.
        """
        from ..core.align import align

        key = (a.uri, b.uri)
        alignment = self._alignments.get(key)
        if alignment is None:
            try:
                alignment = await asyncio.to_thread(align, a.text, self.analyses[a.uri],
                                                    b.text, self.analyses[b.uri], a.date, b.date)
            except Exception as exc:  # a bug in the aligner must not take the app down
                self._swapping = False
                self.notify(f"Alignment failed: {type(exc).__name__}: {exc}", severity="error",
                            markup=False)
                self._show_status()
                return
            self._alignments[key] = alignment
        self.a, self.b, self.alignment = a, b, alignment
        view = self.query_one(SideBySide)
        view.set_rows(compare_rows(a.text, self.analyses[a.uri], b.text, self.analyses[b.uri],
                                   alignment))
        self._swapping = False
        self._refresh_statuses()
        self._show_header()
        self._show_summary()
        if keep is None or not view.select_sentence("a" if keep[0] == a.uri else "b", keep[1]):
            view.select_row(0, scroll=False)
        self._show_status()

    # ------------------------------------------------------------------ display

    def on_resize(self) -> None:
        self._show_header()

    def _theme_changed(self, _theme) -> None:
        """Header, counts and status are drawn in the theme's A/B colours: again at once."""
        self._show_header()
        if getattr(self, "alignment", None) is not None:
            self._show_summary()
            self._show_status()

    def _side(self, side: str) -> Style:
        return self.query_one(SideBySide).side_style(side)

    def _show_header(self) -> None:
        width = max(20, self.size.width - 2)
        lines = []
        for tag, article in (("A", self.a), ("B", self.b)):
            badge = Text(f" {tag} ", style=self._side(tag.lower()) + Style(reverse=True))
            meta = Text.assemble((f"  {article.source or 'source unknown'}", "dim"),
                                 (f"  {article.date}" if article.date else "", "dim"))
            title = Text(f" {article.title}", style="bold")
            room = width - badge.cell_len - meta.cell_len
            if room >= 20:  # source and date stay whole; the title gives way
                title.truncate(room, overflow="ellipsis")
            line = Text.assemble(badge, title, meta, no_wrap=True)
            line.truncate(width, overflow="ellipsis")
            lines.append(line)
        header = Text("\n", no_wrap=True).join(lines)
        self.query_one("#compare-header", Static).update(header)

    def _show_summary(self) -> None:
        alignment = self.alignment
        assert alignment is not None  # shown once the articles are aligned
        summary = Text.assemble(
            (f"{len(alignment.pairs)} shared", "bold"), " · ",
            (f"{len(alignment.only_a)} only in A", self._side("a")), " · ",
            (f"{len(alignment.only_b)} only in B", self._side("b")), " · ",
            conflict_summary(alignment),
        )
        left_out = len(alignment.boilerplate_a) + len(alignment.boilerplate_b)
        if left_out:
            summary.append(f" · {left_out} boilerplate sentence{'' if left_out == 1 else 's'}"
                           " left out", style="dim")
        wide = alignment.figure_conflicts
        if wide:
            summary.append("\nFigures stated differently: ", style="bold #ff5f5f")
            summary.append("; ".join(conflict_note(c, "both") for c in wide[:6]))
            if len(wide) > 6:
                summary.append(f"; … {len(wide) - 6} more (] / [)")
        self.query_one("#compare-summary", Static).update(summary)

    def _claims_on_sentences(self, article: Article) -> dict[int, Annotation]:
        stored = self.app.read_store(lambda: self.app.store.claims(article.uri), [])
        claims = self.app.reanchored(stored, [article])
        return claims_by_sentence(claims, self.analyses[article.uri])

    def _refresh_statuses(self) -> None:
        """Claims on either side; a status also shows, mirrored, on the aligned counterpart."""
        self._claims = {"a": self._claims_on_sentences(self.a),
                        "b": self._claims_on_sentences(self.b)}
        own_a = {i: c.status for i, c in self._claims["a"].items()}
        own_b = {i: c.status for i, c in self._claims["b"].items()}
        shown_a, shown_b = dict(own_a), dict(own_b)
        mirrored_a: set[int] = set()
        mirrored_b: set[int] = set()
        assert self.alignment is not None  # statuses are shown once the articles are aligned
        for pair in self.alignment.pairs:
            for mine, theirs, own, shown, mirrored in ((pair.a, pair.b, own_a, shown_b, mirrored_b),
                                                       (pair.b, pair.a, own_b, shown_a, mirrored_a)):
                for i in mine:
                    if own.get(i):  # a status, not a note alone
                        for j in theirs:
                            if j not in shown:
                                shown[j] = own[i]
                                mirrored.add(j)
        self.query_one(SideBySide).set_statuses(shown_a, shown_b, mirrored_a, mirrored_b)
        self._show_status()

    def _show_status(self) -> None:
        view = self.query_one(SideBySide)
        status = Text(no_wrap=True, overflow="ellipsis")
        if self._swapping:
            status.append("swapping A and B: aligning…", style="italic")
        if not view.rows or self.alignment is None:
            self.query_one("#compare-status", Static).update(status)
            return
        if self._swapping:
            status.append(" · ")
        side = view.active
        row = view.rows[view.cursor]
        sentences = row.a_sentences if side == "a" else row.b_sentences
        status.append(f"row {view.cursor + 1}/{len(view.rows)}")
        if view.differences_only:
            status.append(" · ")
            status.append(f"differences only: {view.hidden_rows} of {len(view.rows)} rows hidden",
                          style="bold #ffaf5f")
        status.append(" · pane ")
        status.append(side.upper(), style=self._side(side))
        index = view.current_sentence()
        if index is None:
            status.append(" has no sentence in this row (tab switches)", style="dim")
        else:
            if len(sentences) > 1:
                status.append(f" sentence {view.sentence + 1}/{len(sentences)} of this row")
            status.append(" · ")
            claim = self._claims[side].get(index)
            shown = (view.status_a if side == "a" else view.status_b).get(index)
            mirrored = index in (view.mirrored_a if side == "a" else view.mirrored_b)
            if claim is not None:
                colour = status_colour(self.app, claim.status)
                status.append(f"{OWN_MARK} ", style=f"bold {colour}")
                status.append(claim.status or "note only", style=f"bold {colour}")
                if claim.status and claim.note:
                    status.append(" + note")
                if claim.tags:
                    status.append("  " + " ".join(f"#{tag}" for tag in claim.tags))
            elif mirrored and shown:
                other = "B" if side == "a" else "A"
                status.append(f"{MIRRORED_MARK} {shown} in {other} (aligned sentence)",
                              style=status_colour(self.app, shown))
            else:
                status.append("untagged", style="dim")
        article = self.a if side == "a" else self.b
        status.append(f" · {article.title}", style="dim")
        self.query_one("#compare-status", Static).update(status)

    @staticmethod
    def help_legend() -> Text:
        colour = STATUS_COLOURS["verified"]
        legend = Text()
        legend.append("Marks\n", style="bold")
        legend.append(f" {OWN_MARK}    ", style=f"bold {colour}")
        legend.append("a claim tagged on this sentence (solid, in the status colour)\n")
        legend.append(f" {MIRRORED_MARK}    ", style=f"dim {colour}")
        legend.append("mirrored: the status of the aligned sentence in the other\n"
                      "      article (dotted, dim, in its status colour)\n")
        legend.append(" A", style="bold #5fafff")
        legend.append(" ")
        legend.append("B", style="bold #d7af5f")
        legend.append("  a sentence only article A (B) has\n")
        legend.append(" ⚠    ", style="bold #ff5f5f")
        legend.append("a figure the other article states differently\n")
        legend.append("A row may hold several sentences on one side: j/k step through\n"
                      "them first, and the lit one is the sentence v u d f n t ⌫ act on.",
                      style="dim")
        return legend

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
        if self.alignment is None:
            return
        if self._swapping:
            self.notify("Still aligning the swapped articles…", timeout=2)
            return
        view = self.query_one(SideBySide)
        keep = None
        if view.rows:
            row = view.rows[view.cursor]
            index = view.current_sentence()
            if index is not None:
                keep = ((self.a if view.active == "a" else self.b).uri, index)
            elif row.a_sentences or row.b_sentences:  # the active pane is empty here
                keep = (self.a.uri, row.a_sentences[0]) if row.a_sentences else \
                    (self.b.uri, row.b_sentences[0])
        self._swapping = True
        self._show_status()
        self.run_worker(self._show_alignment(self.b, self.a, keep), exclusive=True,
                        group="compare", exit_on_error=False)

    def _jump(self, wanted, forward: bool, what: str) -> None:
        view = self.query_one(SideBySide)
        rows = [i for i in view.shown_rows if wanted(view.rows[i])]
        if not rows:
            self.notify(f"No {what}s between these articles", timeout=2)
            return
        later = [i for i in rows if (i > view.cursor if forward else i < view.cursor)]
        if later:
            target = later[0] if forward else later[-1]
        else:
            target = rows[0] if forward else rows[-1]
            self.notify(f"Wrapped to {'first' if forward else 'last'} {what}", timeout=2)
        view.select_row(target)

    def action_next_conflict(self) -> None:
        self._jump(lambda row: row.conflicts, True, "figure conflict")

    def action_previous_conflict(self) -> None:
        self._jump(lambda row: row.conflicts, False, "figure conflict")

    def action_next_one_sided(self) -> None:
        self._jump(lambda row: row.kind != "pair", True, "one-sided row")

    def action_previous_one_sided(self) -> None:
        self._jump(lambda row: row.kind != "pair", False, "one-sided row")

    def action_differences_only(self) -> None:
        view = self.query_one(SideBySide)
        if not view.rows:
            return
        if not view.differences_only and not any(is_difference(row) for row in view.rows):
            self.notify("No differences: every row is shared and no figures conflict", timeout=3)
            return
        view.set_differences_only(not view.differences_only)
        self._show_status()

    # ------------------------------------------------------------------ claims

    def _save(self, write, confirmation: str, failed=None) -> None:
        """A store write, durable before the screen shows it; a failed one re-reads the claims."""
        def not_saved(exc: Exception) -> None:
            self._refresh_statuses()
            if failed is not None:
                failed(exc)

        self.app.write_store(write, confirmation, done=lambda _: self._refresh_statuses(),
                             failed=not_saved)

    def _claim_for(self, article: Article, index: int) -> Annotation | None:
        side = "a" if article.uri == self.a.uri else "b"
        return self._claims[side].get(index)

    def _current(self) -> tuple[Article, Analysis, int, Annotation | None] | None:
        """The article, analysis, sentence and claim under the cursor in the active pane."""
        view = self.query_one(SideBySide)
        if not view.rows or self.alignment is None:
            return None
        index = view.current_sentence()
        if index is None:
            self.notify(f"Pane {view.active.upper()} has no sentence in this row; tab switches",
                        severity="warning")
            return None
        article = self.a if view.active == "a" else self.b
        return article, self.analyses[article.uri], index, self._claims[view.active].get(index)

    def action_status(self, status: str) -> None:
        current = self._current()
        if current is not None:
            self.tag_sentence(*current, status)

    def action_clear_status(self) -> None:
        current = self._current()
        if current is None:
            return
        article, _analysis, index, claim = current
        if claim is None:
            view = self.query_one(SideBySide)
            mirrored = index in (view.mirrored_a if view.active == "a" else view.mirrored_b)
            other = "B" if view.active == "a" else "A"
            self.notify(f"This sentence has no claim of its own; its mark comes from {other} "
                        f"(clear it there)" if mirrored else "No claim on this sentence",
                        timeout=3)
            return
        self.clear_sentence(claim)

    def action_note(self) -> None:
        current = self._current()
        if current is not None:
            self.edit_sentence_note(*current)

    def action_tags(self) -> None:
        current = self._current()
        if current is not None:
            self.edit_sentence_tags(*current)

