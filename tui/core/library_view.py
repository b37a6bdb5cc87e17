"""How the library list is arranged: sorted by date, source or title, and filtered to
unread articles, to articles with claims of a status, or to one source. Plain Python:
the library screen keeps a LibraryView and asks `arrange` for the rows; `newsdesk list`
could take the same view."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .articles import Article

SORTS = (None, "date", "source", "title")  # None: as loaded (folders, then file names)
SORT_NAMES = {None: "as loaded", "date": "newest first", "source": "by source",
              "title": "by title"}
# The claim filter cycles through these: any claim, then each status, then none.
CLAIM_FILTERS = (None, "claims", "verified", "unverified", "disputed", "false", "no claims")


@dataclass(frozen=True)
class LibraryView:
    sort: str | None = None
    unread_only: bool = False
    claims: str | None = None  # one of CLAIM_FILTERS
    source: str | None = None  # exact source name; "" for articles without one

    def next_sort(self) -> LibraryView:
        return replace(self, sort=SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)])

    def next_claims(self) -> LibraryView:
        return replace(self, claims=CLAIM_FILTERS[(CLAIM_FILTERS.index(self.claims) + 1)
                                                  % len(CLAIM_FILTERS)])

    @property
    def filtered(self) -> bool:
        return self.unread_only or self.claims is not None or self.source is not None

    def describe(self) -> str:
        """E.g. "newest first · unread only · verified claims · source Fox News"; "" by default."""
        parts = [SORT_NAMES[self.sort]] if self.sort else []
        if self.unread_only:
            parts.append("unread only")
        if self.claims == "claims":
            parts.append("with claims")
        elif self.claims == "no claims":
            parts.append("without claims")
        elif self.claims:
            parts.append(f"{self.claims} claims")
        if self.source is not None:
            parts.append(f"source {self.source or '(none)'}")
        return " · ".join(parts)


def _claims_match(wanted: str | None, counts: Mapping[str, int] | None) -> bool:
    total = sum(counts.values()) if counts else 0
    if wanted is None:
        return True
    if wanted == "claims":
        return total > 0
    if wanted == "no claims":
        return total == 0
    return bool(counts and counts.get(wanted))


def arrange(articles: Iterable[Article], view: LibraryView, read: set[str],
            status_counts: Mapping[str, Mapping[str, int]]) -> list[Article]:
    """The articles the view shows, in its order (stable: ties keep library order)."""
    shown = [a for a in articles
             if (not view.unread_only or a.uri not in read)
             and (view.source is None or (a.source or "") == view.source)
             and _claims_match(view.claims, status_counts.get(a.uri))]
    if view.sort == "date":  # newest first; undated articles last
        dated = sorted((a for a in shown if a.date), key=lambda a: a.date, reverse=True)
        shown = dated + [a for a in shown if not a.date]
    elif view.sort == "source":
        shown.sort(key=lambda a: ((a.source or "\uffff").casefold(), a.date or ""))
    elif view.sort == "title":
        shown.sort(key=lambda a: (a.title or "").casefold())
    return shown


def sources(articles: Iterable[Article]) -> list[tuple[str, int]]:
    """Every source with its article count, commonest first ("" for none)."""
    counts: dict[str, int] = {}
    for article in articles:
        counts[article.source or ""] = counts.get(article.source or "", 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
