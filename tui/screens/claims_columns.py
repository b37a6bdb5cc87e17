"""Which columns the claims table has at a width, and how wide each is.

Wide terminals get every column; below WIDE_COLUMNS the tags and the note leave the table
(the detail pane under it always shows them in full) and the article title narrows, so
status, claim, article and sources stay on screen at 80 columns. The claim takes what is
left: it is what a fact-checker reads first.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDE_COLUMNS = 122  # every column fits with a claim of at least 30 characters
MEDIUM_COLUMNS = 100  # below this the article title narrows further
CELL_PADDING = 2  # a DataTable cell's padding, left and right
SCROLLBAR = 2
MIN_CLAIM = 24


@dataclass(frozen=True)
class ColumnPlan:
    keys: tuple[str, ...]
    widths: dict[str, int]  # fixed widths; the claim's is computed

    def width(self, key: str) -> int:
        return self.widths[key]


LABELS = {"status": "Status", "quote": "Claim", "article": "Article", "tags": "Tags",
          "note": "Note", "sources": "Sources"}
FIXED = {"status": 13, "tags": 12, "note": 24, "sources": 7}


def claim_columns(width: int) -> ColumnPlan:
    keys: tuple[str, ...]
    if width >= WIDE_COLUMNS:
        keys = ("status", "quote", "article", "tags", "note", "sources")
        article = 24
    else:
        keys = ("status", "quote", "article", "sources")
        article = 20 if width >= MEDIUM_COLUMNS else 14
    widths = {**FIXED, "article": article}
    used = sum(widths[k] for k in keys if k != "quote") + CELL_PADDING * len(keys) + SCROLLBAR
    widths["quote"] = max(MIN_CLAIM, width - used)
    return ColumnPlan(keys, widths)
