"""Open which source…: the outlets that date one timeline event; typing filters."""

from __future__ import annotations

from rich.text import Text
from textual.widgets.option_list import Option

from ..core.search import matches_words
from ..core.timeline import Mention
from .pick import PickArticleScreen


class PickMentionScreen(PickArticleScreen):
    """Choose the source of a timeline event to open at its sentence (labels are sanitized)."""

    HEADING = "Open which source…"
    PLACEHOLDER = "type to filter: words of the outlet or sentence"
    HINT = "↑/↓ choose · enter open at the sentence · escape cancel"

    def __init__(self, mentions: list[tuple[Mention, str]]):
        super().__init__([])
        self._mentions = mentions

    def _options(self, query: str) -> list[Option]:
        return [Option(Text(label), id=str(i))
                for i, (_mention, label) in enumerate(getattr(self, "_mentions", []))
                if matches_words((label,), query)]

    def _choose(self, option: Option) -> None:
        assert option.id is not None  # every option is made with an id
        # The article picker's screen, its result a mention.
        self.dismiss(self._mentions[int(option.id)][0])  # type: ignore[arg-type]
