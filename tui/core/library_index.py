"""The library index: what a start needs to know of every article file, without reading it.

A SQLite file in the cache folder (`paths.library_index_path`) holds, per file
(keyed by its path, size and modification time), what the loader found: uri,
title, source, date, url, author, word count, text hash and load notes, or the
reason it did not load. A start stats each file and reads only those that are
new or changed since; rows of files that are gone are dropped. Beside it an
FTS5 table holds title, source, date and text for search (`search_index`).

It is only a cache: a damaged or foreign file is deleted and rebuilt, a folder
that cannot be written means an index in memory, a database locked by another
process past `BUSY_TIMEOUT_S` means this load reads files as if there were no
index. Nothing in it is ever the only copy of anything.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .articles import Article, LoadProblem, LoadResult, display_path, load_file

# Bump when what the loader makes of a file changes (title inference, sanitizing,
# caps): every row is then read again once.
INDEX_VERSION = "2"
BUSY_TIMEOUT_S = 2.0
# Rows written between commits while a cold index fills: a crash loses at most these.
COMMIT_EVERY = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY, path BLOB UNIQUE NOT NULL, size INTEGER, mtime_ns INTEGER,
    uri TEXT, title TEXT, source TEXT, date TEXT, url TEXT, author TEXT,
    words INTEGER, hash TEXT, notes TEXT, failure TEXT);
"""


class IndexUnavailable(Exception):
    """The index cannot be used for this load (locked by another process, disk full)."""


def _stat_key(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _lazy_text(path: Path) -> Callable[[], str]:
    """The loader an indexed article reads its text with, on first use. A file that no
    longer loads (deleted or damaged since the start) reads as empty text."""
    def load() -> str:
        loaded = load_file(path)
        return loaded.articles[0].text if loaded.articles else ""
    return load


class LibraryIndex:
    """One index file, shared safely by threads of one process and by processes."""

    def __init__(self, path: Path | None):
        self.path = path
        self._lock = threading.RLock()
        self._pending = 0
        self._rows: dict[bytes, tuple[Any, ...]] | None = None  # path -> row, read once per load
        self.db = self._open(path)
        from .search_index import SearchIndex  # the FTS table lives beside the rows

        self.search = SearchIndex(self.db, self._lock)

    # ------------------------------------------------------------------ opening

    def _open(self, path: Path | None) -> sqlite3.Connection:
        """The index at `path`, rebuilt if damaged or of another version; in memory if
        the folder cannot be written."""
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                return self._connect(str(path))
            except (sqlite3.DatabaseError, OSError):
                try:  # damaged (or not SQLite at all): it is only a cache
                    path.unlink(missing_ok=True)
                    for suffix in ("-wal", "-shm"):
                        Path(str(path) + suffix).unlink(missing_ok=True)
                    return self._connect(str(path))
                except (sqlite3.DatabaseError, OSError):
                    pass
        return self._connect(":memory:")

    @staticmethod
    def _connect(where: str) -> sqlite3.Connection:
        db = sqlite3.connect(where, timeout=BUSY_TIMEOUT_S, check_same_thread=False,
                             isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # a cache: a lost last commit is re-read
            db.executescript(_SCHEMA)
            row = db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
            if row is None or row[0] != INDEX_VERSION:
                db.executescript("DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS docs;"
                                 + _SCHEMA)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)",
                           (INDEX_VERSION,))
            db.execute("SELECT count(*) FROM files").fetchone()  # reads the pages: damage shows
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def close(self) -> None:
        with self._lock:
            self.commit()
            self.db.close()

    # ------------------------------------------------------------------ loading

    def loader(self, path: Path) -> LoadResult:
        """`articles.load_file`, answered from the index when the file is unchanged."""
        known = self.answer(path)
        return known if known is not None else self.read(path)

    def answer(self, path: Path) -> LoadResult | None:
        """What loading `path` gives, from the index; None when the file is new or changed
        since it was indexed (it must be read)."""
        name = os.fspath(path)  # once: a warm start asks this for every file
        try:
            info = os.stat(name)
        except OSError:
            return None
        row = self._known().get(os.fsencode(name))
        if row is not None and row[1] == info.st_size and row[2] == info.st_mtime_ns:
            return self._from_row(path, row)
        return None

    def read(self, path: Path) -> LoadResult:
        """Load `path` from disk and index what it gave."""
        key = _stat_key(path)
        loaded = load_file(path)
        if key is not None:
            self._store(path, os.fsencode(path), key, loaded)
        return loaded

    def _known(self) -> dict[bytes, tuple[Any, ...]]:
        """Every row, by path, read in one query the first time a load asks (one query
        for 10,000 files instead of 10,000)."""
        if self._rows is None:
            try:
                with self._lock:
                    self._rows = {row[0]: row[1:] for row in self.db.execute(
                        "SELECT path, id, size, mtime_ns, uri, title, source, date, url, "
                        "author, words, hash, notes, failure FROM files")}
            except sqlite3.Error as exc:
                raise IndexUnavailable(str(exc)) from None
        return self._rows

    def _from_row(self, path: Path, row: tuple[Any, ...]) -> LoadResult:
        (rowid, _size, _mtime, uri, title, source, date, url, author,
         words, digest, notes, failure) = row
        result = LoadResult()
        if failure is not None:
            result.problems.append(LoadProblem(display_path(path), failure))
            return result
        article = Article.indexed(uri, title, words=words, digest=digest,
                                  load_text=_lazy_text(path), source=source, date=date,
                                  url=url, path=path, author=author)
        article.__dict__["index_id"] = rowid
        result.articles.append(article)
        if notes != "[]":
            result.problems.extend(LoadProblem(display_path(path), note, fatal=False)
                                   for note in json.loads(notes or "[]"))
        return result

    def _store(self, path: Path, blob: bytes, key: tuple[int, int], loaded: LoadResult) -> None:
        article = loaded.articles[0] if loaded.articles else None
        fatal = next((p.reason for p in loaded.problems if p.fatal), None)
        notes = [p.reason for p in loaded.problems if not p.fatal]
        values: tuple[Any, ...] = (blob, *key)
        if article is None:
            values += (None,) * 8 + (json.dumps(notes), fatal or "could not be loaded")
        else:
            values += (article.uri, article.title, article.source, article.date, article.url,
                       article.author, article.words, article.text_hash, json.dumps(notes),
                       None)
        try:
            with self._lock:
                self._begin()
                old = self.db.execute("SELECT id FROM files WHERE path=?", (blob,)).fetchone()
                if old is not None:
                    self.search.remove(old[0])
                    self.db.execute("DELETE FROM files WHERE id=?", (old[0],))
                rowid = self.db.execute(
                    "INSERT INTO files (path, size, mtime_ns, uri, title, source, date, url, "
                    "author, words, hash, notes, failure) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    values).lastrowid
                if article is not None:
                    assert rowid is not None  # an INSERT always sets lastrowid
                    self.search.add(rowid, article)
                    article.__dict__["index_id"] = rowid
                if self._rows is not None:
                    self._rows[blob] = (rowid, *values[1:])
                self._pending += 1
                if self._pending >= COMMIT_EVERY:
                    self.commit()
        except sqlite3.Error as exc:
            raise IndexUnavailable(str(exc)) from None

    def _begin(self) -> None:
        if not self.db.in_transaction:
            self.db.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        with self._lock:
            if self.db.in_transaction:
                self.db.execute("COMMIT")
            self._pending = 0

    def rollback(self) -> None:
        with self._lock:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            self._pending = 0

    def drop_missing(self, seen: Iterable[Path]) -> int:
        """Drop the rows of files that no longer exist (not those merely outside this
        load: `newsdesk one-file.txt` keeps the rest of the library's rows)."""
        seen_blobs = {os.fsencode(path) for path in seen}
        with self._lock:
            gone = [(row[0],) for blob, row in self._known().items()
                    if blob not in seen_blobs and not os.path.exists(os.fsdecode(blob))]
            if gone:
                self._begin()
                for (rowid,) in gone:
                    self.search.remove(rowid)
                self.db.executemany("DELETE FROM files WHERE id=?", gone)
                self.commit()
                self._rows = None
        return len(gone)

    def row_count(self) -> int:
        with self._lock:
            count: int = self.db.execute("SELECT count(*) FROM files").fetchone()[0]
            return count
