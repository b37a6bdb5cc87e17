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

    def tag_sentence(self, article: Article, analysis: Analysis, index: int,
                     claim: Annotation | None, status: str) -> None:
        store = self.app.store
        if claim is not None:
            write = lambda: store.update(claim.id, status=status)  # noqa: E731
        else:
            selector = sentence_selector(article, analysis, index)
            write = lambda: store.tag_claim(  # noqa: E731
                article.uri, selector, text_hash=article.text_hash, status=status)
        self._save(write, f"{STATUS_MARKS[status]} {status} — saved")

    def clear_sentence(self, claim: Annotation | None) -> None:
        if claim is not None:
            self._save(lambda: self.app.store.clear_status(claim.id), "status cleared — saved")

    def edit_sentence_note(self, article: Article, analysis: Analysis, index: int,
                           claim: Annotation | None) -> None:
        sentence = analysis.sentences[index]
        quote = article.text[sentence.start:sentence.end]
        store = self.app.store

        def done(text: str | None) -> None:
            if text is None:
                return
            if claim is not None:
                self._save(lambda: store.update(claim.id, note=text), "note — saved")
            else:
                selector = sentence_selector(article, analysis, index)
                self._save(lambda: store.tag_claim(
                    article.uri, selector, text_hash=article.text_hash, note=text), "note — saved")

        self.app.push_screen(NoteDialog("Note on this claim", claim.note if claim else "",
                                        context=quote[:300]), done)

    def edit_sentence_tags(self, article: Article, analysis: Analysis, index: int,
                           claim: Annotation | None) -> None:
        store = self.app.store

        def done(tags: list[str] | None) -> None:
            if tags is None:
                return
            if claim is not None:
                self._save(lambda: store.update(claim.id, tags=tags), "tags — saved")
            elif tags:
                selector = sentence_selector(article, analysis, index)
                self._save(lambda: store.tag_claim(
                    article.uri, selector, text_hash=article.text_hash, tags=tags), "tags — saved")

        self.app.push_screen(TagsDialog(list(claim.tags) if claim else []), done)
