"""Subscriptions, as a newsboat user expects them: a feed list, refreshed with conditional GET.

The feed list is a JSON file (`paths.feeds_path()`), read and written under a
file lock (`filelock`), each write all or nothing (`atomic.atomic_write_text`).
A file that cannot be read as a feed list is one line naming it
(`FeedsFileError`) and is never overwritten.

Each feed keeps what a refresh needs to cost nothing when nothing changed: the
server's ETag and Last-Modified, sent back as If-None-Match / If-Modified-Since
(an unchanged feed is one 304 answer), and the keys of entries already imported
(`seen`, the newest `MAX_SEEN_PER_FEED`), so a changed feed only brings what is
new. The last refresh's time, error and new-article count are kept and shown.
"""

from __future__ import annotations

import builtins
import datetime as _dt
import json
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout

from .article_files import canonical_url
from .articles import display_path
from .atomic import atomic_write_text
from .feed_entries import kind_of
from .fetch import FetchError, FetchOptions
from .importer import FeedTally, ImportProgress, ImportReport, ImportRun, failure_reason, label, unusable_folder
from .paths import write_target
from .sanitize import sanitize_line

_T = TypeVar("_T")

FORMAT_VERSION = 1
MAX_SEEN_PER_FEED = 2000
LOCK_TIMEOUT_S = 10.0
FEED_FIELDS = ("url", "title", "etag", "last_modified", "last_checked", "last_error", "new")


class FeedsError(Exception):
    """A subscription change that cannot be made (one line for the user)."""


class FeedsFileError(FeedsError):
    """The feed list cannot be read or written; the message names the file."""


@dataclass
class Feed:
    url: str
    title: str = ""
    etag: str | None = None
    last_modified: str | None = None
    last_checked: str | None = None  # ISO 8601 UTC of the last refresh
    last_error: str | None = None
    new: int = 0  # articles the last refresh imported
    seen: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """What `feeds list --json` shows (not the validators or the seen keys)."""
        return {"url": self.url, "title": self.title, "last_checked": self.last_checked,
                "last_error": self.last_error, "new": self.new}


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_url(url: str) -> str:
    """`url` checked as a feed address: http(s) with a host; FeedsError otherwise."""
    from urllib.parse import urlsplit

    text = url.strip()
    try:
        parts = urlsplit(text)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and not any(
            ch.isspace() or not ch.isprintable() for ch in text)
    except ValueError:
        ok = False
    if not ok:
        raise FeedsError(f"{sanitize_line(text) or '(empty)'}: not a feed address "
                         "(http:// or https:// and a host)")
    return text


class Subscriptions:
    """The feed list in `path`. Every change re-reads the file under the lock."""

    def __init__(self, path: Path):
        self.path = path
        self.shown = display_path(path)
        self._lock = FileLock(str(path.with_name(path.name + ".lock")), timeout=LOCK_TIMEOUT_S)

    # ------------------------------------------------------------ reading

    def list(self) -> list[Feed]:
        return self._read()

    def _read(self) -> builtins.list[Feed]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise FeedsFileError(f"{self.shown}: cannot be read ({exc.strerror})") from None
        if not raw.strip():
            return []
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise FeedsFileError(f"{self.shown}: damaged, not a JSON feed list; "
                                 "left untouched") from None
        rows = data.get("feeds") if isinstance(data, dict) else None
        if not isinstance(rows, list) or not all(
                isinstance(row, dict) and isinstance(row.get("url"), str) for row in rows):
            raise FeedsFileError(f'{self.shown}: damaged, not a newsdesk feed list (no "feeds" '
                                 "list of feeds with a url); left untouched")
        return [_feed_from(row) for row in rows]

    # ------------------------------------------------------------ changing

    def _change(self, change: Callable[[builtins.list[Feed]], _T]) -> _T:
        """Read, apply `change` to the list, write it back; all under the lock."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock:
                feeds = self._read()
                result = change(feeds)
                text = json.dumps({"version": FORMAT_VERSION, "feeds": [asdict(f) for f in feeds]},
                                  ensure_ascii=False, indent=1)
                atomic_write_text(write_target(self.path), text + "\n", keep_mode=True)
                return result
        except Timeout:
            raise FeedsFileError(f"{self.shown}: another newsdesk is using it; "
                                 "try again in a moment") from None
        except OSError as exc:
            raise FeedsFileError(f"{self.shown}: cannot be written "
                                 f"({exc.strerror or exc})") from None

    def add(self, url: str, title: str = "") -> Feed:
        url = feed_url(url)

        def add(feeds: builtins.list[Feed]) -> Feed:
            if _find(feeds, url) is not None:
                raise FeedsError(f"{sanitize_line(url)}: already subscribed")
            feed = Feed(url=url, title=sanitize_line(title))
            feeds.append(feed)
            return feed
        return self._change(add)

    def add_many(self, entries: builtins.list[tuple[str, str]]
                 ) -> tuple[builtins.list[Feed], builtins.list[str]]:
        """Subscribe to each (url, title) not subscribed yet: (added, skipped lines)."""
        def add(feeds: builtins.list[Feed]) -> tuple[builtins.list[Feed], builtins.list[str]]:
            added: builtins.list[Feed] = []
            skipped: builtins.list[str] = []
            for url, title in entries:
                try:
                    url = feed_url(url)
                except FeedsError as exc:
                    skipped.append(str(exc))
                    continue
                if _find(feeds, url) is not None:
                    skipped.append(f"{sanitize_line(url)}: already subscribed")
                    continue
                feed = Feed(url=url, title=sanitize_line(title))
                feeds.append(feed)
                added.append(feed)
            return added, skipped
        return self._change(add)

    def remove(self, url: str) -> Feed:
        def remove(feeds: builtins.list[Feed]) -> Feed:
            found = _find(feeds, url.strip())
            if found is None:
                raise FeedsError(f"{sanitize_line(url) or '(empty)'}: not subscribed")
            feeds.remove(found)
            return found
        return self._change(remove)

    def record(self, updates: dict[str, Callable[[Feed], None]]) -> None:
        """Apply refresh results (feed url → update) to the feeds still subscribed."""
        def apply(feeds: list[Feed]) -> None:
            for feed in feeds:
                update = updates.get(feed.url)
                if update is not None:
                    update(feed)
        self._change(apply)


def _find(feeds: list[Feed], url: str) -> Feed | None:
    wanted = canonical_url(url)
    return next((f for f in feeds if f.url == url or canonical_url(f.url) == wanted), None)


def _feed_from(row: dict[str, Any]) -> Feed:
    """A row as a Feed: text fields that are not text are dropped, not trusted."""
    def text(name: str) -> str | None:
        value = row.get(name)
        return value if isinstance(value, str) else None
    new = row.get("new")
    seen = row.get("seen")
    return Feed(url=row["url"], title=text("title") or "", etag=text("etag"),
                last_modified=text("last_modified"), last_checked=text("last_checked"),
                last_error=text("last_error"),
                new=new if isinstance(new, int) and not isinstance(new, bool) else 0,
                seen=[s for s in seen if isinstance(s, str)] if isinstance(seen, list) else [])


# ---------------------------------------------------------------- refreshing

@dataclass
class FeedResult:
    url: str
    title: str
    new: int = 0
    not_modified: bool = False
    error: str | None = None
    checked: bool = False  # False: not fetched (the refresh was cancelled first)
    etag: str | None = None  # validators to send next time
    last_modified: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"url": self.url, "title": self.title, "new": self.new,
                "not_modified": self.not_modified, "error": self.error}


@dataclass
class RefreshReport:
    report: ImportReport
    feeds: list[FeedResult]

    def summary(self) -> str:
        """E.g. "3 feeds: 2 unchanged, 1 failed; 4 imported, 1 duplicate skipped"."""
        unchanged = sum(f.not_modified for f in self.feeds)
        failed = sum(f.error is not None for f in self.feeds)
        parts = [f"{len(self.feeds):,} feed{'' if len(self.feeds) == 1 else 's'}"]
        details = [f"{unchanged:,} unchanged"] if unchanged else []
        details += [f"{failed:,} failed"] if failed else []
        head = parts[0] + (": " + ", ".join(details) if details else "")
        return f"{head}; {self.report.summary()}"

    def as_json(self) -> dict[str, Any]:
        return {"feeds": [f.as_json() for f in self.feeds], **self.report.as_json()}


def refresh_feeds(dest: Path, feeds_file: Path, *,
                  on_progress: Callable[[ImportProgress], None] | None = None,
                  cancel: threading.Event | None = None,
                  options: FetchOptions | None = None) -> RefreshReport:
    """Fetch every subscribed feed (conditionally) and import its new entries into `dest`."""
    subscriptions = Subscriptions(feeds_file)
    feeds = subscriptions.list()
    problem = unusable_folder(dest) if feeds else None
    if problem is not None:  # nothing fetched: the feeds' state stays as it was
        return RefreshReport(ImportReport(failures=[label(f"{display_path(dest)}: {problem}")]),
                             [FeedResult(f.url, f.title, error=problem) for f in feeds])
    results, tallies = [], []
    run = ImportRun(dest, on_progress=on_progress, cancel=cancel, options=options)
    try:
        for feed in feeds:
            result, tally = FeedResult(feed.url, feed.title), FeedTally(seen=set(feed.seen))
            results.append(result)
            tallies.append(tally)
            run.submit(partial(_refresh_one, run, feed, result, tally), feed.url,
                       expands=True)
        report = run.wait()
    finally:
        run.close()
    updates = {}
    for feed, result, tally in zip(feeds, results, tallies):
        result.new = tally.new
        if result.checked:
            updates[feed.url] = _updater(result, tally)
    if updates:
        subscriptions.record(updates)
    return RefreshReport(report, results)


def _refresh_one(run: ImportRun, feed: Feed, result: FeedResult, tally: FeedTally) -> None:
    result.checked = True
    try:
        fetched = run.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        result.etag = fetched.etag or feed.etag
        result.last_modified = fetched.last_modified or feed.last_modified
        if fetched.not_modified:
            result.not_modified = True
            return
        if kind_of(fetched) != "feed":
            raise FetchError(f"not a feed ({fetched.content_type or 'no type given'})")
        result.title = run.add_feed(fetched, tally) or result.title
    except Exception as exc:
        result.error = failure_reason(exc)
        raise


def _updater(result: FeedResult, tally: FeedTally) -> Callable[[Feed], None]:
    def update(feed: Feed) -> None:
        feed.last_checked = _now()
        feed.last_error = result.error
        if result.error is None:
            feed.new = tally.new
            feed.title = result.title or feed.title
            feed.etag = result.etag
            feed.last_modified = result.last_modified
        known = set(feed.seen)
        feed.seen = (feed.seen + [k for k in dict.fromkeys(tally.newly_seen) if k not in known])[
            -MAX_SEEN_PER_FEED:]
    return update
