"""What an alignment is: pairs of sentence groups, one-sided sentences, figure conflicts."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FigureConflict:
    """Two figures that count the same thing and disagree.

    `a`/`b` are the figures as written (with a hedge just before them, "around
    10,000"); values are numbers, or ISO dates ("2013-04-30", "--01-09").
    Offsets index into each article's text. `about` says what both count
    ("seats Democrats need"), `unit` its unit ("seat", "%", "USD", "date"),
    `currency` the ISO code for money.
    """

    a: str
    b: str
    a_value: int | float | str | None
    b_value: int | float | str | None
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    about: str
    unit: str | None = None
    currency: str | None = None
    a_sentence: int = -1
    b_sentence: int = -1


@dataclass(frozen=True)
class Pair:
    """Sentences of A and of B that report the same thing; one side may hold up to
    three sentences when the other outlet spread it over several."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float
    conflicts: tuple[FigureConflict, ...] = ()


Row = tuple[tuple[int, ...], tuple[int, ...], "Pair | None"]


@dataclass
class Alignment:
    pairs: list[Pair]
    only_a: list[int]
    only_b: list[int]
    # every disagreement once, whether inside a pair or between unpaired sentences
    figure_conflicts: list[FigureConflict]
    # boilerplate sentences (links, share bars, sign-ups): in no pair and no only-list
    boilerplate_a: list[int] = field(default_factory=list)
    boilerplate_b: list[int] = field(default_factory=list)

    def rows(self) -> list[Row]:
        """Display rows for a side-by-side view.

        Rows follow A's order; a pair sits at its first A sentence; a B-only
        sentence sits right after the row holding the nearest earlier B
        sentence (or right before the row of the nearest later one). Every
        index of either side appears exactly once, boilerplate sentences aside.
        """
        keyed: list[tuple[tuple[float, float, int], Row]] = []
        row_of_b: dict[int, float] = {}
        for pair in self.pairs:
            anchor = min(pair.a) if pair.a else 0
            keyed.append(((anchor, 0, 0), (pair.a, pair.b, pair)))
            for j in pair.b:
                row_of_b[j] = anchor
        for i in self.only_a:
            keyed.append(((i, 0, 0), ((i,), (), None)))
        paired_b = sorted(row_of_b)
        a_count = len(self.only_a) + sum(len(p.a) for p in self.pairs)
        b_count = len(self.only_b) + sum(len(p.b) for p in self.pairs)
        for j in self.only_b:
            key: tuple[float, float, int]
            pos = bisect.bisect_left(paired_b, j)
            if pos > 0:
                key = (row_of_b[paired_b[pos - 1]], 1, j)
            elif pos < len(paired_b):
                key = (row_of_b[paired_b[pos]], -1, j)
            else:  # nothing paired at all: spread B evenly along A
                key = (j * a_count / max(1, b_count), 0.5, j)
            keyed.append((key, ((), (j,), None)))
        keyed.sort(key=lambda item: item[0])
        return [row for _, row in keyed]
