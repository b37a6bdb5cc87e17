"""Where a line is broken into rows of a given width.

Lines of ordinary length wrap with rich's `divide_line`, as everywhere else.
Its Python loop over every word takes a second for a line of 2,000,000
characters, too long to block the interface on opening an article or on a
resize, so a line longer than LONG_LINE_CHARS wraps by regular expression:
each row is one match, as many characters as fit ending where a word ends,
then the spaces after it; a word longer than a row is folded. Only rows
holding characters that are not one cell wide (CJK, emoji, combining marks)
are measured, and those are narrowed until they fit.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich._wrap import divide_line
from rich.cells import cell_len

# Lines up to this long wrap with rich's divide_line; longer ones by regular expression.
LONG_LINE_CHARS = 10_000
# Characters that change the width of the character before them: a row holding one is
# measured by rich as a whole, not character by character.
_JOINERS = ("\u200d", "\ufe0f")


@lru_cache(maxsize=256)
def _row_pattern(chars: int) -> re.Pattern[str]:
    """A row of at most `chars` characters (group 1) and the spaces after it."""
    return re.compile(rf"(.{{0,{chars - 1}}}\S(?=\s|\Z)|.{{1,{chars}}})\s*", re.DOTALL)


def _class_of(characters: set[str]) -> re.Pattern[str] | None:
    if not characters:
        return None
    return re.compile("[" + "".join(re.escape(c) for c in sorted(characters)) + "]")


def row_breaks(line: str, width: int) -> list[int]:
    """Offsets in `line` where its second, third, … rows start (as `divide_line`)."""
    if len(line) <= LONG_LINE_CHARS:
        return divide_line(line, width, fold=True)
    return fast_row_breaks(line, width)


def fast_row_breaks(line: str, width: int) -> list[int]:
    """Row starts for a long line, in time proportional to its rows; no row's text,
    without the spaces that end it, is wider than `width` cells."""
    width = max(1, width)
    pattern = _row_pattern(width)
    # Sanitized ASCII is printable characters and tabs, each shown in one cell (str.isascii
    # is a flag, not a scan).
    cells = {} if line.isascii() else {c: cell_len(c) for c in set(line)}
    cells["\t"] = 1  # shown as a space
    uneven = {c for c, size in cells.items() if size != 1}
    if not uneven:  # every character one cell: one match per row
        return [match.end() for match in pattern.finditer(line)][:-1]
    odd = _class_of(uneven)
    assert odd is not None
    joined = any(joiner in uneven for joiner in _JOINERS)

    def fitting(position: int) -> int:
        """How many characters from `position` fit in `width` cells."""
        window = line[position:position + width]
        if odd.search(window) is None:
            return len(window)
        used = 0
        for count, character in enumerate(window):
            used += cells[character]
            if used > width:
                return max(1, count)
        return len(window)

    breaks: list[int] = []
    position = 0
    while position < len(line):
        chars = fitting(position)
        match = _row_pattern(chars).match(line, position)
        assert match is not None  # the second alternative matches any character
        # A joiner can widen the character before it: rich measures such rows whole.
        while joined and chars > 1 and cell_len(line[position:match.end(1)]) > width:
            chars -= 1
            match = _row_pattern(chars).match(line, position)
            assert match is not None
        position = match.end()
        breaks.append(position)
    return breaks[:-1]
