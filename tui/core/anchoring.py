"""Quote selectors and re-anchoring annotations when an article's text changes.

A selector remembers where a claim was (`start`, `end`), what it said
(`exact`) and 32 characters either side (`prefix`, `suffix`), as Hypothesis
does. Re-anchoring tries, in order: the same position, the same quote
nearest the old position, then a fuzzy match of quote and context. What none
of these can place is an orphan: kept, listed, never deleted.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

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

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "exact": self.exact,
                "prefix": self.prefix, "suffix": self.suffix}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Selector:
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
    start, end = _fit(text, selector, match.dest_start, match.dest_end)
    quote_score = fuzz.ratio(exact, text[start:end])
    score = _fuzzy_score(text, selector, start, end)
    if quote_score < FUZZY_THRESHOLD or score < FUZZY_THRESHOLD:
        return None
    return Anchor(start, end, "fuzzy", score)


def _fuzzy_score(text: str, selector: Selector, start: int, end: int) -> float:
    return (0.75 * fuzz.ratio(selector.exact, text[start:end])
            + 0.25 * _context_score(text, selector, start, end))


def _is_word_boundary(text: str, pos: int) -> bool:
    return pos <= 0 or pos >= len(text) or not (text[pos - 1].isalnum() and text[pos].isalnum())


def _fit(text: str, selector: Selector, start: int, end: int) -> tuple[int, int]:
    """Move the ends of a fuzzy match to the word boundaries that best fit the selector.

    The partial alignment is a window as long as the quote, so when words were
    added or removed it cuts into the edited passage or takes in its
    neighbours. Choosing each end (within half the quote's length) by how well
    quote and context then match recovers the whole edited passage.
    """
    reach = max(len(selector.exact) // 2, 4)
    # Start from whole words: partial alignment can stop mid-word.
    while not _is_word_boundary(text, start):
        start -= 1
    while not _is_word_boundary(text, end):
        end += 1
    for _ in range(2):
        starts = [p for p in range(max(0, start - reach), min(end, start + reach + 1))
                  if _is_word_boundary(text, p)]
        start = max(starts, key=lambda p: (_fuzzy_score(text, selector, p, end), -abs(p - start)))
        ends = [p for p in range(max(start + 1, end - reach), min(len(text), end + reach) + 1)
                if _is_word_boundary(text, p)]
        end = max(ends, key=lambda p: (_fuzzy_score(text, selector, start, p), -abs(p - end)))
    return start, end


class _Extent(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


_ExtentT = TypeVar("_ExtentT", bound=_Extent)


def best_sentence(sentences: Sequence[_ExtentT], start: int, end: int) -> _ExtentT | None:
    """The sentence (with .start/.end) overlapping [start, end) the most, or None.

    `sentences` are in text order and do not overlap, so a binary search finds the
    first one ending after `start`: placing 1,000 claims on 2,000 sentences is
    quick, not a million steps.
    """
    best: _ExtentT | None = None
    best_overlap = 0
    for position in range(bisect_right(sentences, start, key=lambda s: s.end), len(sentences)):
        sentence = sentences[position]
        if sentence.start >= end:
            break
        overlap = min(end, sentence.end) - max(start, sentence.start)
        if overlap > best_overlap:
            best, best_overlap = sentence, overlap
    return best
