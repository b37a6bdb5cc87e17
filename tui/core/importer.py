"""Getting articles in: web pages, RSS/Atom feeds and local files saved into the import folder.

`import_sources(sources, dest)` takes URLs (a page or a feed, told apart by what
the server sends), files and folders, and saves each article it finds as a
Markdown file in `dest` (see `article_files`). No Textual and no asyncio: it
blocks until done, fetching in a thread pool, so the app calls it from a worker
thread and the command line calls it directly.

Limits: at most `MAX_FETCHES` fetches at once, and at most `MAX_PER_HOST` to
any one host, so importing a feed of fifty summaries does not hammer its site.
`cancel` (a threading.Event) stops new fetches from starting; what finished is
kept. `on_progress` is called from the pool's threads, one call at a time.
Every failure is one sanitized line "URL-or-PATH: reason"; nothing raises.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .article_files import ArticleFolder, NewArticle
from .articles import display_path, load_paths
from .decoding import ArticleLoadError
from .feed_entries import Entry, NotAFeed, host_of, kind_of, page_article, parse_feed
from .fetch import Fetched, Fetcher, FetchError, FetchOptions
from .sanitize import sanitize_line

MAX_FETCHES = 8
MAX_PER_HOST = 2
LABEL_MAX_CHARS = 200
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://|^https?:", re.I)  # else a file or folder


@dataclass
class ImportProgress:
    done: int  # items finished so far
    total: int | None  # None while a feed's entries (or a folder's files) are not known yet
    current: str  # sanitized one-line label of what is being fetched or copied


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


@dataclass
class ImportReport:
    saved: list[Path] = field(default_factory=list)  # article files written this run
    duplicates: int = 0  # same canonical URL or same text as an article already there
    failures: list[str] = field(default_factory=list)  # "URL-or-PATH: reason", sanitized
    cancelled: int = 0  # items not started because the run was cancelled

    def summary(self) -> str:
        """E.g. "3 imported, 1 duplicate skipped, 2 failed"."""
        parts = [f"{len(self.saved):,} imported"]
        if self.duplicates:
            parts.append(f"{_plural(self.duplicates, 'duplicate')} skipped")
        if self.failures:
            parts.append(f"{len(self.failures):,} failed")
        if self.cancelled:
            parts.append(f"{self.cancelled:,} not started (cancelled)")
        return ", ".join(parts)

    def merge(self, other: ImportReport) -> None:
        self.saved.extend(other.saved)
        self.duplicates += other.duplicates
        self.failures.extend(other.failures)
        self.cancelled += other.cancelled

    @property
    def all_failed(self) -> bool:
        """Nothing saved and something failed: the command line's exit status 1."""
        return not self.saved and bool(self.failures)

    def as_json(self) -> dict[str, Any]:
        return {"saved": [str(p) for p in self.saved], "duplicates": self.duplicates,
                "failures": list(self.failures)}


def label(text: str) -> str:
    return sanitize_line(text)[:LABEL_MAX_CHARS]


class Cancelled(Exception):
    """An item that was waiting for its turn when the run was cancelled."""


@dataclass
class FeedTally:
    """What one feed's entries came to in a run: for the feed list (`feeds`)."""

    seen: set[str] = field(default_factory=set)  # entry keys imported before: not fetched again
    new: int = 0
    newly_seen: list[str] = field(default_factory=list)  # saved or duplicate this run


class ImportRun:
    """One run's pool, limits, progress and report. Submit work, then `wait()`."""

    def __init__(self, dest: Path, *, on_progress: Callable[[ImportProgress], None] | None = None,
                 cancel: threading.Event | None = None, options: FetchOptions | None = None,
                 max_fetches: int = MAX_FETCHES, max_per_host: int = MAX_PER_HOST):
        self.folder = ArticleFolder(dest)
        self.report = ImportReport()
        self.fetcher = Fetcher(options)
        self.cancel = cancel or threading.Event()
        self._stop = threading.Event()  # the run was left early (an exception, Ctrl-C)
        self._on_progress = on_progress
        self._pool = ThreadPoolExecutor(max_fetches, thread_name_prefix="newsdesk-import")
        self._per_host = max_per_host
        self._host_slots: dict[str, threading.Semaphore] = {}
        self._lock = threading.RLock()
        self._idle = threading.Condition(self._lock)
        self._outstanding = self._submitted = self._done = self._expanding = 0

    # -------------------------------------------------------------- bookkeeping

    def submit(self, work: Callable[[], None], what: str, *, expands: bool = False) -> None:
        """Run `work` in the pool; an exception it raises is a failure line for `what`.
        `expands`: the work may submit more (a feed, a folder), so the total is unknown."""
        with self._lock:
            self._outstanding += 1
            self._submitted += 1
            self._expanding += expands
        self._pool.submit(self._run, work, what, expands)

    def _run(self, work: Callable[[], None], what: str, expands: bool) -> None:
        try:
            if self.cancel.is_set() or self._stop.is_set():
                with self._lock:
                    self.report.cancelled += 1
            else:
                self.progress(what)
                work()
        except Cancelled:
            with self._lock:
                self.report.cancelled += 1
        except Exception as exc:  # the one place a task's failure becomes a line
            self.fail(what, failure_reason(exc))
        finally:
            with self._lock:
                self._done += 1
                self._expanding -= expands
                self._outstanding -= 1
                self.progress(what)
                self._idle.notify_all()

    def progress(self, what: str) -> None:
        if self._on_progress is None:
            return
        with self._lock:
            total = None if self._expanding else self._submitted
            self._on_progress(ImportProgress(self._done, total, label(what)))

    def fail(self, what: str, reason: str) -> None:
        with self._lock:
            self.report.failures.append(label(f"{what}: {reason}"))

    def save(self, article: NewArticle) -> bool:
        """Save into the folder; False for a duplicate (counted)."""
        path = self.folder.save(article)
        with self._lock:
            if path is None:
                self.report.duplicates += 1
                return False
            self.report.saved.append(path)
            return True

    def wait(self) -> ImportReport:
        """Block until every submitted item (and what they submitted) is done."""
        with self._idle:
            while self._outstanding:
                self._idle.wait(0.2)
        return self.report

    def close(self) -> None:
        self._stop.set()  # queued items, if any are left, are not started
        self._pool.shutdown(wait=True)
        self.fetcher.close()

    def fetch(self, url: str, **validators: str | None) -> Fetched:
        """GET `url`, holding one of its host's `max_per_host` slots meanwhile."""
        host = host_of(url)
        with self._lock:
            slot = self._host_slots.setdefault(host, threading.Semaphore(self._per_host))
        with slot:
            if self.cancel.is_set() or self._stop.is_set():  # cancelled while waiting
                raise Cancelled(url)
            return self.fetcher.get(url, **validators)

    # -------------------------------------------------------------- sources

    def add_source(self, source: str) -> None:
        text = source.strip()
        if _URL.match(text):
            self.submit(lambda: self._url(text), text, expands=True)
        else:
            self.submit(lambda: self._local(Path(source)), display_path(source), expands=True)

    def _url(self, url: str) -> None:
        if self.folder.has_url(url):
            with self._lock:
                self.report.duplicates += 1
            return
        fetched = self.fetch(url)
        kind = kind_of(fetched)
        if kind == "feed":
            self.add_feed(fetched, FeedTally())
        elif kind == "page":
            self.save(page_article(fetched.text(), fetched.url))
        else:
            raise FetchError(f"not a web page or feed ({fetched.content_type or 'no type given'})")

    def add_feed(self, fetched: Fetched, tally: FeedTally) -> str:
        """Submit every entry of a fetched feed not in `tally.seen`; the feed's title."""
        feed = parse_feed(fetched)
        for entry in feed.entries:
            if entry.key and entry.key in tally.seen:
                continue
            self.submit(partial(self._entry, entry, tally),
                        entry.link or entry.key or feed.title)
        return feed.title

    def _entry(self, entry: Entry, tally: FeedTally) -> None:
        article = entry.article
        if entry.needs_page and self.folder.has_url(entry.link):
            saved = self._duplicate()  # known already: its page is not fetched again
        elif entry.needs_page:
            page = self.fetch(entry.link)
            if kind_of(page) != "page":
                raise FetchError(f"not a web page ({page.content_type or 'no type given'})")
            found = page_article(page.text(), page.url)
            saved = self.save(NewArticle(
                text=found.text, title=article.title or found.title,
                source=article.source or found.source, date=article.date or found.date,
                url=found.url or entry.link, author=article.author or found.author))
        elif not article.text.strip():
            raise ArticleLoadError("the feed entry has no text and no link")
        else:
            saved = self.save(article)
        with self._lock:
            tally.new += saved
            if entry.key:
                tally.newly_seen.append(entry.key)

    def _duplicate(self) -> bool:
        with self._lock:
            self.report.duplicates += 1
        return False

    def _local(self, path: Path) -> None:
        if not path.exists() and not path.is_symlink():
            hint = " (a web address starts with https://)" if "." in path.parts[0] else ""
            raise ArticleLoadError(f"no such file or folder{hint}")
        loaded = load_paths([path])
        for problem in loaded.problems:
            if problem.fatal:
                self.fail(problem.path, problem.reason)
        for found in loaded.articles:
            article = NewArticle(text=found.text, title=found.title, source=found.source,
                                 date=found.date, url=found.url, author=found.author)
            self.submit(partial(self._save_only, article),
                        display_path(found.path or found.uri))

    def _save_only(self, article: NewArticle) -> None:
        self.save(article)


def failure_reason(exc: Exception) -> str:
    """The reason part of a failure line, for any error an item can end with."""
    if isinstance(exc, (FetchError, ArticleLoadError, NotAFeed)):
        return sanitize_line(str(exc))
    if isinstance(exc, OSError):
        return f"cannot save ({sanitize_line(exc.strerror or str(exc))})"
    return f"failed ({type(exc).__name__})"


def unusable_folder(dest: Path) -> str | None:
    """Why articles cannot be saved in `dest` (created if missing), or None."""
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return "not a folder; set import_dir in the config to a folder"
    except OSError as exc:
        return f"cannot create the import folder ({exc.strerror or exc})"
    if not dest.is_dir():
        return "not a folder; set import_dir in the config to a folder"
    return None


def import_sources(sources: Sequence[str], dest: Path, *,
                   on_progress: Callable[[ImportProgress], None] | None = None,
                   cancel: threading.Event | None = None,
                   options: FetchOptions | None = None) -> ImportReport:
    """Import every source (URL of a page or a feed, file, folder) into `dest`."""
    problem = unusable_folder(dest)
    if problem is not None:
        return ImportReport(failures=[label(f"{display_path(dest)}: {problem}")])
    run = ImportRun(dest, on_progress=on_progress, cancel=cancel, options=options)
    try:
        for source in sources:
            run.add_source(source)
        return run.wait()
    finally:
        run.close()
