"""Corroboration: how many other articles carry a sentence matching a claim.

Uses the same aligner as the compare screen. Which sentences of A have a
partner in B is cached on disk per (A text, B text, model, aligner version),
so the claims list does not re-align the library each time.
"""

from __future__ import annotations

import json

from .analysis import Analysis
from .articles import Article
from .atomic import atomic_write_text
from .claims import claim_sentence
from .paths import alignment_cache_dir
from .store import Annotation


class MatchCache:
    """Sentence indices of A matched in B, per article pair; memory backed by disk."""

    def __init__(self, directory=None):
        self.directory = directory or alignment_cache_dir()
        self._memory: dict[str, set[int]] = {}

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
) -> dict[str, int]:
    """Claim id → number of other articles with a sentence aligned to the claim's sentence."""
    cache = cache or MatchCache()
    by_uri = {article.uri: article for article in articles}
    counts: dict[str, int] = {}
    for claim in claims:
        article = by_uri.get(claim.uri)
        analysis = analyses.get(claim.uri)
        sentence = claim_sentence(claim, analysis) if article and analysis else None
        if sentence is None:
            continue
        counts[claim.id] = sum(
            1 for other in articles
            if other.uri != article.uri and other.uri in analyses
            and other.text_hash != article.text_hash
            and sentence in cache.matched(article, analysis, other, analyses[other.uri])
        )
    return counts
