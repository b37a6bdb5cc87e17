"""How much two whole articles are about the same thing: cheap, for ranking candidates."""

from __future__ import annotations

import math

from ..analysis import Analysis
from .quantities import figure_token
from .tokens import STOPWORDS, WORD, stem


def article_tokens(text: str, analysis: Analysis) -> set[str]:
    """An article's content stems, entity tokens ("e:volody_zelens") and figure tokens."""
    tokens: set[str] = set()
    for match in WORD.finditer(text):
        lower = match.group().lower()
        if lower in STOPWORDS:
            continue
        s = stem(lower)
        if len(s) >= 3 and not s.isdigit():
            tokens.add(s)
    for entity in analysis.entities:
        if entity.kind == "figure":
            token = figure_token(entity)
            if token:
                tokens.add(token)
        else:
            words = WORD.findall(text[entity.start:entity.end])
            tokens.add("e:" + "_".join(stem(w) for w in words))
    return tokens


def similarity(a_text: str, a: Analysis, b_text: str, b: Analysis) -> float:
    """0..1: cosine of the two articles' sets of content stems, entities and figures."""
    ta = article_tokens(a_text, a)
    tb = article_tokens(b_text, b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / math.sqrt(len(ta) * len(tb))
