"""Entity and sentence records, and a line's figure spans put right.

spaCy's small model cuts money short ("£450m" → "450"), calls "3.5 per cent"
money, misses numbers and splits spans of years ("from 1967 to 1979"). Here
each line's spans are fixed by shape (amounts.py) and every figure gets its
value, hedge, ISO date, currency, stated range and unit.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .amounts import (
    Amount,
    currency_of,
    find_amounts,
    parse_fraction,
    parse_range,
    whole,
)
from .figures import (
    FIGURE_LABELS,
    is_approximate,
    missed_numbers,
    parse_date,
    parse_value,
)


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    label: str
    kind: str  # "entity" | "figure"
    value: int | float | None = None
    approx: bool = False
    iso: str | None = None  # dates: "2024-06-19", "2024-06", "--01-09" (no year stated)
    currency: str | None = None  # money: ISO 4217 code ("£450m" → "GBP")
    high: int | float | None = None  # a stated range's top end ("$3-4 million" → 4000000)
    unit: str | None = None  # "%", "percentage points", "fraction"
    # what a figure counts, from the parse (see roles.py): "would need 25 seats" →
    # counts "seat", verb "need", subject "democrat"
    counts: str | None = None
    verb: str | None = None
    subject: str | None = None
    object: str | None = None


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int


def entity_for(offset: int, start: int, end: int, label: str, surface: str) -> Entity:
    """An entity, or a figure with its value, hedging and (for dates) ISO form."""
    if label not in FIGURE_LABELS:
        return Entity(offset + start, offset + end, label, "entity")
    value = parse_value(surface, label)
    high = currency = unit = None
    if label in ("CARDINAL", "QUANTITY", "MONEY"):
        fraction = parse_fraction(surface)
        if fraction is not None:
            value, unit = fraction, "fraction"
        else:
            span = parse_range(surface, lambda part: parse_value(part, label))
            if span is not None:
                value, high = (whole(v) for v in span)
    if label == "MONEY":
        currency = currency_of(None, surface) or currency_of(surface.split()[0] if surface.split() else None)
    return Entity(
        offset + start, offset + end, label, "figure",
        value=value,
        approx=is_approximate(surface),
        iso=parse_date(surface) if label == "DATE" else None,
        currency=currency, high=high, unit=unit,
    )


def from_amount(offset: int, start: int, end: int, amount: Amount, surface: str) -> Entity:
    """A figure found by shape (amounts.py), with its value, currency, range and unit."""
    return Entity(offset + start, offset + end, amount.label, "figure", value=amount.value,
                  approx=is_approximate(surface), currency=amount.currency, high=amount.high,
                  unit=amount.unit)


_YEAR_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|through|until|and)\s*")
_YEARISH = re.compile(r"(?:(?:in|from|since|between)\s+)?(?:1[6-9]|20)\d{2}")
_FRACTION_ORDINAL = re.compile(
    r"(?:\b(?:a|one|two|three|four|five|six|seven|eight|nine)[\s-]+)$", re.IGNORECASE)
_LONGEST_FRACTION_WORD = 5  # "three", "seven", "eight"


def _fraction_lead(line: str, start: int) -> re.Match[str] | None:
    """`_FRACTION_ORDINAL` searched in line[:start], reading only the words just before
    `start`: the spaces and hyphens, and at most a five-letter word before them."""
    gap = start
    while gap > 0 and (line[gap - 1].isspace() or line[gap - 1] == "-"):
        gap -= 1
    if gap == start:
        return None
    return _FRACTION_ORDINAL.search(line, max(0, gap - _LONGEST_FRACTION_WORD), start)


_Span = tuple[int, int, str, Amount | None]  # start, end, label, the amount it states


def figure_spans(line: str, ents: list[tuple[int, int, str]]
                 ) -> list[tuple[int, int, str, Amount | None]]:
    """The model's spans, put right where copy writes amounts by shape, plus the
    numbers it missed.

    An amount ("£450m", "3.5 per cent", "$3-4 million") takes over the figures it
    overlaps, its span the union of theirs; an entity it would cut in two keeps
    its place and the amount is dropped. "a third of" is a fraction, not an ordinal.

    The spans never overlap and stay sorted (the model's entities come so), so
    what an amount or a number overlaps is found by binary search: the time
    grows with the line, not with its square.
    """
    spans: list[_Span] = [(start, end, label, None) for start, end, label in ents]
    starts = [s[0] for s in spans]
    ends = [s[1] for s in spans]

    def place(index: int, stop: int, span: _Span) -> None:
        spans[index:stop] = [span]
        starts[index:stop] = [span[0]]
        ends[index:stop] = [span[1]]

    for amount in find_amounts(line):
        first, stop = bisect_right(ends, amount.start), bisect_left(starts, amount.end)
        overlapping = spans[first:stop]
        if any(s[2] not in FIGURE_LABELS and not (amount.start <= s[0] and s[1] <= amount.end)
               for s in overlapping):
            continue
        start = min([amount.start] + [s[0] for s in overlapping if s[2] in FIGURE_LABELS])
        end = max([amount.end] + [s[1] for s in overlapping if s[2] in FIGURE_LABELS])
        place(first, stop, (start, end, amount.label, amount))
    for start, end, label in missed_numbers(line):  # numbers the model missed, by shape
        first, stop = bisect_right(ends, start), bisect_left(starts, end)
        if first >= stop:  # overlaps nothing
            place(first, first, (start, end, label, None))
    merged_spans: list[_Span] = []
    for span in spans:  # "from 1967 to 1979": the model may cut a span of years in two
        if merged_spans and _YEAR_RANGE_GAP.fullmatch(line[merged_spans[-1][1]:span[0]]) \
                and merged_spans[-1][2] in ("DATE", "CARDINAL") and span[2] in ("DATE", "CARDINAL") \
                and _YEARISH.fullmatch(line[merged_spans[-1][0]:merged_spans[-1][1]]) \
                and _YEARISH.fullmatch(line[span[0]:span[1]]):
            merged_spans[-1] = (merged_spans[-1][0], span[1], "DATE", None)
        else:
            merged_spans.append(span)
    spans = merged_spans
    for n, (start, end, label, amount_of) in enumerate(spans):
        if label == "ORDINAL" and line[end:end + 3] == " of":
            lead = _fraction_lead(line, start)
            if lead and parse_fraction(line[lead.start():end]) is not None:
                spans[n] = (lead.start(), end, "CARDINAL", amount_of)
    return sorted(spans, key=lambda s: s[0])
