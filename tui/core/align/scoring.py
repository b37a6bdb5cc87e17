"""How likely two sentences report the same thing, from named pieces of evidence.

Evidence between the two sentences: rare content words in common (IDF-weighted
Dice, and how much of the shorter one the other covers), the same named
people, places and organisations, the same figure with the same value ("$750,000"
in both), figures of a like size about the same noun ("11,000" / "about 12,000"
troops: what a fact-checker wants side by side), the same quotation, and,
weakly, similar wording (rapidfuzz).

Evidence from around them: whether each is the other's best candidate, how far
apart they sit in their articles (outlets reorder, but not at random), whether
both open their articles, and whether the sentences just before or after match.

`probability()` weighs them with WEIGHTS, a logistic model fitted on the tune
golds (benchmarks/fit_align_weights.py prints the fit; the constants below are
its rounded output).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz import fuzz

from .candidates import weight
from .sentences import Sent

FUZZY_FLOOR = 0.35  # unrelated sentences still share this much wording
DIFFERING_FIGURES = 0.5  # how much figures stated differently on both sides count against
QUOTE_SAME = 0.9  # partial ratio above which two quotations are the same statement
QUOTE_MIN_CHARS = 12
QUOTE_FLOOR = 0.7  # a shared quotation is the same statement, however framed
ECHO_RATIO = 2.0  # figures about one noun within this factor are "of a like size"
LEAD = 2  # sentences that open an article
TRIVIAL_VALUES = frozenset({"#0", "#1", "#2", "#3", "o1", "o2", "o3"})

# Logistic weights of the evidence (fitted on the tune golds, rounded).
WEIGHTS = {
    "dice": 0.76,
    "overlap": 1.26,
    "shared": 2.26,  # log(1 + weight shared, in unique words)
    "names": 0.38,  # log(1 + weight of shared names)
    "figures": 0.92,  # shared specific values, at most 2
    "echoes": 0.34,  # like-sized figures about one noun, at most 1
    "quote": 0.53,
    "fuzzy": 0.14,
    "best_a": 1.07,
    "best_b": 1.02,
    "distance": -1.18,
    "lead": 1.08,
    "neighbour": 0.84,
}
BIAS = -5.43


@dataclass(frozen=True)
class Evidence:
    dice: float  # IDF-weighted Dice of all tokens
    overlap: float  # shared weight / the lighter sentence's weight
    shared: float  # IDF weight of shared tokens
    names: float  # IDF weight of shared names
    figures: int  # shared specific figure values
    echoes: int  # figures of a like size about the same noun, valued differently
    quote: float  # best match of their quotations, 0..1
    fuzzy: float  # wording similarity, 0..1 above the floor

    @property
    def base(self) -> float:
        """A quick score used to rank candidates before the context is known."""
        return 0.75 * self.dice + 0.25 * self.fuzzy


@dataclass(frozen=True)
class Context:
    best_a: bool  # the B sentence is the A sentence's best candidate
    best_b: bool  # and the other way round
    distance: float  # |i/len(A) − j/len(B)|: where the two sit in their articles
    lead: bool  # both open their articles
    neighbour: float  # best base score of the pairs just before or just after


NO_CONTEXT = Context(False, False, 0.0, False, 0.0)


def quote_match(qa: tuple[str, ...], qb: tuple[str, ...]) -> float:
    best = 0.0
    for x in qa:
        for y in qb:
            if min(len(x), len(y)) < QUOTE_MIN_CHARS:
                continue
            best = max(best, fuzz.partial_ratio(x, y) / 100.0)
    return best


def _echoes(x: Sent, y: Sent) -> int:
    """Figures both sentences state about the same noun, of a like size but different
    value: two outlets giving their numbers for one quantity."""
    for q in x.quantities:
        if not q.counts or not q.value:
            continue
        for r in y.quantities:
            if r.cls == q.cls and r.counts == q.counts and r.value and r.value != q.value:
                low, high = sorted((abs(q.value), abs(r.value)))
                if low and high / low <= ECHO_RATIO:
                    return 1
    return 0


def evidence(x: Sent, y: Sent, idf: dict[str, float]) -> Evidence:
    shared_tokens = x.tokens & y.tokens
    shared = weight(shared_tokens, idf)
    wa, wb = x.weight, y.weight
    only_a = x.figures - y.figures
    only_b = y.figures - x.figures
    if only_a and only_b:  # figures stated differently count only half against a match
        wa -= DIFFERING_FIGURES * weight(only_a, idf)
        wb -= DIFFERING_FIGURES * weight(only_b, idf)
    dice = 2.0 * shared / (wa + wb) if wa + wb > 0 else 0.0
    lighter = min(wa, wb)
    overlap = shared / lighter if lighter > 0 else 0.0
    fz = fuzz.token_sort_ratio(x.norm, y.norm) / 100.0
    fz = max(0.0, (fz - FUZZY_FLOOR) / (1 - FUZZY_FLOOR))
    quote = quote_match(x.quotes, y.quotes) if x.quotes and y.quotes else 0.0
    figures = len((x.figures & y.figures) - TRIVIAL_VALUES)
    return Evidence(min(1.0, dice), min(1.0, overlap), shared, weight(x.names & y.names, idf),
                    figures, _echoes(x, y), quote, fz)


def features(ev: Evidence, ctx: Context) -> dict[str, float]:
    """The named inputs of the model."""
    return {
        "dice": ev.dice, "overlap": ev.overlap, "shared": math.log1p(ev.shared),
        "names": math.log1p(ev.names), "figures": min(2, ev.figures),
        "echoes": min(1, ev.echoes), "quote": float(ev.quote >= QUOTE_SAME),
        "fuzzy": ev.fuzzy, "best_a": float(ctx.best_a), "best_b": float(ctx.best_b),
        "distance": ctx.distance, "lead": float(ctx.lead), "neighbour": ctx.neighbour,
    }


def probability(ev: Evidence, ctx: Context = NO_CONTEXT) -> float:
    """0..1: how likely the two sentences report the same thing."""
    if ev.shared <= 0 and ev.quote < QUOTE_SAME:
        return 0.0
    z = BIAS + sum(WEIGHTS[name] * value for name, value in features(ev, ctx).items())
    p = 1.0 / (1.0 + math.exp(-z))
    return max(p, QUOTE_FLOOR) if ev.quote >= QUOTE_SAME else p


def merged(sents: list[Sent], idf: dict[str, float]) -> Sent:
    """Several sentences taken as one (a source that split what the other says at once)."""
    first = sents[0]
    tokens = frozenset().union(*(s.tokens for s in sents))
    return Sent(
        first.index, first.start, sents[-1].end, " ".join(s.text for s in sents), tokens,
        frozenset().union(*(s.names for s in sents)), frozenset().union(*(s.figures for s in sents)),
        " ".join(s.norm for s in sents), tuple(q for s in sents for q in s.quotes),
        [q for s in sents for q in s.quantities], " ".join(s.key for s in sents),
        False, weight(tokens, idf),
    )
