"""Quote selectors and re-anchoring annotations when an article's text changes.

A selector remembers where a claim was (`start`, `end`), what it said
(`exact`) and 32 characters either side (`prefix`, `suffix`), as Hypothesis
does. Re-anchoring tries, in order: the same position, the same quote
nearest the old position, then a fuzzy match of quote and context. What none
of these can place is an orphan: kept, listed, never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

CONTEXT_CHARS = 32
FUZZY_THRESHOLD = 80.0  # rapidfuzz score (0-100) a fuzzy match must reach
MIN_FUZZY_QUOTE = 12  # shorter quotes are too ambiguous to place fuzzily


@dataclass(frozen=True)
class Selector:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "exact": self.exact,
                "prefix": self.prefix, "suffix": self.suffix}

    @classmethod
    def from_dict(cls, data: dict) -> "Selector":
        return cls(int(data["start"]), int(data["end"]), str(data["exact"]),
                   str(data.get("prefix", "")), str(data.get("suffix", "")))


@dataclass(frozen=True)
class Anchor:
    """Where a selector lands in a text, and how it was found."""

    start: int
    end: int
    method: str  # "position" | "quote" | "fuzzy"
    score: float = 100.0


def make_selector(text: str, start: int, end: int) -> Selector:
    return Selector(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS):start],
        suffix=text[end:end + CONTEXT_CHARS],
    )


def _context_score(text: str, selector: Selector, start: int, end: int) -> float:
    here = make_selector(text, start, end)
    scores = []
    if selector.prefix:
        scores.append(fuzz.ratio(selector.prefix, here.prefix))
    if selector.suffix:
        scores.append(fuzz.ratio(selector.suffix, here.suffix))
    return sum(scores) / len(scores) if scores else 100.0


def anchor(text: str, selector: Selector) -> Anchor | None:
    """Place `selector` in `text`, or None when it cannot be placed (an orphan)."""
    exact = selector.exact
    if not exact:
        return None
    if text[selector.start:selector.end] == exact:
        return Anchor(selector.start, selector.end, "position")
    occurrences = []
    found = text.find(exact)
    while found != -1:
        occurrences.append(found)
        found = text.find(exact, found + 1)
    if occurrences:
        # Nearest to the old position; the context breaks ties between repeated quotes.
        best = min(
            occurrences,
            key=lambda pos: (-round(_context_score(text, selector, pos, pos + len(exact))),
                             abs(pos - selector.start)),
        ) if len(occurrences) > 1 else occurrences[0]
        return Anchor(best, best + len(exact), "quote")
    if len(exact) < MIN_FUZZY_QUOTE or not text:
        return None
    return _fuzzy_anchor(text, selector)


def _fuzzy_anchor(text: str, selector: Selector) -> Anchor | None:
    exact = selector.exact
    match = fuzz.partial_ratio_alignment(exact, text, score_cutoff=FUZZY_THRESHOLD)
    if match is None:
        return None
    start, end = match.dest_start, match.dest_end
    # Grow the match to whole words: partial alignment can stop mid-word.
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    quote_score = fuzz.ratio(exact, text[start:end])
    score = 0.75 * quote_score + 0.25 * _context_score(text, selector, start, end)
    if quote_score < FUZZY_THRESHOLD or score < FUZZY_THRESHOLD:
        return None
    return Anchor(start, end, "fuzzy", score)


def best_sentence(sentences, start: int, end: int):
    """The sentence (with .start/.end) overlapping [start, end) the most, or None."""
    best, best_overlap = None, 0
    for sentence in sentences:
        overlap = min(end, sentence.end) - max(start, sentence.start)
        if overlap > best_overlap:
            best, best_overlap = sentence, overlap
    return best
