"""The library: which articles match a search."""

from __future__ import annotations

from .articles import Article


def matches(article: Article, query: str) -> bool:
    """Every word of `query` appears in the title, source, date or text (any case)."""
    terms = query.casefold().split()
    if not terms:
        return True
    haystack = "\n".join((article.title, article.source, article.date, article.text)).casefold()
    return all(term in haystack for term in terms)


def filter_articles(articles: list[Article], query: str) -> list[Article]:
    return [article for article in articles if matches(article, query)]
