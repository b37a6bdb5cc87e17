"""When a date figure says something happened, as a range of days.

Outlets date the same event differently in form ("April 30", "mid May",
"last week", "Tuesday") as well as in fact. Each date becomes the days it
allows, resolved against its article's own date when it is relative:

    "April 30" in an article of 2013-01-30   → 2013-04-30
    "mid May"                                → May 10–20 of the article's year
    "last month" in an article of 2011-06-17 → 2011-05-01 … 2011-05-31
    "last week"                              → the 13 days before the article
    "Tuesday"                                → the Tuesday before or the one after
    "1966 to 1978"                           → a span: from 1966 to 1978

Two dates disagree when none of the days one allows is a day the other
allows (a span: when its start or its end does). Durations ("two days
later", "46 to 57 months") are lengths, not days: they are compared as
amounts in days. Without an article date, a date with no year is compared on
month and day only.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
DAYS_PER = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "month": 30.44,
            "year": 365.25, "decade": 3652.5, "century": 36525}
PART_OF_MONTH = {"early": (1, 10), "mid": (10, 20), "middle": (10, 20), "late": (20, 31)}
LAST_WEEK_DAYS = 13  # "last week": somewhere in the thirteen days before the article

_RANGE = re.compile(r"^(?:from\s+|between\s+|the years\s+)?(.+?)\s*"
                    r"(?:-|–|—|\bto\b|\bthrough\b|\band\b|\buntil\b)\s*(.+)$",
                    re.IGNORECASE)
_YEAR = re.compile(r"\b((?:1[6-9]|20)\d{2})s?\b")
_PART_MONTH = re.compile(r"\b(early|mid|middle|late)[-\s]+(?:of\s+)?([a-z]+)\.?\b", re.IGNORECASE)
_MONTH_ONLY = re.compile(r"^(?:in\s+|since\s+|by\s+|until\s+|this\s+|last\s+|next\s+)?([a-z]+)\.?$",
                         re.IGNORECASE)
_DURATION = re.compile(r"\b(minute|hour|day|week|month|year|decade|centur)(?:y|ie)?s?\b", re.IGNORECASE)
# "two days later", "five years ago", "a 6-year-old": lengths of time, not calendar dates
_RELATIVE_PIVOT = re.compile(
    r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|couple of|"
    r"many)[\s-]+(?:minute|hour|day|week|month|year|decade)s?[\s-]+"
    r"(?:ago|later|earlier|before|after|old|long)\b|\b(?:ago|later)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class When:
    """Days a date allows: candidate ranges of date ordinals (two for a bare weekday);
    `floating` when no year is known (compare on month and day only)."""

    ranges: tuple[tuple[int, int], ...]
    floating: bool = False
    end: When | None = None  # set for a span: `ranges` is then its start

    def shown(self) -> str:
        lo, hi = self.ranges[0]
        a, b = dt.date.fromordinal(lo), dt.date.fromordinal(hi)
        if self.floating:
            text = f"--{a.month:02d}-{a.day:02d}" if lo == hi else f"--{a.month:02d}"
        elif lo == hi:
            text = a.isoformat()
        elif (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) and a.year == b.year:
            text = str(a.year)
        elif a.day == 1 and b.day == calendar.monthrange(b.year, b.month)[1] \
                and (a.year, a.month) == (b.year, b.month):
            text = f"{a.year:04d}-{a.month:02d}"
        else:
            text = f"{a.isoformat()}/{b.isoformat()}"
        return text + (f" to {self.end.shown()}" if self.end else "")


def _article_day(article_date: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(article_date[:10])
    except (ValueError, TypeError):
        return None


def _month_range(year: int, month: int, first: int = 1, last: int = 31) -> tuple[int, int]:
    days = calendar.monthrange(year, month)[1]
    return (dt.date(year, month, min(first, days)).toordinal(),
            dt.date(year, month, min(last, days)).toordinal())


def _year_range(year: int) -> tuple[int, int]:
    return dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()


FLOATING_YEAR = 2000  # a leap year: month and day of any year fit in it


def _from_iso(iso: str, today: dt.date | None) -> When | None:
    parts = iso.split("-")
    try:
        if iso.startswith("--"):  # "--01-09": no year stated
            month, day = int(parts[2]), int(parts[3])
            year = today.year if today else FLOATING_YEAR
            d = dt.date(year, month, day).toordinal()
            return When(((d, d),), floating=today is None)
        year = int(parts[0])
        if len(parts) == 1:
            return When((_year_range(year),))
        if len(parts) == 2:
            return When((_month_range(year, int(parts[1])),))
        d = dt.date(year, int(parts[1]), int(parts[2])).toordinal()
        return When(((d, d),))
    except ValueError:
        return None


def _relative(text: str, today: dt.date) -> When | None:
    """"yesterday", "last week", "earlier this month", "last year", "Tuesday"… from the article's date."""
    t = today.toordinal()
    lower = text.lower()
    if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", lower):
        return When(((t, t),))
    if re.search(r"\byesterday\b|\blast night\b", lower):
        return When(((t - 1, t - 1),))
    if re.search(r"\btomorrow\b", lower):
        return When(((t + 1, t + 1),))
    first_of_month = today.replace(day=1).toordinal()
    if re.search(r"\blast week\b|\bthe past week\b", lower):
        return When(((t - LAST_WEEK_DAYS, t - 1),))
    if re.search(r"\bthis week\b", lower):
        monday = t - today.weekday()
        return When(((monday, monday + 6),))
    if re.search(r"\bnext week\b", lower):
        monday = t - today.weekday() + 7
        return When(((monday, monday + 6),))
    if re.search(r"\bearlier this month\b", lower):
        return When(((first_of_month, t),))
    if re.search(r"\bthis month\b", lower):
        return When((_month_range(today.year, today.month),))
    if re.search(r"\blast month\b", lower):
        previous = dt.date.fromordinal(first_of_month - 1)
        return When((_month_range(previous.year, previous.month),))
    if re.search(r"\bearlier this year\b", lower):
        return When(((dt.date(today.year, 1, 1).toordinal(), t),))
    if re.search(r"\bthis year\b", lower):
        return When((_year_range(today.year),))
    if re.search(r"\blast year\b", lower):
        return When((_year_range(today.year - 1),))
    if re.search(r"\bnext year\b", lower):
        return When((_year_range(today.year + 1),))
    for n, day in enumerate(WEEKDAYS):
        if re.search(rf"\b{day}\b", lower):
            back = (today.weekday() - n) % 7
            before = t - back
            if re.search(r"\blast\b", lower):
                before = before - 7 if back == 0 else before
                return When(((before, before),))
            after = before + 7
            if re.search(r"\bnext\b", lower):
                return When(((after, after),))
            return When(((before, before), (after, after)))
    return None


def _month_words(text: str, today: dt.date | None) -> When | None:
    """"April", "mid May", "late December", "in June" (the article's year when known)."""
    year_match = _YEAR.search(text)
    year = int(year_match.group(1)) if year_match else (today.year if today else FLOATING_YEAR)
    floating = not year_match and today is None
    part = _PART_MONTH.search(text)
    if part and part.group(2).lower() in MONTHS:
        first, last = PART_OF_MONTH[part.group(1).lower()]
        return When((_month_range(year, MONTHS[part.group(2).lower()], first, last),), floating)
    bare = _MONTH_ONLY.match(text.strip())
    if bare and bare.group(1).lower() in MONTHS:  # a DATE entity: "May" is the month
        return When((_month_range(year, MONTHS[bare.group(1).lower()]),), floating)
    return None


def when(surface: str, iso: str | None, article_date: str) -> When | None:
    """The days a date figure allows, or None (a duration, an age, a time of day, vague)."""
    today = _article_day(article_date)
    text = surface.strip()
    if _RELATIVE_PIVOT.search(text):
        return None  # "two days later", "five years ago", "6-year-old": not a calendar date
    span = _RANGE.match(text)
    if span and _YEAR.search(span.group(1)) and _YEAR.search(span.group(2)):
        start, end = when(span.group(1), None, article_date), when(span.group(2), None, article_date)
        if start and end and not start.end and not end.end:
            return When(start.ranges, start.floating, end)
    if iso:
        return _from_iso(iso, today)
    year = _YEAR.fullmatch(re.sub(r"^(?:in|since|by|until|the|of|early|late|mid-?)\s*", "", text,
                                  flags=re.IGNORECASE))
    if year:
        return When((_year_range(int(year.group(1))),))
    months = _month_words(text, today)
    if months:
        return months
    if today is not None:
        return _relative(text, today)
    return None


def _overlap(x: When, y: When) -> bool:
    project = x.floating or y.floating

    def days(w: When) -> list[tuple[int, int]]:
        if not project:
            return list(w.ranges)
        out = []
        for lo, hi in w.ranges:
            a, b = dt.date.fromordinal(lo), dt.date.fromordinal(hi)
            if (b - a).days > 62:
                return [(dt.date(FLOATING_YEAR, 1, 1).toordinal(),
                         dt.date(FLOATING_YEAR, 12, 31).toordinal())]
            try:
                out.append((a.replace(year=FLOATING_YEAR).toordinal(),
                            b.replace(year=FLOATING_YEAR).toordinal()))
            except ValueError:
                return []
        return out

    return any(lo1 <= hi2 and lo2 <= hi1 for lo1, hi1 in days(x) for lo2, hi2 in days(y))


def dates_disagree(x: When, y: When) -> bool:
    """No day one allows is a day the other allows (spans: their starts or their ends)."""
    if x.end and y.end:
        return not _overlap(When(x.ranges, x.floating), When(y.ranges, y.floating)) or \
            not _overlap(x.end, y.end)
    if x.end or y.end:
        span, point = (x, y) if x.end else (y, x)
        assert span.end is not None
        whole = When(((span.ranges[0][0], span.end.ranges[-1][1]),), span.floating or span.end.floating)
        return not _overlap(whole, point)
    return not _overlap(x, y)


def duration_days(surface: str, value: float | None, high: float | None) -> tuple[float, float | None, str] | None:
    """A length of time in days ("46 to 57 months" → 1400, 1735), with its unit word, or None."""
    if value is None:
        return None
    unit = _DURATION.search(surface)
    if not unit:
        return None
    name = unit.group(1).lower()
    name = "century" if name.startswith("centur") else name
    per = DAYS_PER[name]
    return value * per, (high * per if high is not None else None), name
