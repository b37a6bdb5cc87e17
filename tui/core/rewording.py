"""What changed in a claim's words since it was tagged, word by word.

A changed claim is checked again by a person; showing the whole old sentence
beside the new one hides a "2008" that became "2009". `rewording` lines the two
up (difflib over words) and keeps only a few words of context around each
change, so the difference is what the eye lands on.
"""

from __future__ import annotations

import difflib
import re

CONTEXT_WORDS = 4  # unchanged words kept either side of a change
_WORDS = re.compile(r"\S+")


def rewording(tagged: str, current: str) -> list[tuple[str, str]]:
    """(kind, text) segments, in order: "same" (unchanged words), "gap" (unchanged words
    left out, as "…"), "was" (words gone since tagging), "now" (words new since)."""
    old, new = _WORDS.findall(tagged), _WORDS.findall(current)
    segments: list[tuple[str, str]] = []
    opcodes = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    for position, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            words = old[i1:i2]
            first, last = position == 0, position == len(opcodes) - 1
            keep_head = 0 if first else CONTEXT_WORDS
            keep_tail = 0 if last else CONTEXT_WORDS
            if len(words) > keep_head + keep_tail + 1:
                if keep_head:
                    segments.append(("same", " ".join(words[:keep_head])))
                segments.append(("gap", "…"))
                if keep_tail:
                    segments.append(("same", " ".join(words[-keep_tail:])))
            else:
                segments.append(("same", " ".join(words)))
            continue
        if i2 > i1:
            segments.append(("was", " ".join(old[i1:i2])))
        if j2 > j1:
            segments.append(("now", " ".join(new[j1:j2])))
    return segments
