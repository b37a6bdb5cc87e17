"""What an article does not say about itself, read from its text: title, source, date.

A title is the first short line (else the first sentence, shortened); a source is
an outlet naming itself ("Sky News has not been able to verify", "Read more from
Reuters", a dateline "(AP) —"), looked for only near the top and the bottom of a
huge text; a date is a `date 2025-01-13` style line near the top. Every pattern
is linear in the text (none lets a line start run on over blank lines).
"""

from __future__ import annotations

import datetime as _dt
import re

TITLE_MAX_CHARS = 110  # an inferred title: the first line, shortened
# Outlets name themselves near the top or the bottom; a huge text is searched only there.
SOURCE_SCAN_CHARS = 100_000


KNOWN_OUTLETS = (
    "Associated Press", "AP", "Reuters", "AFP", "Agence France-Presse", "BBC News", "BBC",
    "CNN", "Sky News", "The Guardian", "Guardian", "Al Jazeera", "Breitbart", "Breitbart News",
    "Fox News", "NBC News", "CBS News", "ABC News", "The New York Times", "New York Times",
    "The Washington Post", "Washington Post", "Bloomberg", "Politico", "The Kyiv Independent",
    "Kyiv Independent", "Kyiv Post", "Yonhap", "NPR", "Euronews", "DW", "Deutsche Welle",
    "France 24", "The Telegraph", "The Independent", "Daily Mail", "Axios", "TASS",
    "RIA Novosti", "Ukrinform", "EFE", "The Times", "Financial Times", "The Economist",
    "Newsweek", "USA Today", "The Hill", "Radio Free Europe", "RFE/RL", "Meduza",
    "The Korea Herald", "Korea Herald", "The Korea Times", "Korea JoongAng Daily", "NK News",
)

_OUTLET_ALTERNATION = "|".join(
    re.escape(name) for name in sorted(KNOWN_OUTLETS, key=len, reverse=True)
)
# Phrases in which an outlet refers to itself, not to a source it cites.
_SELF_REFERENCE = re.compile(
    rf"(?:Read more (?:from|on) (?P<a>{_OUTLET_ALTERNATION})\b"
    rf"|(?P<b>{_OUTLET_ALTERNATION}) (?:has|have) not (?:been able to )?(?:independently )?verif"
    rf"|(?:©|Copyright)\s*(?:\d{{4}}\s*)?(?P<c>{_OUTLET_ALTERNATION})\b"
    # Horizontal space only at a line start: `^\s*` would run on over blank lines
    # from every line start, which is quadratic in a text of empty lines.
    rf"|^[ \t]*[A-Z][A-Za-z .,-]{{0,40}}\((?P<d>{_OUTLET_ALTERNATION})\)[ \t]*[-–—]"
    rf"|^[ \t]*(?:Source|Publisher)[ \t]*:[ \t]*(?P<e>{_OUTLET_ALTERNATION})\b)",
    re.MULTILINE,
)

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_DATE_LINE = re.compile(
    rf"^\s*(?:date|published|posted|updated|dated)\s*:?\s*"
    rf"(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})?"
    rf"(?P<long>(?:{_MONTHS})\s+\d{{1,2}},\s*\d{{4}}|\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}})?",
    re.IGNORECASE | re.MULTILINE,
)
_ISO_LINE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*$", re.MULTILINE)


def infer_source(text: str) -> str:
    """The outlet an article names itself as, from its first and last `SOURCE_SCAN_CHARS`."""
    if len(text) > 2 * SOURCE_SCAN_CHARS:
        text = text[:SOURCE_SCAN_CHARS] + "\n" + text[-SOURCE_SCAN_CHARS:]
    match = _SELF_REFERENCE.search(text)
    if not match:
        return ""
    return next(group for group in match.groups() if group)


def _parse_long_date(value: str) -> str:
    for fmt in ("%B %d, %Y", "%B %d,%Y", "%d %B %Y"):
        try:
            return _dt.datetime.strptime(" ".join(value.split()), fmt).date().isoformat()
        except ValueError:
            continue
    return ""


def infer_date(text: str) -> str:
    """An ISO date from a `date 2025-01-13` style line near the top, else ''."""
    head = "\n".join(text.split("\n", 12)[:12])
    for match in _DATE_LINE.finditer(head):
        if match.group("iso"):
            return match.group("iso")
        if match.group("long"):
            parsed = _parse_long_date(match.group("long"))
            if parsed:
                return parsed
    iso = _ISO_LINE.search(head)
    return iso.group(1) if iso else ""


_LEADING_DATE = re.compile(r"^\s*(?:date|published|posted|updated|dated)\s*:?\s*\d{4}-\d{2}-\d{2}\s*", re.I)


_WORDY_LINE = re.compile(r"^[^\n]*?[^\W_][^\n]*", re.M)


def infer_title(text: str) -> str:
    """The first short line, else the first sentence of the first line, shortened."""
    # Lines without a letter or digit ("---", "* * *") are rules, not titles. Only
    # the first two lines with one are looked at: a huge text is not split whole.
    lines = []
    for match in _WORDY_LINE.finditer(text):
        lines.append(match.group().strip())
        if len(lines) == 2:
            break
    if not lines:
        return ""
    first = _LEADING_DATE.sub("", lines[0]).strip() or (lines[1] if len(lines) > 1 else "")
    if len(first) <= TITLE_MAX_CHARS and not first.endswith((".", ":")):
        return first
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    return shorten(sentence, TITLE_MAX_CHARS)


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
