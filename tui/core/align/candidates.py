"""Which sentence pairs are worth scoring: IDF weights and an inverted index.

Every sentence of A may match any sentence of B, but scoring all pairs is
quadratic. An inverted index over B's tokens gives each A sentence its top
candidates, scanning its rarest tokens first within a fixed budget, and the
same from B to A; only those pairs are scored. Cost stays near n·log n.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import defaultdict
from collections.abc import Iterable

from .sentences import Sent

CANDIDATES_PER_SENTENCE = 10
POSTING_BUDGET = 300  # postings scanned per sentence when gathering candidates
QUOTE_RUN = 3  # words in a row two quotations must share to be worth scoring
QUOTE_RUN_POSTINGS = 5  # … unless the run is in more quotations than this (a stock phrase)
IDF_FLOOR = 0.03  # words every sentence shares still say a little (repetitive text)


def idf(sentences: Iterable[Sent], total: int) -> dict[str, float]:
    """Inverse sentence frequency of each token over both articles, in units of a word
    that only one sentence has (so weights mean the same for short and long articles)."""
    df: dict[str, int] = defaultdict(int)
    for s in sentences:
        for t in s.tokens:
            df[t] += 1
    unit = math.log(total + 1.0) or 1.0
    return {t: max(IDF_FLOOR, math.log((total + 1.0) / n) / unit) for t, n in df.items()}


def weight(tokens: Iterable[str], idf_of: dict[str, float]) -> float:
    return sum(idf_of.get(t, 0.0) for t in tokens)


def _one_way(src: list[Sent], dst: list[Sent], idf_of: dict[str, float], k: int) -> set[tuple[int, int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for s in dst:
        for t in s.tokens:
            index[t].append(s.index)
    found: set[tuple[int, int]] = set()
    for s in src:
        acc: dict[int, float] = defaultdict(float)
        scanned = 0
        expected = s.index * len(dst) / max(1, len(src))
        for t in sorted(s.tokens, key=lambda t: len(index.get(t, ()))):
            postings = index.get(t)
            if not postings:
                continue
            if scanned and scanned + len(postings) > POSTING_BUDGET:
                break
            if len(postings) > POSTING_BUDGET:
                # even the rarest word is everywhere: look around the same relative position
                middle = bisect.bisect_left(postings, int(expected))
                low = max(0, min(middle - POSTING_BUDGET // 2, len(postings) - POSTING_BUDGET))
                postings = postings[low:low + POSTING_BUDGET]
            scanned += len(postings)
            w = idf_of[t]
            for j in postings:
                acc[j] += w
        # ties (repeated sentences) go to the candidates nearest the same relative position
        for j, _ in heapq.nlargest(
            k, acc.items(), key=lambda item: (round(item[1], 6), -abs(item[0] - expected))
        ):
            found.add((s.index, j))
    return found


def _quote_runs(s: Sent) -> set[tuple[str, ...]]:
    runs: set[tuple[str, ...]] = set()
    for quote in s.quotes:
        words = quote.split()
        runs.update(tuple(words[n:n + QUOTE_RUN]) for n in range(len(words) - QUOTE_RUN + 1))
    return runs


def quote_pairs(fa: list[Sent], fb: list[Sent]) -> set[tuple[int, int]]:
    """(i, j) pairs whose quotations share a run of QUOTE_RUN words: the same words
    quoted, even when all of them are common ("Well, which is it?")."""
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for s in fb:
        for run in _quote_runs(s):
            index[run].append(s.index)
    found: set[tuple[int, int]] = set()
    for s in fa:
        for run in _quote_runs(s):
            postings = index.get(run, ())
            if len(postings) <= QUOTE_RUN_POSTINGS:
                found.update((s.index, j) for j in postings)
    return found


def candidate_pairs(fa: list[Sent], fb: list[Sent], idf_of: dict[str, float],
                    k: int = CANDIDATES_PER_SENTENCE) -> set[tuple[int, int]]:
    """(i, j) pairs worth scoring: each side's top-k by shared IDF weight, both ways,
    and the pairs that quote the same words."""
    pairs = _one_way(fa, fb, idf_of, k)
    pairs |= {(i, j) for j, i in _one_way(fb, fa, idf_of, k)}
    pairs |= quote_pairs(fa, fb)
    return pairs
