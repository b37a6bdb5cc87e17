"""Corroboration: how many other articles carry a sentence matching a claim.

Uses the same aligner as the compare screen. Which sentences of A have a
partner in B is cached on disk per (A text, B text, model, aligner version),
so the claims list does not re-align the library each time.

Which articles are worth aligning comes from the sentence index
(sentence_index.py): only those with a sentence sharing enough of the claim's
rare words are aligned, not every article of the library. Without a usable
index (damaged, unwritable) every pair is aligned, as before.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from .analysis import Analysis
from .articles import Article
from .atomic import atomic_write_text
from .claims import claim_sentence
from .paths import alignment_cache_dir
from .store import Annotation

if TYPE_CHECKING:
    from .sentence_index import SentenceIndex


class MatchCache:
    """Sentence indices of A matched in B, per article pair; memory backed by disk."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or alignment_cache_dir()
        self._memory: dict[str, set[int]] = {}
        self._indexes: dict[str, SentenceIndex | None] = {}

    def sentence_index(self, model_id: str) -> SentenceIndex | None:
        """The corroboration index for `model_id`, opened once for this cache's lifetime
        (its answers are remembered there); None when it cannot be opened."""
        if model_id not in self._indexes:
            self._indexes[model_id] = _open_index(model_id)
        return self._indexes[model_id]

    def matched(self, a: Article, a_analysis: Analysis, b: Article, b_analysis: Analysis) -> set[int]:
        from . import align

        key = f"{a.text_hash[:32]}-{b.text_hash[:32]}-{a_analysis.model}-v{align.ALIGNER_VERSION}"
        if key in self._memory:
            return self._memory[key]
        path = self.directory / f"{key}.json"
        try:
            found = set(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError, TypeError):
            alignment = align.align(a.text, a_analysis, b.text, b_analysis)
            found = {i for pair in alignment.pairs for i in pair.a}
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_text(path, json.dumps(sorted(found)), durable=False)
            except OSError:
                pass
        self._memory[key] = found
        return found


def sources_for(
    claims: list[Annotation],
    articles: list[Article],
    analyses: dict[str, Analysis],
    cache: MatchCache | None = None,
    index: SentenceIndex | None = None,
) -> dict[str, int]:
    """Claim id → number of other articles with a sentence aligned to the claim's sentence.

    `analyses` is by uri. The library's analysed articles are added to the sentence
    index first (once each); `index` defaults to the one in the cache folder, held by
    `cache` so that a repeated count is answered from memory."""
    cache = cache or MatchCache()
    by_uri = {article.uri: article for article in articles}
    looked_up = [(claim, by_uri.get(claim.uri), analyses.get(claim.uri)) for claim in claims]
    wanted = [(c, a, an) for c, a, an in looked_up if a is not None and an is not None]
    if not wanted:
        return {}
    if index is None:
        index = cache.sentence_index(next(iter(analyses.values())).model)
    if index is not None:
        try:
            return _sources_by_index(wanted, articles, analyses, cache, index)
        except (sqlite3.Error, OSError):
            pass  # an index that cannot be read or written only costs time
    return _sources_by_pairs(wanted, articles, analyses, cache)


def _open_index(model_id: str) -> SentenceIndex | None:
    from .sentence_index import SentenceIndex

    try:
        return SentenceIndex(model_id)
    except (sqlite3.Error, OSError):
        return None


_Wanted = list[tuple[Annotation, Article, Analysis]]  # a claim, its article and its analysis


def _sources_by_index(wanted: _Wanted, articles: list[Article], analyses: dict[str, Analysis],
                      cache: MatchCache, index: SentenceIndex) -> dict[str, int]:
    """Only the articles the index names as candidates are aligned."""
    known = index.known()
    by_hash: dict[str, list[Article]] = {}
    for other in articles:
        if other.uri in analyses:
            by_hash.setdefault(other.text_hash, []).append(other)
    index.add((others[0], analyses[others[0].uri]) for text_hash, others in by_hash.items()
              if text_hash not in known)
    counts: dict[str, int] = {}
    for claim, article, analysis in wanted:
        sentence = claim_sentence(claim, analysis)
        if sentence is None:
            continue
        tokens = index.tokens_of(article.text_hash, article.text, analysis)[sentence]
        count = 0
        for candidate in index.candidates(tokens, exclude=article.text_hash, within=by_hash):
            others = by_hash[candidate.text_hash]
            if sentence in cache.matched(article, analysis, others[0], analyses[others[0].uri]):
                count += len(others)
        counts[claim.id] = count
    return counts


def _sources_by_pairs(wanted: _Wanted, articles: list[Article], analyses: dict[str, Analysis],
                      cache: MatchCache) -> dict[str, int]:
    """The claim's article aligned with every other analysed article of the library."""
    counts: dict[str, int] = {}
    for claim, article, analysis in wanted:
        sentence = claim_sentence(claim, analysis)
        if sentence is None:
            continue
        counts[claim.id] = sum(
            1 for other in articles
            if other.uri != article.uri and other.uri in analyses
            and other.text_hash != article.text_hash
            and sentence in cache.matched(article, analysis, other, analyses[other.uri])
        )
    return counts
