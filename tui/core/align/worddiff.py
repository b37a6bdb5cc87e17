"""Word-level difference of two aligned sentences: which words the other side shares."""

from __future__ import annotations

from .tokens import DIFF_WORD, norm_word


def word_diff(
    a_sentence: str, b_sentence: str
) -> tuple[list[tuple[int, int, bool]], list[tuple[int, int, bool]]]:
    """Character spans of the words on each side, with shared=True when the word
    also appears on the other side (case- and punctuation-insensitive)."""
    words_a = [(m.start(), m.end(), norm_word(m.group())) for m in DIFF_WORD.finditer(a_sentence)]
    words_b = [(m.start(), m.end(), norm_word(m.group())) for m in DIFF_WORD.finditer(b_sentence)]
    set_a = {w for _, _, w in words_a if w}
    set_b = {w for _, _, w in words_b if w}
    return (
        [(s, e, w in set_b) for s, e, w in words_a],
        [(s, e, w in set_a) for s, e, w in words_b],
    )
