"""Sentence alignment of two articles, figure conflicts, word diff.

Outlets reorder everything, so this is not a line diff: every sentence of A
may match any sentence of B. The parts, in the order they run:

- sentences.py   per-sentence evidence (stems, names, figure values, quotations)
- quantities.py  what each figure counts; dates.py when a date says it happened
- candidates.py  IDF and an inverted index: which pairs are worth scoring
- scoring.py     evidence and its named weights → one score per pair
- assignment.py  decisions: which pairs stand (mutual best, splits up to three)
- conflicts.py   figures that count the same thing and disagree, each once
- worddiff.py, ranking.py (whole-article similarity), serialize.py, model.py

`ALIGNER_VERSION` changes whenever results may change: caches of alignments
key on it. Plain Python: never imports textual or rich.
"""

from __future__ import annotations

from collections import defaultdict

from ..analysis import Analysis
from .assignment import assign
from .candidates import idf as _idf
from .candidates import weight as _weight
from .conflicts import find_conflicts
from .model import Alignment, FigureConflict, Pair
from .ranking import similarity
from .sentences import features
from .serialize import alignment_json, conflict_json
from .worddiff import word_diff

ALIGNER_VERSION = 6  # 6: like-sized bounds about one noun, "how many N" answered by a bare range

__all__ = [
    "ALIGNER_VERSION", "Alignment", "FigureConflict", "Pair", "align", "alignment_json",
    "conflict_json", "similarity", "word_diff",
]


def align(a_text: str, a: Analysis, b_text: str, b: Analysis,
          a_date: str = "", b_date: str = "") -> Alignment:
    """Align the sentences of two analysed articles by meaning, wherever they sit.

    `a_date`/`b_date` are the articles' own dates (ISO), against which relative
    dates ("last week", "Tuesday") are read.

    Boilerplate sentences (analysis.boilerplate_sentences) are left out: never
    paired, never one-sided, listed apart in `boilerplate_a` / `boilerplate_b`."""
    fa = features(a_text, a, a_date)
    fb = features(b_text, b, b_date)
    idf = _idf(fa + fb, len(fa) + len(fb))
    for s in fa + fb:
        s.weight = _weight(s.tokens, idf)
    groups = assign(fa, fb, idf)

    paired_of: dict[int, set[int]] = defaultdict(set)
    for g in groups:
        for i in g.a:
            paired_of[i].update(g.b)
    conflicts = find_conflicts([q for s in fa for q in s.quantities],
                               [q for s in fb for q in s.quantities], paired_of)
    pairs = []
    for g in groups:
        inside = tuple(c for c in conflicts if c.a_sentence in g.a and c.b_sentence in g.b)
        pairs.append(Pair(tuple(g.a), tuple(g.b), round(min(1.0, g.score), 4), inside))
    used_a = {i for p in pairs for i in p.a}
    used_b = {j for p in pairs for j in p.b}
    skip_a, skip_b = a.boilerplate_sentences, b.boilerplate_sentences
    return Alignment(
        pairs=pairs,
        only_a=[s.index for s in fa if s.index not in used_a and s.index not in skip_a],
        only_b=[s.index for s in fb if s.index not in used_b and s.index not in skip_b],
        figure_conflicts=conflicts,
        boilerplate_a=sorted(skip_a),
        boilerplate_b=sorted(skip_b),
    )
