"""What a library search means: every term starts a word in the title, source, date or text.

A term is read as its words (runs of letters and digits) in order, whatever stands
between them: "sky news" finds "Sky News", "Pelosi's" finds "Pelosi’s" (and
"Pelosi's"), "sky" does not find "Zelensky". The last word of a term may be the
start of a longer one; quoted terms ("red cross") are kept together. A term with
no letter or digit ("—") is looked for as it is, at a word start.

`matches` answers it by regular expression over an article's fields (the way
when no index can, and for articles outside the index); `fts_query` turns the
same query into an FTS5 expression for `search_index`, with the same answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .articles import Article

_TERM = re.compile(r'"([^"]+)"|(\S+)')
# Typographic apostrophes and quotes, each read as its plain ASCII form.
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'", "`": "'",
                         "“": '"', "”": '"', "„": '"', "″": '"'})
_WORD = re.compile(r"[^\W_]+")


def plain_quotes(text: str) -> str:
    return text.translate(_QUOTES)


def search_terms(query: str) -> list[str]:
    """Words and "quoted phrases" of a query, case-folded."""
    return [(phrase or word).casefold() for phrase, word in _TERM.findall(plain_quotes(query))]


def matches(article: Article, query: str) -> bool:
    """Every term starts a word in the title, source, date or text (any case).

    Terms match at word starts, so "sky" finds Sky News but not Zelensky.
    """
    return matches_words((article.title, article.source, article.date, article.text), query)


def matches_words(fields: Iterable[str], query: str) -> bool:
    """Every term of `query` starts a word in one of `fields` (any case, any apostrophe)."""
    terms = search_terms(query)
    if not terms:
        return True
    haystack = "\n".join(field or "" for field in fields).casefold()
    return all(re.search(_term_pattern(term), haystack) for term in terms)


def term_patterns(query: str) -> list[re.Pattern[str]]:
    """The query's terms as compiled patterns over a case-folded, plain-quoted text: for
    screens that search many small texts (the claims screen) with the library's rules."""
    return [re.compile(_term_pattern(term)) for term in search_terms(query)]


def searchable(*fields: str) -> str:
    """`fields` as `term_patterns` search them: joined, plain quotes, case-folded."""
    return plain_quotes("\n".join(field or "" for field in fields)).casefold()


def _term_pattern(term: str) -> str:
    words = _WORD.findall(term)
    if not words:
        return r"(?<!\w)" + re.escape(term)
    return r"(?<![^\W_])" + r"[\W_]+".join(re.escape(word) for word in words)


def fts_query(query: str) -> str | None:
    """`query` as an FTS5 expression: each term a phrase of its words, the last one a
    prefix (`"pelosi s"*`), all terms required. None when a term has no letter or
    digit (only the regex search can look for "—"), "" for an empty query."""
    phrases = []
    for term in search_terms(query):
        words = _WORD.findall(term)
        if not words:
            return None
        phrases.append('"' + " ".join(words) + '"*')
    return " AND ".join(phrases)
