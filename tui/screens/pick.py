"""Compare with…: choose the other article, most similar first; typing filters the list."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from ..core.articles import Article
from ..core.search import matches_words


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

    HEADING = "Compare with… (most similar first)"
    PLACEHOLDER = "type to filter: words of the title or source"
    HINT = "↑/↓ choose · enter compare · escape cancel"

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.HEADING
            yield Input(placeholder=self.PLACEHOLDER, id="pick-filter")
            yield OptionList(*self._options(""), id="pick-list")
            yield Static(Text(self.HINT), classes="hint", id="pick-hint")

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
        hint.update(Text(self.HINT) if options.option_count
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
        assert option.id is not None  # every option is made with an id
        self.dismiss(self._choices[int(option.id)][0])


class PickSourceScreen(PickArticleScreen):
    """Show only one source's articles (library `S`): commonest first; typing filters."""

    HEADING = "Show only the articles of… (commonest first)"
    PLACEHOLDER = "type to filter: words of the source"
    HINT = "↑/↓ choose · enter show · escape cancel"
    ALL = "\x00all"

    def __init__(self, sources: list[tuple[str, int]]):
        super().__init__([])
        self._sources = sources

    def _options(self, query: str) -> list[Option]:
        options = [] if query.strip() else [Option(Text("every source", style="italic"),
                                                   id=self.ALL)]
        options += [
            Option(Text.assemble(source or ("(no source)", "dim"), (f"  {count:,}", "dim")),
                   id=str(i))
            for i, (source, count) in enumerate(getattr(self, "_sources", []))
            if matches_words((source,), query)
        ]
        return options

    def _choose(self, option: Option) -> None:
        # None is escape (nothing changes); ALL lifts the source filter.
        assert option.id is not None  # every option is made with an id
        # This picker reuses the article picker's screen, but its result is a source name.
        self.dismiss(self.ALL if option.id == self.ALL  # type: ignore[arg-type]
                     else self._sources[int(option.id)][0])
