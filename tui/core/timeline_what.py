"""The "what" of a dated event: the words of its sentence around the date and its verb.

A timeline row needs a few words saying what happened, taken from the text (never
made up): from the verb the date hangs from to the date, widened by a few words on each
side, stopping where a clause ends. Plain Python: never imports textual or rich.
"""

from __future__ import annotations

import re

from .align.tokens import WORD, stem

WHAT_WORDS_BEFORE = 6  # words of the sentence kept before the verb or date, at most
WHAT_WORDS_AFTER = 5  # and after
CLAUSE_BREAK = re.compile(r"[;:—–()\[\]“”\"]|,\s")  # where a clause ends: the "what" stops there
_LEADING_JOINERS = frozenset({"and", "but", "that", "which", "who", "while", "as", "when", "or"})


def _word_spans(sentence: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in WORD.finditer(sentence)]


def _verb_word(words: list[tuple[int, int]], sentence: str, verb: str | None, near: int) -> int | None:
    """Index of the word that is `verb` (a lemma) in the sentence, the nearest to word `near`."""
    if not verb:
        return None
    lemma = verb.split()[0]
    root = stem(lemma)
    hits = [i for i, (a, b) in enumerate(words)
            if stem(sentence[a:b]) == root or sentence[a:b].lower().startswith(lemma[:max(3, len(lemma) - 1)])]
    return min(hits, key=lambda i: abs(i - near)) if hits else None


def _widen(sentence: str, words: list[tuple[int, int]], first: int, last: int,
           crossings: int) -> tuple[int, int]:
    """Word indices around words first…last, stopping at the clause breaks after `crossings`."""
    def gap(i: int) -> str:  # the text between word i and word i + 1
        return sentence[words[i][1]:words[i + 1][0]]

    lo, hi = first, last
    left = right = crossings
    while lo > 0 and (first - lo < WHAT_WORDS_BEFORE or gap(lo - 1) == "-"):
        if CLAUSE_BREAK.search(gap(lo - 1)):
            if not left:
                break
            left -= 1
        lo -= 1
    while hi < len(words) - 1 and (hi - last < WHAT_WORDS_AFTER or gap(hi) == "-"):
        if CLAUSE_BREAK.search(gap(hi)):
            if not right:
                break
            right -= 1
        hi += 1
    return lo, hi


def clip_what(sentence: str, start: int, end: int, verb: str | None) -> str:
    """The words around the date and its verb, stopping at clause breaks: a short "what"."""
    words = _word_spans(sentence)
    if not words:
        return sentence.strip()
    inside = [i for i, (a, b) in enumerate(words) if a < end and b > start] or [0]
    first, last = inside[0], inside[-1]
    v = _verb_word(words, sentence, verb, first)
    if v is not None and abs(v - first) <= WHAT_WORDS_BEFORE + WHAT_WORDS_AFTER:
        first, last = min(first, v), max(last, v)
    lo, hi = _widen(sentence, words, first, last, crossings=0)
    if (lo, hi) == (first, last):  # "This Monday, the Kremlin declined…": the next clause
        lo, hi = _widen(sentence, words, first, last, crossings=1)
    while lo < first and sentence[words[lo][0]:words[lo][1]].lower() in _LEADING_JOINERS:
        lo += 1
    return sentence[words[lo][0]:words[hi][1]]
