"""Claims as the user sees them: tied to sentences, re-anchored to the current text."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from .analysis import Analysis
from .anchoring import Selector, anchor, best_sentence, make_selector
from .articles import Article
from .store import Annotation, Store


def sentence_selector(article: Article, analysis: Analysis, index: int) -> Selector:
    sentence = analysis.sentences[index]
    return make_selector(article.text, sentence.start, sentence.end)


def quote_selector(article: Article, analysis: Analysis, quote: str) -> Selector | None:
    """The sentence(s) holding `quote` (first occurrence), or None if it is not in the text."""
    start = article.text.find(quote)
    if start == -1 or not quote:
        return None
    end = start + len(quote)
    covering = [s for s in analysis.sentences if s.start < end and start < s.end]
    if covering:
        start, end = covering[0].start, covering[-1].end
    return make_selector(article.text, start, end)


def _reanchor_changes(claims: list[Annotation], article: Article) -> list[tuple[str, dict[str, Any]]]:
    """What re-attaching `claims` to the article's current text changes, claim by claim."""
    changes: list[tuple[str, dict[str, Any]]] = []
    for claim in claims:
        if claim.selector is None or (claim.anchored and claim.text_hash == article.text_hash):
            continue
        found = anchor(article.text, claim.selector)
        if found is None:
            if claim.anchored:
                changes.append((claim.id, {"anchored": False}))
            continue
        selector = make_selector(article.text, found.start, found.end)
        if selector != claim.selector or not claim.anchored or claim.text_hash != article.text_hash:
            changes.append((claim.id, {"selector": selector, "anchored": True,
                                       "text_hash": article.text_hash}))
    return changes


def reanchored(annotations: list[Annotation], articles: list[Article]
               ) -> tuple[list[Annotation], list[tuple[str, dict[str, Any]]]]:
    """The annotations as re-anchoring to the articles' current text leaves them, and the
    changes to store for that — nothing is written here, so a screen can show the claims
    at once and save the changes without waiting for the lock.

    Claims whose text cannot be found become orphans (`anchored: false`), never deleted;
    an orphan whose text reappears is attached again. The words a claim was tagged on
    (`tagged_quote`) are never rewritten here: a claim now on different words is
    `changed` until the user looks again.
    """
    by_uri: dict[str, list[Annotation]] = {}
    for annotation in annotations:
        by_uri.setdefault(annotation.uri, []).append(annotation)
    changes = []
    for article in articles:
        changes.extend(_reanchor_changes(by_uri.get(article.uri, []), article))
    fields = dict(changes)
    return [replace(a, **fields[a.id]) if a.id in fields else a for a in annotations], changes


def _reanchor_stored(store: Store, annotations: list[Annotation],
                     articles: list[Article]) -> list[Annotation]:
    """`reanchored`, with its changes written (one write at most)."""
    annotations, changes = reanchored(annotations, articles)
    if changes:
        store.apply(changes)
    return annotations


def reanchor(store: Store, article: Article) -> list[Annotation]:
    """Re-attach the article's claims to its current text; return them as stored now."""
    return _reanchor_stored(store, store.claims(article.uri), [article])


def library_annotations(store: Store, articles: list[Article]) -> list[Annotation]:
    """Every annotation, the library's articles' claims re-anchored first (one write at most)."""
    return _reanchor_stored(store, store.annotations(), articles)


def file_path(uri: str) -> Path | None:
    parsed = urlparse(uri)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" else None


def follow_moved_files(store: Store, articles: list[Article]) -> int:
    """Annotations of a file that no longer exists follow an article with the same text.

    All of the old file's annotations move together: its article note (which has no
    text hash) and orphans (which keep the hash of an older text) go with the claims
    that match.
    """
    by_hash = {article.text_hash: article for article in articles}
    known = {article.uri for article in articles}
    changes: list[tuple[str, dict[str, Any]]] = []
    # From the store's index: only the annotations of files that are gone are read.
    for uri in sorted(store.uris()):
        path = file_path(uri)
        if uri in known or path is None or path.exists():
            continue
        group = store.annotations(uri)
        # The most recently modified annotation that matches a text decides where they go.
        target = next((by_hash[a.text_hash] for a in sorted(group, key=lambda a: a.modified,
                                                               reverse=True)
                       if a.text_hash in by_hash), None)
        if target is not None:
            changes.extend((annotation.id, {"uri": target.uri}) for annotation in group)
    return len(store.apply(changes))


@dataclass(frozen=True)
class ClaimView:
    """A claim with what the reader needs to show it."""

    annotation: Annotation
    title: str
    sentence: int | None
    sources: int | None = None  # other articles carrying a matching sentence

    def as_json(self) -> dict[str, Any]:
        a = self.annotation
        return {
            "id": a.id, "uri": a.uri, "title": self.title,
            "quote": a.selector.exact if a.selector else "",
            "sentence": self.sentence, "status": a.status, "tags": list(a.tags),
            "note": a.note, "anchored": a.anchored, "changed": a.changed,
            "tagged_quote": a.tagged_quote, "created": a.created,
            "modified": a.modified, "sources": self.sources,
        }


def claim_sentence(claim: Annotation, analysis: Analysis) -> int | None:
    """The index of the sentence an anchored claim sits on, or None."""
    if not (claim.anchored and claim.selector):
        return None
    found = best_sentence(analysis.sentences, claim.selector.start, claim.selector.end)
    return found.index if found else None


def claims_by_sentence(claims: list[Annotation], analysis: Analysis) -> dict[int, Annotation]:
    """Sentence index → the claim on it, for anchored claims."""
    found = {}
    for claim in claims:
        index = claim_sentence(claim, analysis)
        if index is not None:
            found[index] = claim
    return found


def claim_views(claims: list[Annotation], article: Article | None,
                analysis: Analysis | None, sources: dict[str, int] | None = None) -> list[ClaimView]:
    views = []
    for claim in claims:
        sentence = claim_sentence(claim, analysis) if analysis else None
        views.append(ClaimView(claim, article.title if article else claim.uri, sentence,
                               (sources or {}).get(claim.id)))
    return views
