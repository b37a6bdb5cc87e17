"""An index over every analysed sentence of the library, for corroboration at scale.

"Said by N sources" used to align the claim's article with every other article of the
library: one alignment per pair, 10,000 of them for one claim in a 10,000-article
library. Here every analysed sentence is kept once, as the aligner's tokens (stems,
names, figure values: align/sentences.py), in SQLite's FTS5 full-text index (standard
library, on disk under paths.corroboration_index_dir(), rebuildable: it is a cache).
For a claim, its sentence's rarest tokens find the sentences that share them; each
article's best sentence is weighed by the IDF of what it shares; only the articles
whose best sentence shares at least MIN_CANDIDATE_WEIGHT are candidates, and only
those are aligned (corroboration.py) to decide, as before, whether the claim's
sentence has a partner there.

FTS5 over an in-memory inverted index: the index persists between runs, so a start
loads nothing, and postings are read for a claim's few rare tokens only. Tokens are
stored hex-encoded, so any token the aligner makes ("#USD750000", "volody_zelens",
"@04-30") is one FTS5 term whatever its characters.

One file per (model, aligner version, INDEX_VERSION): a change of either starts a new
index, never a wrong one. A damaged file is deleted and the index starts again; one
that cannot be opened or written (busy beyond BUSY_TIMEOUT, a read-only folder) is only
slower: callers fall back to aligning every pair.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from collections.abc import Container, Iterable
from dataclasses import dataclass
from pathlib import Path

from .analysis import Analysis
from .articles import Article

INDEX_VERSION = 1
# A candidate article's best sentence shares at least this IDF weight with the claim
# (in units of a word only one sentence has). On the seeds every aligned partner shares
# 1.28 or more; a margin below that keeps every one of them a candidate.
MIN_CANDIDATE_WEIGHT = 1.0
# Postings read per claim: its tokens are looked up rarest first until this many
# sentences. A small library reads every token's postings; in a large one the common
# words ("said") are left out, but still count in the weight of the sentences found
# through rarer ones.
POSTING_BUDGET = 20_000
# Candidates aligned per claim at most, the best first: bounds a claim's first cost.
MAX_CANDIDATES = 200
BUSY_TIMEOUT = 5.0  # seconds to wait for another process writing the index


@dataclass(frozen=True)
class Candidate:
    text_hash: str
    weight: float  # IDF weight the article's best sentence shares with the claim


def _term(token: str) -> str:
    return token.encode("utf-8").hex()


def sentence_tokens(text: str, analysis: Analysis) -> list[frozenset[str]]:
    """The aligner's tokens of every sentence (boilerplate sentences have none)."""
    from .align.sentences import features

    return [s.tokens for s in features(text, analysis)]


def index_rows(text_hash: str, text: str, analysis: Analysis
               ) -> tuple[tuple[str, int], list[tuple[str, str, int]]]:
    """What `SentenceIndex.add_rows` takes for one article: (hash, sentence count) and a
    (hex terms, hash, sentence index) row per sentence with tokens. Plain data, so a
    worker process can make them beside the analysis."""
    tokens = sentence_tokens(text, analysis)
    rows = [(" ".join(sorted(_term(t) for t in found)), text_hash, index)
            for index, found in enumerate(tokens) if found]
    return (text_hash, len(tokens)), rows


class SentenceIndex:
    """Analysed sentences of many articles, searchable by the aligner's tokens."""

    def __init__(self, model_id: str, directory: Path | None = None):
        from .align import ALIGNER_VERSION
        from .paths import corroboration_index_dir

        folder = directory or corroboration_index_dir()
        safe_model = re.sub(r"[^A-Za-z0-9_.-]", "_", model_id)
        self.path = folder / f"sentences-{safe_model}-a{ALIGNER_VERSION}-v{INDEX_VERSION}.sqlite"
        folder.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError:  # damaged, not busy: a cache, so it starts again
            for leftover in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
                leftover.unlink(missing_ok=True)
            self._db = self._connect()
        self._known: set[str] | None = None
        self._total: int | None = None
        # Answers already given, until the index changes: a repeated count is lookups only.
        self._memo: dict[tuple[frozenset[str], str], list[Candidate]] = {}
        self._tokens: dict[str, list[frozenset[str]]] = {}
        self._lock = threading.Lock()  # one handle may serve a thread and the event loop

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # a cache: a lost tail is rebuilt
            db.executescript(
                "CREATE TABLE IF NOT EXISTS articles (hash TEXT PRIMARY KEY, sentences INTEGER);"
                "CREATE VIRTUAL TABLE IF NOT EXISTS sentences USING fts5("
                "  terms, hash UNINDEXED, idx UNINDEXED, tokenize='ascii');"
                "CREATE VIRTUAL TABLE IF NOT EXISTS vocabulary USING fts5vocab(sentences, 'row');")
            db.execute("SELECT count(*) FROM articles").fetchone()
        except sqlite3.Error:
            db.close()
            raise
        return db

    def close(self) -> None:
        self._db.close()

    # ------------------------------------------------------------------ filling

    def known(self) -> set[str]:
        """Text hashes of the articles indexed."""
        if self._known is None:
            self._known = {row[0] for row in self._db.execute("SELECT hash FROM articles")}
        return self._known

    def add(self, articles: Iterable[tuple[Article, Analysis]]) -> int:
        """Index the articles not indexed yet (one transaction); returns how many."""
        known = self.known()
        rows, heads, seen = [], [], set()
        for article, analysis in articles:
            if article.text_hash in known or article.text_hash in seen:
                continue
            seen.add(article.text_hash)
            head, found = index_rows(article.text_hash, article.text, analysis)
            heads.append(head)
            rows.extend(found)
        if not heads:
            return 0
        self.add_rows(heads, rows)
        return len(heads)

    def add_rows(self, heads: list[tuple[str, int]], rows: list[tuple[str, str, int]]) -> None:
        """Rows made by `index_rows`: (hash, sentence count) per article, (hex terms, hash,
        index) per sentence. Articles already indexed are left as they are."""
        known = self.known()
        fresh = {h for h, _ in heads if h not in known}
        heads = [head for head in heads if head[0] in fresh]
        rows = [r for r in rows if r[1] in fresh]
        if not heads:
            return
        with self._lock, self._db:
            self._db.executemany("INSERT OR IGNORE INTO articles VALUES (?, ?)", heads)
            self._db.executemany("INSERT INTO sentences (terms, hash, idx) VALUES (?, ?, ?)", rows)
        self._total = None
        self._memo.clear()
        known.update(fresh)

    # ------------------------------------------------------------------ looking up

    def total(self) -> int:
        """Sentences indexed (those with tokens)."""
        if self._total is None:
            self._total = self._db.execute("SELECT count(*) FROM sentences").fetchone()[0]
        return self._total

    def tokens_of(self, text_hash: str, text: str, analysis: Analysis) -> list[frozenset[str]]:
        """`sentence_tokens` of a claim's article, kept for the next claim on it."""
        found = self._tokens.get(text_hash)
        if found is None:
            found = self._tokens[text_hash] = sentence_tokens(text, analysis)
        return found

    def candidates(self, tokens: frozenset[str], exclude: str = "",
                   within: Container[str] | None = None) -> list[Candidate]:
        """Articles (text hashes, not `exclude`, and in `within` when given) with a
        sentence sharing at least MIN_CANDIDATE_WEIGHT of `tokens`, best first."""
        key = (tokens, exclude)
        with self._lock:
            if key not in self._memo:
                self._memo[key] = self._look_up(tokens, exclude)
            found = self._memo[key]
        if within is not None:
            found = [c for c in found if c.text_hash in within]
        return found[:MAX_CANDIDATES]

    def _look_up(self, tokens: frozenset[str], exclude: str) -> list[Candidate]:
        total = self.total()
        if not tokens or not total:
            return []
        terms = [_term(t) for t in tokens]
        found_df = dict(self._db.execute(
            f"SELECT term, doc FROM vocabulary WHERE term IN ({','.join('?' * len(terms))})",
            terms))
        unit = math.log(total + 1.0)
        idf = {term: math.log((total + 1.0) / df) / unit for term, df in found_df.items()}
        lookup: list[str] = []
        read = 0
        for term in sorted(found_df, key=lambda t: found_df[t]):
            df = found_df[term]
            if lookup and read + df > POSTING_BUDGET:
                break
            lookup.append(term)
            read += df
        if not lookup:
            return []
        best: dict[str, float] = {}
        query = " OR ".join(lookup)
        for terms_text, text_hash, _idx in self._db.execute(
                "SELECT terms, hash, idx FROM sentences WHERE sentences MATCH ?", (query,)):
            if text_hash == exclude:
                continue
            shared = sum(idf.get(term, 0.0) for term in terms_text.split())
            if shared > best.get(text_hash, 0.0):
                best[text_hash] = shared
        chosen = sorted(((w, h) for h, w in best.items() if w >= MIN_CANDIDATE_WEIGHT),
                        reverse=True)
        return [Candidate(h, w) for w, h in chosen]
