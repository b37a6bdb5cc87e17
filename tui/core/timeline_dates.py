"""One date phrase of an article resolved to days on the calendar, with its reasoning.

The timeline puts every article's events on one axis, so each date phrase
becomes days — and the reader must see how: "Sunday before 2025-01-13 →
2025-01-12". align/dates.py already turns a phrase into the days it allows
(against the article's own date); here that is narrowed to what a news
report means and said in words:

- a bare weekday is the one before the article (the one after when the
  sentence speaks of the future: "will", "next", "scheduled");
- a month or part of one with no year, later than the article, is last
  year's ("in mid-December" in an article of 2025-01-13 → 2024-12-10/20);
- "two days later", "the day before", "the next day" count from the
  previous dated event of the same article;
- "three days ago", "this weekend" count from the article's date;
- without an article date, phrases relative to it are not resolved (the
  caller says so), and a day with no year stays without one ("--01-09").

Plain Python: never imports textual or rich.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .align.dates import MONTHS, WEEKDAYS, When, when
from .figures import parse_date, parse_value

# A month with no year stated more than half a year after the article is last year's
# ("in late December" in a January article); nearer, it is ahead ("in November" in June).
ROLLOVER_AHEAD_DAYS = 183
# A resolution wider than this is no point on a timeline ("this year", "the 2000s").
MAX_EVENT_DAYS = 31
YEAR_EVENT_DAYS = 366  # a bare year ("in 2022") is kept: the event's year is a date too

_FUTURE = re.compile(r"\b(?:will|shall|next|upcoming|scheduled|plans? to|is to|are to|"
                     r"is expected to|are expected to|going to)\b", re.IGNORECASE)
_COUNT = (r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
          r"a couple of|a few|several)")
_UNIT = r"(?P<unit>day|week|month|year)s?"
# "two days later", "a week earlier", "three days after": counted from the previous event
_AFTER_PREVIOUS = re.compile(rf"^(?:some\s+|about\s+|just\s+)?{_COUNT}[\s-]+{_UNIT}\s+"
                             r"(?P<dir>later|after(?:wards)?|earlier|before)$", re.IGNORECASE)
_NEXT_DAY = re.compile(r"^(?:the\s+)?(?P<which>next|following|previous|preceding)\s+"
                       r"(?P<unit>day|week|month|year)$|^the\s+(?P<unit2>day|week)\s+"
                       r"(?P<dir>before|after)$|^(?P<same>that day|the same day)$", re.IGNORECASE)
_AGO = re.compile(rf"^(?:some\s+|about\s+|just\s+)?{_COUNT}[\s-]+{_UNIT}\s+ago$", re.IGNORECASE)
_WEEKEND = re.compile(r"\b(?P<which>this|last|the)\s+weekend\b", re.IGNORECASE)
# "last week" is the calendar week before the article's; "this week" its Monday to the
# article's day, "earlier this week" to the day before (news reports what happened)
_WEEK = re.compile(r"^(?P<earlier>earlier\s+)?(?P<which>last|this|the past)\s+week$", re.IGNORECASE)
_EARLIER_THIS_MONTH = re.compile(r"^earlier\s+this\s+month$", re.IGNORECASE)
_LATER_THIS_MONTH = re.compile(r"^later\s+this\s+month$", re.IGNORECASE)
# "March 31-April 4", "May 3-5": days of one stretch with no year
_DAY_SPAN = re.compile(r"^(?P<m1>[a-z]+)\.?\s+(?P<d1>\d{1,2})\s*(?:-|–|to|through)\s*"
                       r"(?:(?P<m2>[a-z]+)\.?\s+)?(?P<d2>\d{1,2})$", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_DECADE = re.compile(r"\b(?:1[6-9]|20)\d0['’]?s\b")
_HAS_YEAR = re.compile(r"\b(?:1[6-9]|20)\d{2}\b")
_MONTHISH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b",
                       re.IGNORECASE)
# Phrases that need the article's own date to mean a day (for the "no article date" notice).
RELATIVE_WORDS = re.compile(
    r"\b(?:today|tonight|yesterday|tomorrow|last|this|next|ago|weekend|later|earlier|"
    r"previous|following|" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_DAYS_IN = {"day": 1, "week": 7}
NO_YEAR_HOW = "no year stated, article undated"


@dataclass(frozen=True)
class Resolved:
    """The days a date phrase names (first and last ordinal), shown as ISO 8601, and how."""

    first: int
    last: int
    iso: str
    how: str
    floating: bool = False  # month and day only: no year known

    @property
    def is_day(self) -> bool:
        return self.first == self.last


def _day(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def _count(word: str) -> int | None:
    lower = word.lower()
    if lower == "a couple of":
        return 2
    if lower in ("a few", "several"):
        return None  # vague: no day to put on the axis
    value = parse_value(lower, "CARDINAL")
    return int(value) if isinstance(value, (int, float)) and value > 0 else None


def _shift(day: dt.date, n: int, unit: str) -> tuple[dt.date, str]:
    """`day` moved n units (negative: back), and the granularity of the result."""
    if unit in _DAYS_IN:
        return day + dt.timedelta(days=n * _DAYS_IN[unit]), "day"
    if unit == "month":
        months = day.year * 12 + day.month - 1 + n
        return dt.date(months // 12, months % 12 + 1, 1), "month"
    return dt.date(day.year + n, 1, 1), "year"


def _at(day: dt.date, grain: str, how: str) -> Resolved:
    if grain == "month":
        w = when(f"{day.year}-{day.month:02d}", f"{day.year}-{day.month:02d}", "")
    elif grain == "year":
        w = when(str(day.year), str(day.year), "")
    else:
        w = None
    if w is None:
        o = day.toordinal()
        return Resolved(o, o, day.isoformat(), f"{how} → {day.isoformat()}")
    shown = w.shown()
    return Resolved(w.ranges[0][0], w.ranges[0][1], shown, f"{how} → {shown}")


def from_previous(said: str, previous: Resolved | None) -> Resolved | None:
    """"two days later", "the next day", "the day before" counted from the previous
    dated event of the text; None when the phrase is not one, or there is no such event."""
    text = said.strip()
    match = _AFTER_PREVIOUS.match(text)
    n: int | None
    if match:
        n = _count(match.group("n"))
        unit = match.group("unit").lower()
        sign = 1 if match.group("dir").lower().startswith(("later", "after")) else -1
    else:
        match = _NEXT_DAY.match(text)
        if not match:
            return None
        if match.group("same"):
            n, unit, sign = 0, "day", 1
        elif match.group("which"):
            n, unit = 1, match.group("unit").lower()
            sign = 1 if match.group("which").lower() in ("next", "following") else -1
        else:
            n, unit = 1, match.group("unit2").lower()
            sign = 1 if match.group("dir").lower() == "after" else -1
    if n is None or previous is None or not previous.is_day or previous.floating:
        return None
    base = dt.date.fromordinal(previous.first)
    moved, grain = _shift(base, sign * n, unit)
    relation = "after" if sign > 0 else "before"
    return _at(moved, grain, f"{text} ({n} {unit}{'s' if n != 1 else ''} {relation} "
                            f"the previous event, {base.isoformat()})")


def _span(first: dt.date, last: dt.date, how: str) -> Resolved | None:
    if last < first:
        return None
    iso = first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}"
    return Resolved(first.toordinal(), last.toordinal(), iso, f"{how} → {iso}")


def _weeks_and_months(text: str, today: dt.date) -> Resolved | None:
    """"last week", "this week", "earlier this week", "earlier/later this month"."""
    monday = today - dt.timedelta(days=today.weekday())
    day = dt.timedelta(days=1)
    week = _WEEK.match(text)
    if week:
        if week.group("which").lower() in ("last", "the past") and not week.group("earlier"):
            return _span(monday - 7 * day, monday - day,
                         f"{text}, the week before that of {today.isoformat()}")
        last = today - day if week.group("earlier") else today
        return _span(monday, last, f"{text}, from the Monday of {today.isoformat()}")
    first_of_month = today.replace(day=1)
    if _EARLIER_THIS_MONTH.match(text):
        return _span(first_of_month, today - day, f"{text}, before {today.isoformat()}")
    if _LATER_THIS_MONTH.match(text):
        end = (first_of_month + dt.timedelta(days=32)).replace(day=1) - day
        return _span(today + day, end, f"{text}, after {today.isoformat()}")
    return None


def _day_span(text: str, today: dt.date | None) -> Resolved | None:
    """"March 31-April 4": the days from one to the other, in the article's year."""
    match = _DAY_SPAN.match(text)
    if not match:
        return None
    m1 = MONTHS.get(match.group("m1").lower())
    m2 = MONTHS.get((match.group("m2") or match.group("m1")).lower())
    if m1 is None or m2 is None or today is None:
        return None
    try:
        first = dt.date(today.year, m1, int(match.group("d1")))
        last = dt.date(today.year, m2, int(match.group("d2")))
    except ValueError:
        return None
    return _span(first, last, f"{text}, in the article's year ({today.year})")


def _from_article_day(text: str, today: dt.date, sentence: str) -> Resolved | None:
    """"three days ago", "this weekend", "last week": counted from the article's date."""
    counted = _weeks_and_months(text, today) or _day_span(text, today)
    if counted is not None:
        return counted
    ago = _AGO.match(text)
    if ago:
        n = _count(ago.group("n"))
        if n is None:
            return None
        moved, grain = _shift(today, -n, ago.group("unit").lower())
        return _at(moved, grain, f"{text}, counted back from the article's date {today.isoformat()}")
    weekend = _WEEKEND.search(text)
    if weekend:
        saturday = today - dt.timedelta(days=(today.weekday() - 5) % 7)
        if weekend.group("which").lower() == "last" and today.weekday() >= 5:
            saturday -= dt.timedelta(days=7)
        if _FUTURE.search(sentence) and today.weekday() < 5:
            saturday += dt.timedelta(days=7)
        first, last = saturday.toordinal(), saturday.toordinal() + 1
        iso = f"{_day(first)}/{_day(last)}"
        return Resolved(first, last, iso, f"{text}, the weekend of {today.isoformat()} → {iso}")
    return None


def _weekday(text: str, w: When, today: dt.date, sentence: str) -> Resolved:
    """A bare weekday: the one before the article, the one after if the sentence looks ahead."""
    before, after = w.ranges[0][0], w.ranges[-1][0]
    if before == today.toordinal():
        return Resolved(before, before, _day(before),
                        f"{text}, the article's own day → {_day(before)}")
    if len(w.ranges) > 1 and _FUTURE.search(sentence):
        return Resolved(after, after, _day(after), f"{text} after {today.isoformat()} → {_day(after)}")
    direction = "after" if before > today.toordinal() else "before"
    return Resolved(before, before, _day(before),
                    f"{text} {direction} {today.isoformat()} → {_day(before)}")


def _last_year(w: When) -> When:
    """The same days a year earlier (the month parts of "late December" keep their days)."""
    shifted = []
    for lo, hi in w.ranges:
        a, b = dt.date.fromordinal(lo), dt.date.fromordinal(hi)
        try:
            shifted.append((a.replace(year=a.year - 1).toordinal(), b.replace(year=b.year - 1).toordinal()))
        except ValueError:  # February 29
            shifted.append((lo - 365, hi - 365))
    return When(tuple(shifted), w.floating)


def resolve(said: str, iso: str | None, article_date: str, sentence: str = "",
            previous: Resolved | None = None) -> Resolved | None:
    """The days `said` (a DATE phrase of `sentence`) names, with how it was read, or None
    (a duration, an age, a span of years, a season, or relative with nothing to count from)."""
    text = " ".join(said.split())
    if _DECADE.search(text):
        return None  # "the 1970s": ten years, no point on the axis
    counted = from_previous(text, previous)
    if counted is not None or _AFTER_PREVIOUS.match(text) or _NEXT_DAY.match(text):
        return counted
    today = _day_of(article_date)
    if today is not None:
        near = _from_article_day(text, today, sentence)
        if near is not None:
            return near
    w = when(text, iso or parse_date(text), article_date)
    if w is None or w.end is not None:
        return None
    if today is not None and len(w.ranges) == 2 and _WEEKDAY.search(text):
        return _weekday(text, w, today, sentence)
    first, last = w.ranges[0]
    if len(w.ranges) != 1 or last - first + 1 > max(MAX_EVENT_DAYS, YEAR_EVENT_DAYS):
        return None
    if last - first + 1 > MAX_EVENT_DAYS and w.shown() != str(dt.date.fromordinal(first).year):
        return None  # "earlier this year", "last week" stretched: not one point in time
    stated_year = bool(_HAS_YEAR.search(text))
    if w.floating:
        if first != last:
            return None  # "in August" of an undated article: no day, no year
        shown = w.shown()
        return Resolved(first, last, shown, f"{text}, {NO_YEAR_HOW} → {shown}", floating=True)
    if today is None:
        return Resolved(first, last, w.shown(), f"{text}, as written → {w.shown()}")
    if not stated_year and _MONTHISH.search(text) and \
            first > today.toordinal() + ROLLOVER_AHEAD_DAYS and not _FUTURE.search(sentence):
        w = _last_year(w)
        shown = w.shown()
        return Resolved(w.ranges[0][0], w.ranges[0][1], shown,
                        f"{text}, the last one before {today.isoformat()} → {shown}")
    shown = w.shown()
    if stated_year:
        return Resolved(first, last, shown, f"{text}, as written → {shown}")
    if _MONTHISH.search(text):
        return Resolved(first, last, shown, f"{text}, in the article's year ({today.year}) → {shown}")
    return Resolved(first, last, shown, f"{text}, from the article's date {today.isoformat()} → {shown}")


def _day_of(article_date: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(article_date[:10])
    except (ValueError, TypeError):
        return None


def needs_article_date(said: str) -> bool:
    """Whether the phrase means a day only against the article's date ("Sunday", "last week")."""
    return bool(RELATIVE_WORDS.search(said)) and not _HAS_YEAR.search(said)
