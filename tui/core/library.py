"""The library: which articles match a search."""

from __future__ import annotations

import re

from .articles import Article

_TERM = re.compile(r'"([^"]+)"|(\S+)')


def search_terms(query: str) -> list[str]:
    """Words and "quoted phrases" of a query, case-folded."""
    return [(phrase or word).casefold() for phrase, word in _TERM.findall(query)]


def matches(article: Article, query: str) -> bool:
    """Every term starts a word in the title, source, date or text (any case).

    Terms match at word starts, so "sky" finds Sky News but not Zelensky.
    """
    terms = search_terms(query)
    if not terms:
        return True
    haystack = "\n".join((article.title, article.source, article.date, article.text)).casefold()
    return all(re.search(r"(?<!\w)" + re.escape(term), haystack) for term in terms)


def filter_articles(articles: list[Article], query: str) -> list[Article]:
    return [article for article in articles if matches(article, query)]
