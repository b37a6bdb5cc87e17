"""Finding words inside one article (the reader's `/`), as a reader expects of `less` or
a browser: any case, anywhere in a word, and typographic quotes equal to plain ones, so
"Pelosi's" finds "Pelosi’s" and "“war”" finds '"war"'. Offsets are the text's own."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

# Each maps to one character, so offsets in the folded text are offsets in the text.
_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"', "„": '"',
                       "–": "-", "—": "-", "\u00a0": " "})
MAX_MATCHES = 10_000  # a one-letter query in a 2 MB article: enough to page through


def fold(text: str) -> str:
    return text.translate(_FOLD)


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """(start, end) of every match of `query` in `text`, in order; none for a blank query."""
    return find_in_folded(fold(text), query)


def find_in_folded(folded: str, query: str) -> list[tuple[int, int]]:
    """`find_all` over a text already `fold`ed: a search as you type folds it once."""
    needle = fold(query).strip()
    if not needle:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in needle.split()), re.IGNORECASE)
    found = []
    for match in pattern.finditer(folded):
        found.append(match.span())
        if len(found) >= MAX_MATCHES:
            break
    return found


def next_match(matches: list[tuple[int, int]], offset: int, forward: bool) -> tuple[int, bool]:
    """Index of the match after (or before) `offset`, and whether the search wrapped."""
    starts = [start for start, _ in matches]
    if forward:
        index = bisect_right(starts, offset)
        return (index, False) if index < len(matches) else (0, True)
    index = bisect_left(starts, offset) - 1
    return (index, False) if index >= 0 else (len(matches) - 1, True)
