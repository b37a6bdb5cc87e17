"""The claim on one sentence: status, clear, note and tags, the same on every screen.

The reader and the compare screen both tag sentences; they share these writes and
dialogs so a key does the same thing wherever it is pressed. Each write goes
through `app.write_store`, which confirms only once it is on disk.
"""

from __future__ import annotations

from ..core.analysis import Analysis
from ..core.articles import Article
from ..core.claims import sentence_selector
from ..core.store import Annotation
from ..render import STATUS_MARKS
from .dialogs import NoteDialog, TagsDialog


class SentenceClaims:
    """A mixin for screens; `_save(write, confirmation)` runs a write and redraws the claims."""

    def _save(self, write, confirmation: str) -> None:  # pragma: no cover - each screen defines it
        raise NotImplementedError

    def _claim_write(self, article: Article, analysis: Analysis, index: int,
                     claim: Annotation | None, **fields):
        """A write that sets `fields` on the sentence's claim, or tags a new claim with them."""
        store = self.app.store
        if claim is not None:
            return lambda: store.update(claim.id, **fields)
        selector = sentence_selector(article, analysis, index)
        return lambda: store.tag_claim(article.uri, selector, text_hash=article.text_hash,
                                       **fields)

    def tag_sentence(self, article: Article, analysis: Analysis, index: int,
                     claim: Annotation | None, status: str) -> None:
        self._save(self._claim_write(article, analysis, index, claim, status=status),
                   f"{STATUS_MARKS[status]} {status} — saved")

    def clear_sentence(self, claim: Annotation | None) -> None:
        if claim is not None:
            self._save(lambda: self.app.store.clear_status(claim.id), "status cleared — saved")

    def edit_sentence_note(self, article: Article, analysis: Analysis, index: int,
                           claim: Annotation | None) -> None:
        sentence = analysis.sentences[index]
        quote = article.text[sentence.start:sentence.end]

        def done(text: str | None) -> None:
            if text is not None:
                self._save(self._claim_write(article, analysis, index, claim, note=text),
                           "note — saved")

        self.app.push_screen(NoteDialog("Note on this claim", claim.note if claim else "",
                                        context=quote[:300]), done)

    def edit_sentence_tags(self, article: Article, analysis: Analysis, index: int,
                           claim: Annotation | None) -> None:
        def done(tags: list[str] | None) -> None:
            # no claim is created for an empty tag list
            if tags is not None and (claim is not None or tags):
                self._save(self._claim_write(article, analysis, index, claim, tags=tags),
                           "tags — saved")

        self.app.push_screen(TagsDialog(list(claim.tags) if claim else []), done)
