"""The library: which articles it holds, where they come from, and which match a search.

`Library` owns the loaded articles (in load order), their lookup by uri, the
load problems, and the library index (`library_index`) that lets a start skip
reading unchanged files and answers searches from FTS5 (`search_index`). The
app, its screens and `newsdesk list` all ask it, so they show the same list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .articles import Article, LoadProblem, LoadResult, bundled_seeds_dir, load_file, load_paths
from .records import STATUSES
from .search import matches, matches_words, search_terms  # noqa: F401  (known as library.*)

if TYPE_CHECKING:
    from .library_index import LibraryIndex

# A start reads at most this many new or changed files before the library is shown;
# past it (a first start on a big folder) they are read in the background.
FOREGROUND_READS = 200
PENDING_BATCH = 250  # files read between two updates of the list and the progress
FIRST_PENDING_BATCH = 50  # ... except the first: a screenful, shown as soon as it is read


def filter_articles(articles: list[Article], query: str) -> list[Article]:
    """The regex search: every article of `articles` that matches `query`."""
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


def open_index(path: Path | None = None) -> LibraryIndex:
    """The library index at `path` (default: `paths.library_index_path()`)."""
    from .library_index import LibraryIndex
    from .paths import library_index_path

    return LibraryIndex(library_index_path() if path is None else path)


class Library:
    """The articles a session works with, and how to find them."""

    def __init__(self, articles: Iterable[Article] = (), problems: Iterable[LoadProblem] = (),
                 index: LibraryIndex | None = None):
        self.articles: list[Article] = []
        self.problems: list[LoadProblem] = list(problems)
        self.index = index
        self.pending: list[Path] = []  # files still to read (see `load(defer=True)`)
        self._rank: dict[Path, int] = {}  # load order of each file, for `take`
        self._by_uri: dict[str, Article] = {}
        self.add(articles)

    @classmethod
    def load(cls, paths: Iterable[Path | str], index: LibraryIndex | None = None,
             max_files: int | None = None,
             defer: bool = False) -> Library:
        """Load `paths` through `index` (a `LibraryIndex`; None: read every file).

        With `defer`, when more than `FOREGROUND_READS` files are new or changed since
        they were indexed, they are not read now but left in `pending`, for
        `read_pending` to read in the background (a first start on a big folder
        paints at once and fills in); fewer are read at once.
        """
        library = cls(index=index)
        library.add_paths(paths, max_files=max_files, defer=defer)
        return library

    def add_paths(self, paths: Iterable[Path | str], max_files: int | None = None,
                  defer: bool = False) -> int:
        """Load files and folders into the library (once each); how many articles were new.
        Unchanged files are answered by the index; files it knew that are gone are dropped
        from it."""
        paths = list(paths)
        loaded = self._load(paths, max_files, defer)
        self.problems.extend(loaded.problems)
        return len(self.add(loaded.articles))

    def _load(self, paths: list[Path | str], max_files: int | None, defer: bool) -> LoadResult:
        from .library_index import IndexUnavailable

        index = self.index
        if index is None:
            return load_paths(paths, max_files=max_files)
        walked: list[Path] = []
        pending: list[Path] = []

        def loader(path: Path) -> LoadResult:
            walked.append(path)
            known = index.answer(path)
            if known is not None:
                return known
            if defer:
                pending.append(path)
                return LoadResult()
            return index.read(path)

        try:
            loaded = load_paths(paths, max_files=max_files, loader=loader)
            index.commit()
            index.drop_missing(walked)
        except IndexUnavailable:
            index.rollback()
            self.index = None  # locked or broken for now: this session reads files
            return load_paths(paths, max_files=max_files)
        for path in walked:  # later loads (an import) go after what is there
            self._rank.setdefault(path, len(self._rank))
        if len(pending) <= FOREGROUND_READS:
            for path in pending:
                loaded.extend(self._read(path))
            loaded.articles.sort(key=self._position)
        else:
            self.pending = pending
        return loaded

    def _read(self, path: Path) -> LoadResult:
        from .library_index import IndexUnavailable

        if self.index is not None:
            try:
                return self.index.read(path)
            except IndexUnavailable:
                self.index.rollback()
        return load_file(path)

    def _position(self, article: Article) -> int:
        if article.path is None:
            return len(self._rank)
        return self._rank.get(article.path, len(self._rank))

    def read_pending(self, batch: int = PENDING_BATCH) -> Iterator[tuple[LoadResult, int, int]]:
        """Read the files `load(defer=True)` left, `batch` at a time: yields (what the
        batch loaded, files done, files in all). Safe in a thread; `take` the results in
        the thread that owns the library."""
        pending, self.pending = self.pending, []
        start = 0
        while start < len(pending):
            # The first batch is a screenful: a first start shows rows as soon as it can.
            size = min(batch, FIRST_PENDING_BATCH) if start == 0 else batch
            end = min(start + size, len(pending))
            loaded = LoadResult()
            for path in pending[start:end]:
                loaded.extend(self._read(path))
            if self.index is not None:
                self.index.commit()
            yield loaded, end, len(pending)
            start = end

    def take(self, loaded: LoadResult) -> list[Article]:
        """Add what `read_pending` loaded, each article in its place in load order."""
        self.problems.extend(loaded.problems)
        new = self.add(loaded.articles)
        if new:
            self.articles.sort(key=self._position)
        return new

    def add(self, articles: Iterable[Article]) -> list[Article]:
        """Add articles not already held (by uri); the ones added."""
        new = []
        for article in articles:
            if article.uri not in self._by_uri:
                self._by_uri[article.uri] = article
                self.articles.append(article)
                new.append(article)
        return new

    def by_uri(self, uri: str) -> Article | None:
        return self._by_uri.get(uri)

    def __len__(self) -> int:
        return len(self.articles)

    def search(self, query: str) -> list[Article]:
        """The articles matching `query`, in library order: from the index's FTS5 table
        where it can answer, else (and for articles it does not hold) by regex."""
        if not search_terms(query):
            return list(self.articles)
        found = self.index.search.matching(query) if self.index is not None else None
        if found is None:
            return filter_articles(self.articles, query)
        result = []
        for article in self.articles:
            rowid = article.__dict__.get("index_id")
            if rowid is not None:
                if rowid in found:
                    result.append(article)
            elif matches(article, query):
                result.append(article)
        return result

    def listing(self, query: str, read_uris: set[str],
                counts: Mapping[str, Mapping[str, int]]) -> list[dict[str, Any]]:
        """What the library screen shows, one dict per row (for `newsdesk list --json`)."""
        rows = []
        for article in self.search(query):
            claims = counts.get(article.uri) or {}
            rows.append({"uri": article.uri, "title": article.title, "source": article.source,
                         "date": article.date, "words": article.words,
                         "read": article.uri in read_uris,
                         "claims": {status: claims.get(status, 0) for status in STATUSES}})
        return rows
