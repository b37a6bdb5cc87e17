"""Long single-line articles, generated: realistic sentences with figures.

Shared by the long-line tests and benchmarks/long_lines.py, so both measure
the same kind of text.
"""

from __future__ import annotations

import random

_PEOPLE = ("Sarah Jones", "Ahmed Karimi", "Olena Petrenko", "John Miller", "Maria Santos")
_PLACES = ("Ohio", "Kyiv", "Manchester", "Lagos", "the Kursk region")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_TEMPLATES = (
    "Officials said {n:,} troops moved on {day}.",
    "The ministry reported {n:,} casualties in {year}, up from {m:,} a year earlier.",
    "About {p} per cent of voters in {place} backed the plan, according to Reuters.",
    "“We have ${m} million left,” {person} told reporters in {place}.",
    "Prices rose {p}% in January, the statistics office said.",
    "{person} said the council would spend £{m}m on {n:,} new homes by {year}.",
)
# The last sentence of every generated line, so a test knows what ends the text.
LAST_SENTENCE = "Officials said 98,765 troops moved on Friday."


def long_line(chars: int, seed: int = 1) -> str:
    """One line of at least `chars` characters: sentences joined by single spaces,
    ending with LAST_SENTENCE."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = len(LAST_SENTENCE)
    while total < chars:
        sentence = rng.choice(_TEMPLATES).format(
            n=rng.randint(1_000, 99_000), m=rng.randint(2, 900), p=rng.randint(2, 60),
            year=rng.randint(1990, 2024), day=rng.choice(_DAYS), place=rng.choice(_PLACES),
            person=rng.choice(_PEOPLE))
        parts.append(sentence)
        total += len(sentence) + 1
    parts.append(LAST_SENTENCE)
    return " ".join(parts)
