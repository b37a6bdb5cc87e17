"""The claim on one sentence: status, clear, note and tags, the same on every screen.

The reader and the compare screen both tag sentences; they share these writes and
dialogs so a key does the same thing wherever it is pressed. Each write goes
through `app.write_store`, which confirms only once it is on disk. A write on a
claim carries the revision the screen showed: if another window changed or
removed the claim meanwhile, nothing is written and the user is told (a typed
note or tag list reopens in its editor, so nothing typed is lost).
"""

from __future__ import annotations

from ..core.analysis import Analysis
from ..core.articles import Article
from ..core.claims import sentence_selector
from ..core.store import Annotation, StaleClaim
from ..mixins import ScreenMixin
from ..render import STATUS_MARKS
from .dialogs import NoteDialog, TagsDialog


class SentenceClaims(ScreenMixin):
    """A mixin for screens; `_save(write, confirmation)` runs a write and redraws the claims."""

    def _save(self, write, confirmation: str, failed=None) -> None:  # pragma: no cover
        """Run `write` through `app.write_store`, then redraw the claims (each screen's own)."""
        raise NotImplementedError

    def _claim_for(self, article: Article, index: int) -> Annotation | None:  # pragma: no cover
        """The claim now on sentence `index` of `article`, as the screen last read it."""
        raise NotImplementedError

    def _claim_write(self, article: Article, analysis: Analysis, index: int,
                     claim: Annotation | None, **fields):
        """A write that sets `fields` on the sentence's claim, or tags a new claim with them."""
        store = self.app.store
        if claim is not None:
            return lambda: store.update(claim.id, expected_rev=claim.rev, **fields)
        selector = sentence_selector(article, analysis, index)
        return lambda: store.tag_claim(article.uri, selector, text_hash=article.text_hash,
                                       **fields)

    def tag_sentence(self, article: Article, analysis: Analysis, index: int,
                     claim: Annotation | None, status: str) -> None:
        self._save(self._claim_write(article, analysis, index, claim, status=status),
                   f"{STATUS_MARKS[status]} {status} — saved")

    def clear_sentence(self, claim: Annotation | None) -> None:
        if claim is not None:
            self._save(lambda: self.app.store.clear_status(claim.id, expected_rev=claim.rev),
                       "status cleared — saved")

    def accept_wording(self, claim: Annotation | None) -> None:
        """The claim's current words become the words it was checked on."""
        if claim is None:
            self.notify("No claim on this sentence", timeout=2)
            return
        if not claim.changed:
            self.notify("This claim's words have not changed since it was tagged", timeout=2)
            return
        self._save(lambda: self.app.store.update(claim.id, expected_rev=claim.rev, accept=True),
                   "new wording accepted — saved")

    def edit_sentence_note(self, article: Article, analysis: Analysis, index: int,
                           claim: Annotation | None) -> None:
        sentence = analysis.sentences[index]
        quote = article.text[sentence.start:sentence.end][:300]

        def save(text: str | None, current: Annotation | None) -> None:
            if text is not None:
                self._save(self._claim_write(article, analysis, index, current, note=text),
                           "note — saved", failed=lambda exc: reopen(exc, text))

        def reopen(exc: Exception, text: str) -> None:
            # Whatever went wrong, what was typed comes back; ctrl+s tries again on the
            # claim as the screen now shows it.
            self.app.push_screen(NoteDialog(not_saved_title(exc), text, context=quote),
                                 lambda again: save(again, self._claim_for(article, index)))

        self.app.push_screen(NoteDialog("Note on this claim", claim.note if claim else "",
                                        context=quote), lambda text: save(text, claim))

    def edit_sentence_tags(self, article: Article, analysis: Analysis, index: int,
                           claim: Annotation | None) -> None:
        def save(tags: list[str] | None, current: Annotation | None) -> None:
            # no claim is created for an empty tag list
            if tags is not None and (current is not None or tags):
                self._save(self._claim_write(article, analysis, index, current, tags=tags),
                           "tags — saved", failed=lambda exc: reopen(exc, tags))

        def reopen(exc: Exception, tags: list[str]) -> None:
            self.app.push_screen(TagsDialog(tags, title=not_saved_title(exc)),
                                 lambda again: save(again, self._claim_for(article, index)))

        self.app.push_screen(TagsDialog(list(claim.tags) if claim else []),
                             lambda tags: save(tags, claim))


def not_saved_title(exc: Exception) -> str:
    """The heading of an editor reopened after its text could not be saved (short: it is
    a border title)."""
    if isinstance(exc, StaleClaim):
        return "NOT saved: changed in another window · ctrl+s saves again"
    return "NOT saved (see the message) · ctrl+s tries again"
