"""Text cut into pieces spaCy can take, and fed to it in batches of bounded size.

spaCy refuses a text longer than `nlp.max_length` (1,000,000 characters,
error E088), and its NER needs temporary memory in proportion to the
characters of a batch (a few hundred megabytes per 100,000). Sentences never
cross a line break, so each line is analysed on its own already; a line
longer than `PIECE_CHARS` is cut further, where a sentence ends if it can be
(". " / "! " / "? " before a capital or a quote), else at a space, else
anywhere. A piece is then analysed exactly as a line of its own would be:
the whitespace at a cut belongs to neither piece, like a line break.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Longest piece handed to spaCy: a tenth of its max_length, and a few hundred
# megabytes of NER memory at most.
PIECE_CHARS = 100_000
# One spaCy batch holds at most this many pieces and characters: ten pieces of
# 100,000 characters in one batch needed 3 GB, one such piece about 350 MB.
BATCH_DOCS = 64
BATCH_CHARS = PIECE_CHARS
# A gap after a sentence's end is looked for this far past the piece's limit.
_GAP_LOOKAHEAD = 64

# The end of a sentence: its mark, closing quotes or brackets, then the gap (group 1).
_SENTENCE_GAP = re.compile(r"[.!?][”’\"')\]]*(\s+)")
_OPENERS = "\"“‘'(["
_SPACE = re.compile(r"\s+")
# "Mr." "Gen." "U.S." "J.": a short capitalised word before a full stop may be a title or
# an initial, not a sentence's end; a cut there could part a name.
_SHORT_CAPITAL = re.compile(r"[A-Z][A-Za-z.]{0,3}")


def _starts_sentence(line: str, position: int) -> bool:
    if position >= len(line):
        return False
    first = line[position]
    return first.isupper() or first in _OPENERS


def _after_abbreviation(line: str, mark: int) -> bool:
    """Whether the word before the mark at `mark` looks like a title or an initial
    (only its last six characters are read: a longer word is neither)."""
    start = mark
    while start > 0 and not line[start - 1].isspace() and mark - start < 6:
        start -= 1
    word = line[start:mark].lstrip(_OPENERS)
    return _SHORT_CAPITAL.fullmatch(word) is not None


def _cut(line: str, start: int, limit: int) -> tuple[int, int]:
    """Where the piece starting at `start` ends and the next begins: the last
    sentence end within `limit` characters, else the last space, else `limit`."""
    stop = start + limit
    best = None
    for match in _SENTENCE_GAP.finditer(line, start, min(len(line), stop + _GAP_LOOKAHEAD)):
        gap_start, gap_end = match.span(1)
        if gap_start > stop:
            break
        if (gap_start > start and _starts_sentence(line, gap_end)
                and not _after_abbreviation(line, match.start())):
            best = (gap_start, gap_end)
    if best is not None:
        return best
    for match in _SPACE.finditer(line, start + 1, stop + 1):
        best = match.span()
    if best is not None:
        return best
    return stop, stop


def line_pieces(line: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of each piece of `line`, none longer than `limit`; the
    whole line when it is short enough."""
    spans = []
    start = 0
    while len(line) - start > limit:
        end, following = _cut(line, start, limit)
        spans.append((start, end))
        start = following
    spans.append((start, len(line)))
    return spans


def text_pieces(text: str, limit: int | None = None) -> Iterator[tuple[int, str]]:
    """(offset, piece) for every line of `text` that is not blank, lines longer
    than `limit` (default PIECE_CHARS) cut into pieces (`line_pieces`); offsets
    index into `text`."""
    limit = PIECE_CHARS if limit is None else limit
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            if len(line) <= limit:
                yield offset, line
            else:
                for start, end in line_pieces(line, limit):
                    piece = line[start:end]
                    if piece.strip():
                        yield offset + start, piece
        offset += len(line) + 1


def bounded_batches(texts: Iterable[str], max_docs: int = BATCH_DOCS,
                    max_chars: int = BATCH_CHARS) -> Iterator[list[str]]:
    """`texts` in order, grouped so that a group holds at most `max_docs` texts
    and (unless one text alone is longer) `max_chars` characters."""
    group: list[str] = []
    size = 0
    for text in texts:
        if group and (len(group) >= max_docs or size + len(text) > max_chars):
            yield group
            group, size = [], 0
        group.append(text)
        size += len(text)
    if group:
        yield group


def pipe_in_batches(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """`nlp.pipe(texts)` in batches of bounded size, docs in order: memory stays
    in proportion to a batch, not to the article."""
    for group in bounded_batches(texts):
        yield from nlp.pipe(group, batch_size=len(group))
