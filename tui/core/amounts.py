"""Money, percentages, ranges and fractions as news and business copy writes them.

spaCy's small model cuts money short ("£450m" → "450", "$750,000" → "750,000")
and calls "3.5 per cent" money, so amounts are found again by shape on each
line and their spans, labels and values put right:

    "£450m"            → MONEY   450000000   currency GBP
    "$12bn"            → MONEY   12000000000 currency USD
    "US$300,000"       → MONEY   300000      currency USD
    "2.7bn euros"      → MONEY   2700000000  currency EUR
    "$3-4 million"     → MONEY   3000000     high 4000000
    "3.5 per cent"     → PERCENT 3.5
    "two-thirds"       → fraction 0.6667 (unit "fraction")

`interval()` turns a figure with its hedge into the range of values it allows
("at least 37" → [37, ∞), "nearly 60" → [54, 60]), so two figures disagree
only when neither allows the other.

Plain Python: never imports textual, rich or spaCy.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

# Currency as written → ISO 4217 code. "$" alone is read as US dollars, as US copy means it.
CURRENCY_SIGNS = {
    "US$": "USD", "U.S.$": "USD", "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD",
    "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "R$": "BRL", "$": "USD", "£": "GBP", "€": "EUR",
    "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "₪": "ILS", "₺": "TRY",
}
CURRENCY_CODES = frozenset(
    "USD GBP EUR JPY CHF CAD AUD NZD CNY HKD SGD INR RUB KRW BRL ZAR SEK NOK DKK ILS TRY MXN".split()
)
CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
    "pound": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "rupees": "INR", "rupee": "INR", "roubles": "RUB", "rubles": "RUB", "francs": "CHF",
    "won": "KRW", "shekels": "ILS",
}
SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
    "lakh": 1e5, "crore": 1e7,
}
FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
}
_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9,
}

# How far a hedge lets a figure move, as a share of its value.
APPROX_MARGIN = 0.05  # "about 12,000": 11,400 to 12,600
NEARLY_MARGIN = 0.10  # "nearly 60": 54 up to 60

_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_SIGN = r"(?:US\$|U\.S\.\$|CA\$|AU\$|NZ\$|HK\$|[CASR]\$|\$|[£€¥₹₩₽₪₺])"
_CODE = r"(?:USD|GBP|EUR|JPY|CHF|CAD|AUD|NZD|CNY|HKD|SGD|INR|RUB|KRW|BRL|ZAR|SEK|NOK|DKK|ILS|TRY|MXN|Rs\.?)"
_PRE = rf"(?:{_SIGN}\s?|{_CODE}\s?)"
_SCALE = r"(?:\s?(?:thousand|million|billion|trillion|lakh|crore)\b|(?:\s?(?:k|m|mn|mln|bn|b|tn|trn))(?![\w$£€]))"
_PERCENT = r"(?:\s?%|\s?per\s?cent\b|\s?pc\b|\s?percentage\s+points?\b|\s?pct\b)"
_CURRENCY_WORD = (r"(?:\s(?:US\s)?(?:dollars?|euros?|pounds(?:\s+sterling)?|sterling|yen|yuan|renminbi"
                  r"|rupees?|roubles|rubles|francs|shekels))\b")

AMOUNT = re.compile(
    rf"(?<![\w.,$£€¥])(?P<pre>{_PRE})?(?P<n1>{_NUM})(?P<s1>{_SCALE})?"
    rf"(?:\s?(?:-|–|—|to)\s?(?P<pre2>{_PRE})?(?P<n2>{_NUM})(?P<s2>{_SCALE})?)?"
    rf"(?P<post>{_PERCENT}|{_CURRENCY_WORD})?"
    r"(?![\w])",
    re.IGNORECASE,
)
_BETWEEN = re.compile(r"\bbetween\s+(?P<low>.+?)\s+and\s+(?P<high>.+)$", re.IGNORECASE)
_FROM_TO = re.compile(r"^(?P<low>.+?)\s*(?:-|–|—|\bto\b)\s*(?P<high>.+)$", re.IGNORECASE)
_FRACTION = re.compile(
    r"(?:(?:about|around|almost|nearly|roughly|some|more than|less than|over|under|just|"
    r"fully|exactly)\s+)?"
    r"(?:(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|\d+)[\s-]+"
    r"(?P<part>half|halves|thirds?|quarters?|fifths?|tenths?)"
    r"|(?P<num>\d+)/(?P<den>\d+)"
    r"|(?P<bare>half))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    """A figure's value as written: `value` (low end of a range), `high` (top end of a
    stated range, else None), `currency` (ISO code) for money, `unit` "%" /
    "percentage points" for percentages or "fraction" for shares like "two-thirds"."""

    start: int
    end: int
    label: str  # "MONEY" | "PERCENT" | "CARDINAL"
    value: float
    high: float | None = None
    currency: str | None = None
    unit: str | None = None


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _scaled(number: str, scale: str | None) -> float:
    value = _number(number)
    if scale:
        value *= SCALES[scale.strip().lower()]
    return value


def currency_of(prefix: str | None, suffix: str | None = None) -> str | None:
    """ISO code for a currency sign, code or word ("£", "US$", "USD ", " euros")."""
    for part in (prefix, suffix):
        if not part:
            continue
        cleaned = part.strip()
        if cleaned in CURRENCY_SIGNS:
            return CURRENCY_SIGNS[cleaned]
        upper = cleaned.upper().rstrip(".")
        if upper in CURRENCY_CODES:
            return upper
        if upper == "RS":
            return "INR"
        words = cleaned.lower().split()
        for word in reversed(words):
            if word in CURRENCY_WORDS:
                return CURRENCY_WORDS[word]
    return None


def whole(value: float) -> int | float:
    """Whole numbers as int (they print as "11,000", not "11000.0")."""
    if math.isfinite(value) and float(value).is_integer():
        return int(value)
    return round(value, 6)


def find_amounts(line: str) -> list[Amount]:
    """Every money amount and percentage in `line`, by shape ("£450m", "3.5 per cent",
    "$3-4 million", "2.7bn euros"). Plain numbers are left to the model."""
    found = []
    for match in AMOUNT.finditer(line):
        pre, post = match.group("pre"), match.group("post")
        s1, s2 = match.group("s1"), match.group("s2")
        percent = bool(post) and re.match(_PERCENT, post, re.IGNORECASE) is not None
        currency = currency_of(pre or match.group("pre2"), None if percent else post)
        if not currency and not percent:
            continue
        if match.group("n2") is not None and not (s1 or s2 or currency or percent):
            continue
        # "$3-4 million": the scale written once applies to both ends
        high = None
        if match.group("n2") is not None:
            high = _scaled(match.group("n2"), s2 or s1)
            low = _scaled(match.group("n1"), s1 or s2)
            if high < low:  # "2010-11", "9-5": not a range of amounts
                continue
        else:
            low = _scaled(match.group("n1"), s1)
        if not (math.isfinite(low) and (high is None or math.isfinite(high))):
            continue  # a 309-digit "amount" has no value worth comparing (nor valid JSON)
        end = match.end()
        unit = None
        if percent:
            unit = "percentage points" if "point" in post.lower() else "%"
        found.append(Amount(match.start(), end, "PERCENT" if percent else "MONEY",
                            whole(low), whole(high) if high is not None else None,
                            None if percent else currency, unit))
    return found


def parse_fraction(text: str) -> float | None:
    """"two-thirds" → 0.6667, "a quarter" → 0.25, "half" → 0.5, "1/3" → 0.3333; None for
    anything else ("half a million" and "two and a half" are numbers, not shares)."""
    match = _FRACTION.fullmatch(text.strip())
    if not match:
        return None
    if match.group("bare"):
        return 0.5
    if match.group("num"):
        den = int(match.group("den"))
        return round(int(match.group("num")) / den, 4) if den else None
    count = match.group("count").lower()
    n = int(count) if count.isdigit() else _SMALL_NUMBERS[count]
    return round(n / FRACTIONS[match.group("part").lower()], 4)


def parse_range(text: str, parse: Callable[[str], float | None]) -> tuple[float, float] | None:
    """(low, high) of "between five and 12", "10 to 12", "3-4": each end valued by `parse`."""
    stripped = text.strip()
    match = _BETWEEN.search(stripped) or _FROM_TO.match(stripped)
    if not match:
        return None
    low, high = parse(match.group("low")), parse(match.group("high"))
    if low is None or high is None or high <= low:
        return None
    return low, high


# --------------------------------------------------------------------------- hedges

_AT_LEAST = re.compile(
    r"\b(?:more than|over|at least|upwards of|in excess of|just over|well over|no fewer than|"
    r"no less than|above|exceeding|\+)\s*$", re.IGNORECASE)
_AT_MOST = re.compile(
    r"\b(?:less than|fewer than|under|up to|at most|no more than|as many as|as much as|"
    r"just under|below|as few as|maximum of|a maximum of)\s*$", re.IGNORECASE)
_NEARLY = re.compile(r"\b(?:nearly|almost|close to|approaching|just shy of)\s*$", re.IGNORECASE)
_ABOUT = re.compile(
    r"(?:\b(?:about|around|approximately|roughly|some|an estimated|estimated|circa|"
    r"or so|in the region of|c\.)|~)\s*$", re.IGNORECASE)
_VAGUE = re.compile(r"\b(?:several|dozens|hundreds|thousands|millions|billions|scores)\b",
                    re.IGNORECASE)


def hedge_match(before: str) -> tuple[str, int] | None:
    """The hedge ending `before` ("at_least", "at_most", "nearly" or "about") and where
    it starts in `before`, or None."""
    for name, pattern in (("at_least", _AT_LEAST), ("at_most", _AT_MOST),
                          ("nearly", _NEARLY), ("about", _ABOUT)):
        match = pattern.search(before)
        if match:
            return name, match.start()
    return None


def hedge_of(before: str) -> str | None:
    """Which hedge ends `before`: "at_least", "at_most", "nearly", "about" or None."""
    found = hedge_match(before)
    return found[0] if found else None


_LEADING_NUMBER = re.compile(
    r"[\d$£€¥₹~]|\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|hundred|thousand|half|dozen)\b", re.IGNORECASE)


def hedge_inside(surface: str) -> str | None:
    """The hedge a figure's own span starts with ("as many as 1.5 million" → "at_most")."""
    number = _LEADING_NUMBER.search(surface)
    if not number or number.start() == 0:
        return "about" if surface.startswith("~") else None
    return hedge_of(surface[:number.start()])


def _rounding(value: float) -> float:
    """Half the last significant unit of a round number ("12,000" → 500; "4.2" → 0.05)."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    text = f"{abs(value):.6f}".rstrip("0").rstrip(".")
    if "." in text:
        return 0.5 * 10.0 ** -len(text.split(".")[1])
    digits = text.rstrip("0")
    zeros = len(text) - len(digits)
    return 0.5 * 10 ** zeros if zeros >= 3 else 0.0  # "60 seats" is exact, "12,000" rounded


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    point: float | None  # the value itself when the figure states one exact number
    slack: float = 0.0  # rounding: a reader allows this much either side of `point`
    kind: str = "point"  # "point", "range", or the hedge: "at_least", "at_most", "nearly", "about"
    bound: float | None = None  # the number a hedged figure states ("up to 1.6 million" → 1.6e6)

    def allows(self, value: float) -> bool:
        if self.point is not None:
            return abs(value - self.point) < self.slack or value == self.point
        return self.low <= value <= self.high


def interval(value: float, high: float | None, hedge: str | None) -> Interval:
    """The values a figure allows, given its stated range and its hedge."""
    if high is not None:
        return Interval(value, high, None, kind="range")
    v = abs(value)
    if hedge == "at_least":
        return Interval(value, math.inf, None, kind=hedge, bound=value)
    if hedge == "at_most":
        return Interval(-math.inf, value, None, kind=hedge, bound=value)
    if hedge == "nearly":
        return Interval(value - NEARLY_MARGIN * v, value, None, kind=hedge, bound=value)
    if hedge == "about":
        return Interval(value - APPROX_MARGIN * v, value + APPROX_MARGIN * v, None, kind=hedge,
                        bound=value)
    return Interval(value, value, value, _rounding(value))


def _bounds_differ(a: float | None, b: float) -> bool:
    # Only hedged intervals are compared by bound, and `interval` gives every hedged one a bound.
    assert a is not None
    return intervals_disagree(interval(a, None, None), interval(b, None, None))


def intervals_disagree(x: Interval, y: Interval) -> bool:
    """Neither figure allows the other: a real difference, not rounding or a hedge.

    Two figures hedged the same way state their bounds as facts: "as many as 1.5
    million" and "up to 1.6 million" disagree, as do "at least 200" and "at least 250".
    A ceiling is compared with the top of a stated range, a floor with its bottom."""
    one_sided = ("at_least", "at_most", "nearly")
    if x.kind == y.kind and x.kind in one_sided:
        assert y.bound is not None  # one-sided hedges always state their bound
        return _bounds_differ(x.bound, y.bound)
    for hedged, other in ((x, y), (y, x)):
        if hedged.kind == "at_most" and other.kind == "range":
            return _bounds_differ(hedged.bound, other.high)
        if hedged.kind == "at_least" and other.kind == "range":
            return _bounds_differ(hedged.bound, other.low)
    if x.point is not None and y.point is not None:
        return not (x.allows(y.point) or y.allows(x.point))
    if x.point is not None:
        return not y.allows(x.point)
    if y.point is not None:
        return not x.allows(y.point)
    return x.high < y.low or y.high < x.low


def is_vague(text: str) -> bool:
    """"several hundred", "thousands": no number to compare."""
    return bool(_VAGUE.search(text))
