"""Figures: which labels count as figures, and their normalised numeric values."""

from __future__ import annotations

import math
import re

FIGURE_LABELS = frozenset(
    {"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME", "ORDINAL"}
)

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "a": 1, "an": 1, "single": 1, "couple": 2, "pair": 2, "dozen": 12,
    "half": 0.5,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "hundredth": 100,
}
_SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "mn": 1_000_000,
    "bn": 1_000_000_000, "b": 1_000_000_000, "tn": 1_000_000_000_000,
}
_HEDGES = re.compile(
    r"\b(?:some|about|around|approximately|roughly|nearly|almost|over|more than|less than|"
    r"fewer than|up to|at least|several|dozens|hundreds|thousands|millions|estimated|"
    r"an estimated|close to|circa|c\.)\b|~",
    re.IGNORECASE,
)
_MONTH_WORDS = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday)\b",
    re.IGNORECASE,
)
_DIGITS = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s*(?:-\s*)?(hundred|thousand|million|billion|"
    r"trillion|bn|mn|tn|k|m|b)\b)?",
    re.IGNORECASE,
)
_ORDINAL_DIGITS = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLOCK = re.compile(r"\d:\d{2}")  # a time of day ("10:30") is not a count
_YEAR = re.compile(r"^(?:in |since |by |the |of |until |early |late |mid-?)?((?:1[89]|20)\d{2})s?$", re.I)


def _int_if_whole(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _words_value(text: str) -> int | float | None:
    """Value of the first run of number words ("two hundred", "twenty-five", "a dozen")."""
    total = 0.0
    current = 0.0
    seen = False
    for word in _WORD.findall(text.lower()):
        if word in _ORDINALS:
            ordinal = _ORDINALS[word]
            if not seen:
                return ordinal
            # "twenty-first" → 21, "two hundredth" → 200
            current = current * ordinal if ordinal >= 100 else current + ordinal
            break
        if word in ("a", "an"):
            if seen:  # "half a million", "one and a half"
                continue
            current, seen = 1, True
        elif word in ("couple", "pair"):
            current, seen = 2, True
        elif word == "dozen":
            current, seen = (current or 1) * 12, True
        elif word in _UNITS and word not in ("a", "an"):
            current += _UNITS[word]
            seen = True
        elif word in _TENS:
            current += _TENS[word]
            seen = True
        elif word in ("hundred",) and seen:
            current *= 100
        elif word in _SCALES and len(word) > 2 and seen:
            total += current * _SCALES[word]
            current = 0
        elif word in ("and", "of") and seen:
            continue
        elif seen:
            break
    if not seen:
        return None
    return _int_if_whole(total + current)


def parse_value(text: str, label: str) -> int | float | None:
    """The number a figure states ("11,000" → 11000, "two" → 2), or None.

    Calendar dates have no single number and return None; a bare year returns
    the year, a duration ("two days later") its count.
    """
    stripped = text.strip()
    if label in ("DATE", "TIME"):
        if _ISO_DATE.search(stripped) or _CLOCK.search(stripped):
            return None
        year = _YEAR.match(stripped)
        if year:
            return int(year.group(1))
        if _MONTH_WORDS.search(stripped):
            return None
    if label == "ORDINAL" or label in ("DATE", "TIME"):
        ordinal = _ORDINAL_DIGITS.search(stripped)
        if ordinal and label == "ORDINAL":
            return int(ordinal.group(1))
    match = _DIGITS.search(stripped)
    if match:
        number = float(match.group(1).replace(",", "") + (match.group(2) or ""))
        scale = match.group(3)
        if scale:
            number *= _SCALES[scale.lower()]
        if not math.isfinite(number):  # hundreds of digits: beyond any float
            return None
        return _int_if_whole(number)
    return _words_value(stripped)


_MONTH_NUMBERS = {
    name: index
    for index, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")),
        start=1,
    )
    for name in names
}
_MONTH_NAME = r"(?P<month>January|February|March|April|May|June|July|August|September|October|" \
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DATE_FORMS = (
    re.compile(r"(?P<year>\d{4})-(?P<m>\d{2})-(?P<day>\d{2})"),
    re.compile(_MONTH_NAME + r"\s+(?P<day>\d{1,2})(?!\d)(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?", re.I),
    re.compile(r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_NAME
               + r"(?:,?\s+(?P<year>\d{4}))?", re.I),
    re.compile(_MONTH_NAME + r"(?:\s+of)?\s+(?P<year>\d{4})", re.I),
    re.compile(r"^(?:in |since |by |the |of |until |early |late |mid-?)?(?P<year>(?:1[89]|20)\d{2})$", re.I),
)


def parse_date(text: str) -> str | None:
    """A calendar date as ISO 8601: "June 19, 2024" → "2024-06-19", "June 2024" → "2024-06",
    "January 9" → "--01-09" (no year stated), "2022" → "2022"; None for "Sunday", "last autumn"."""
    stripped = text.strip()
    for form in _DATE_FORMS:
        match = form.search(stripped)
        if not match:
            continue
        groups = match.groupdict()
        month = groups.get("m")
        if groups.get("month"):
            month = str(_MONTH_NUMBERS[groups["month"].lower().rstrip(".")])
        year, day = groups.get("year"), groups.get("day")
        if month and not 1 <= int(month) <= 12 or day and not 1 <= int(day) <= 31:
            continue
        if month and day:
            return f"{year or '-'}-{int(month):02d}-{int(day):02d}"
        if month and year:
            return f"{year}-{int(month):02d}"
        if year:
            return year
    return None


def is_approximate(text: str) -> bool:
    """True when the figure is hedged ("some 11,000", "about 12,000", "several hundred")."""
    return bool(_HEDGES.search(text))


# Numbers the model may miss: digits, with money and percent recognised by shape.
MISSED_NUMBER = re.compile(
    r"(?P<money>[$€£¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|trillion|bn|mn|m|k)\b)?)"
    r"|(?P<percent>\d[\d,]*(?:\.\d+)?\s?(?:%|per ?cent\b))"
    r"|(?P<date>\d{4}-\d{2}-\d{2}|(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\s+\d{1,2}(?:,\s*\d{4})?)"
    # a number ends before a letter or a further ",ddd" group, not before a plain comma ("11,000, it said")
    r"|(?P<number>(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w|,\d)|(?<![\w.,])\d+(?:\.\d+)?(?!\w|,\d))",
    re.IGNORECASE,
)
_MISSED_LABELS = {"money": "MONEY", "percent": "PERCENT", "date": "DATE", "number": "CARDINAL"}


def missed_numbers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of figures found by shape alone."""
    found = []
    for match in MISSED_NUMBER.finditer(text):
        kind = match.lastgroup or "number"
        found.append((match.start(), match.end(), _MISSED_LABELS[kind]))
    return found
