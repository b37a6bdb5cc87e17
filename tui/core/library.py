"""The library: which articles it holds, and which of them match a search."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from .articles import Article, bundled_seeds_dir

_TERM = re.compile(r'"([^"]+)"|(\S+)')


def search_terms(query: str) -> list[str]:
    """Words and "quoted phrases" of a query, case-folded."""
    return [(phrase or word).casefold() for phrase, word in _TERM.findall(query)]


def matches(article: Article, query: str) -> bool:
    """Every term starts a word in the title, source, date or text (any case).

    Terms match at word starts, so "sky" finds Sky News but not Zelensky.
    """
    return matches_words((article.title, article.source, article.date, article.text), query)


def matches_words(fields: Iterable[str], query: str) -> bool:
    """Every term of `query` starts a word in one of `fields` (any case)."""
    terms = search_terms(query)
    if not terms:
        return True
    haystack = "\n".join(field or "" for field in fields).casefold()
    return all(re.search(r"(?<!\w)" + re.escape(term), haystack) for term in terms)


def filter_articles(articles: list[Article], query: str) -> list[Article]:
    return [article for article in articles if matches(article, query)]


def library_sources(paths: Iterable[Path | str], folders: Iterable[Path],
                    import_dir: Path | None = None) -> list[Path]:
    """What the library loads: the paths given (else the bundled seeds), then the
    config's library folders, then the import folder (what `newsdesk import` and
    feed refreshes saved) when it exists. The app, `claims` and `export` all load
    this, so a claim's corroboration is counted over the same articles everywhere.
    A missing import folder is not a problem: nothing was imported yet."""
    chosen = [Path(p) for p in paths] or [bundled_seeds_dir()]
    for folder in folders:
        if folder not in chosen:
            chosen.append(folder)
    if import_dir is not None and import_dir not in chosen and import_dir.is_dir():
        chosen.append(import_dir)
    return chosen
