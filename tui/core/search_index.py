"""Library search answered from an inverted index: an SQLite FTS5 table beside the rows.

Each indexed article has one row (rowid = its `files` row) holding title, source,
date and text, tokenized by `unicode61` (letters and digits make words; every
other character, ' and ’ alike, separates them; case and accents folded), with
prefix indexes for the one- and two-letter prefixes typed first (measured on 4,000
articles: without them "p"* and "pelosi s"* take 4-10 ms instead of 1; a third
index, for three letters, made indexing 50% slower and no query faster). A query term
becomes a phrase whose last word is a prefix (`"pelosi s"*`), so a term matches
at a word start as the regex search does, and "Pelosi's" finds "Pelosi’s".

Where SQLite was built without FTS5, `available` is False and the library falls
back to the regex search over texts (`search.matches`).
"""

from __future__ import annotations

import sqlite3
import threading
from typing import TYPE_CHECKING

from .search import fts_query

if TYPE_CHECKING:
    from .articles import Article

_CREATE = ("CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5("
           "title, source, date, text, tokenize='unicode61 remove_diacritics 2', "
           "prefix='1 2')")


class SearchIndex:
    def __init__(self, db: sqlite3.Connection, lock: threading.RLock):
        self.db = db
        self._lock = lock
        try:
            with lock:
                db.execute(_CREATE)
            self.available = True
        except sqlite3.Error:
            self.available = False

    def add(self, rowid: int, article: Article) -> None:
        if self.available:
            self.db.execute("INSERT INTO docs (rowid, title, source, date, text) "
                            "VALUES (?,?,?,?,?)",
                            (rowid, article.title, article.source, article.date, article.text))

    def remove(self, rowid: int) -> None:
        if self.available:
            self.db.execute("DELETE FROM docs WHERE rowid=?", (rowid,))

    def matching(self, query: str) -> set[int] | None:
        """The rowids of articles matching every term of `query`; None when the index
        cannot answer it (no FTS5, a term with no letter or digit, a database error)."""
        expression = fts_query(query)
        if not self.available or expression is None:
            return None
        try:
            with self._lock:
                return {rowid for (rowid,) in self.db.execute(
                    "SELECT rowid FROM docs WHERE docs MATCH ?", (expression,))}
        except sqlite3.Error:
            return None
