"""The `compare --json` shape (DESIGN.md's CLI contract, plus conflict details)."""

from __future__ import annotations

from typing import Any

from ..analysis import Analysis
from .model import Alignment, FigureConflict


def conflict_json(conflict: FigureConflict) -> dict[str, Any]:
    """One conflict: both figures as written and valued, what they count, where they sit."""
    return {
        "a": conflict.a, "b": conflict.b, "a_value": conflict.a_value, "b_value": conflict.b_value,
        "about": conflict.about, "unit": conflict.unit, "currency": conflict.currency,
        "a_sentence": conflict.a_sentence, "b_sentence": conflict.b_sentence,
        "a_start": conflict.a_start, "a_end": conflict.a_end,
        "b_start": conflict.b_start, "b_end": conflict.b_end,
    }


def _side_json(article: Any, analysis: Analysis) -> dict[str, Any]:
    text = article.text
    return {
        "uri": article.uri,
        "title": article.title,
        "sentences": [
            {"index": s.index, "start": s.start, "end": s.end, "text": text[s.start:s.end]}
            for s in analysis.sentences
        ],
    }


def alignment_json(
    a_article: Any, a_analysis: Analysis, b_article: Any, b_analysis: Analysis,
    alignment: Alignment,
) -> dict[str, Any]:
    """The `compare --json` shape of DESIGN.md, plus article-wide "figure_conflicts"."""
    return {
        "a": _side_json(a_article, a_analysis),
        "b": _side_json(b_article, b_analysis),
        "pairs": [
            {
                "a": list(p.a),
                "b": list(p.b),
                "score": round(max(0.0, min(1.0, p.score)), 3),
                "conflicts": [conflict_json(c) for c in p.conflicts],
            }
            for p in alignment.pairs
        ],
        "only_a": list(alignment.only_a),
        "only_b": list(alignment.only_b),
        "boilerplate_a": list(alignment.boilerplate_a),
        "boilerplate_b": list(alignment.boilerplate_b),
        "figure_conflicts": [conflict_json(c) for c in alignment.figure_conflicts],
    }
