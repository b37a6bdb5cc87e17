"""The app's side of analysis: on demand, most wanted first, never repeated.

Nothing is analysed at start. The article being opened goes to the worker pool at
once (`analysis_future`); the library's visible rows are queued next
(`want_analysis`); the rest of the library only when a feature needs it
(corroboration, compare) and asks with `await analyses_for(articles)`. Queued work
is handed to the pool a few at a time (as many as it has workers), so an article
opened later is never stuck behind a long queue. The workers run at a lower
priority (pool.py), results land in the persistent analysis cache, so work done
before a quit is not done again at the next start.

`analysis_progress` (done, queued) counts what was queued since the queue was last
empty; the library's status line shows it.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterable

from .core.analysis import Analysis
from .core.articles import Article
from .mixins import AppMixin


class AnalysisAccess(AppMixin):
    """Mixed into the app: the analysis queue and the futures of analyses in flight."""

    def _init_analysis(self) -> None:
        self.analyses: dict[str, Analysis] = {}  # text hash → analysis
        self._futures: dict[str, asyncio.Future] = {}
        self._queue: deque[Article] = deque()
        self._queued: dict[str, asyncio.Future] = {}  # text hash → resolved when processed
        self._draining = False
        self._queue_done = 0
        self._queue_total = 0

    # ------------------------------------------------------------------ one article now

    def analysis_future(self, article: Article, roles: bool = False) -> asyncio.Future:
        """The article's analysis: done at once if cached, else computed in a worker process.
        With `roles` (comparing), figures also carry what they count."""
        known = self.analyses.get(article.text_hash)
        if known is not None and (known.roles or not roles):
            done: asyncio.Future = asyncio.get_running_loop().create_future()
            done.set_result(known)
            return done
        key = article.text_hash + (":roles" if roles else "")
        pending = self._futures.get(key)
        if pending is not None and not pending.cancelled():
            return pending
        future = asyncio.wrap_future(self.pool.submit(article.text, article.text_hash, roles))
        future.add_done_callback(lambda done: self._remember(key, done))
        self._futures[key] = future
        return future

    def _remember(self, key: str, done: asyncio.Future) -> None:
        if done.cancelled() or done.exception():
            self._futures.pop(key, None)  # a later request retries
            return
        analysis = done.result()
        self.analyses[analysis.text_hash] = analysis

    def stop_analysis(self) -> None:
        """At exit, before the pool stops: the analyses still awaited are cancelled, so
        none is left holding the pool's "shut down" error for nobody to read (asyncio
        prints "Future exception was never retrieved" with a traceback for those)."""
        for future in list(self._futures.values()) + list(self._queued.values()):
            if future.done():
                if not future.cancelled():
                    future.exception()
            else:
                future.cancel()
        self._futures.clear()

    # ------------------------------------------------------------------ the queue

    def want_analysis(self, articles: Iterable[Article], *, first: bool = False) -> int:
        """Queue the analyses of `articles` not known or queued yet, in their order;
        with `first`, ahead of what is already queued. Returns how many were queued."""
        fresh = []
        loop = asyncio.get_running_loop()
        for article in articles:
            key = article.text_hash
            if key in self.analyses or key in self._queued:
                continue
            self._queued[key] = loop.create_future()
            fresh.append(article)
        if not fresh:
            return 0
        if first:
            self._queue.extendleft(reversed(fresh))
        else:
            self._queue.extend(fresh)
        self._queue_total += len(fresh)
        self.analysis_progress = (self._queue_done, self._queue_total)
        if not self._draining:
            self._draining = True
            self.run_worker(self._drain_queue(), group="analysis-queue", exit_on_error=False)
        return len(fresh)

    async def analyses_for(self, articles: Iterable[Article]) -> dict[str, Analysis]:
        """Every article's analysis (by uri) once the queue has reached them: for
        features that need the whole library (corroboration). Failures are left out."""
        articles = list(articles)
        self.want_analysis(articles)
        waits = [asyncio.shield(self._queued[a.text_hash]) for a in articles
                 if a.text_hash in self._queued]
        if waits:
            await asyncio.gather(*waits, return_exceptions=True)
        return {a.uri: self.analyses[a.text_hash] for a in articles
                if a.text_hash in self.analyses}

    async def _drain_queue(self) -> None:
        """Hand queued analyses to the pool, no more at a time than it has workers."""
        limit = max(1, self.pool.workers)
        running: dict[asyncio.Future, str] = {}
        try:
            while self._queue or running:
                while self._queue and len(running) < limit:
                    article = self._queue.popleft()
                    try:
                        inner = self.analysis_future(article)
                    except Exception as exc:  # the pool cannot take work (broken): skip, retry later
                        self.log.error(f"analysis of {article.uri} not queued", exc)
                        self._settle(article.text_hash, None)
                        continue
                    running[asyncio.ensure_future(asyncio.shield(inner))] = article.text_hash
                if not running:
                    continue
                finished, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for future in finished:
                    self._settle(running.pop(future), future)
        finally:
            for future, key in running.items():
                future.cancel()
                self._settle(key, future)
            self._draining = False

    def _settle(self, key: str, future: asyncio.Future | None) -> None:
        """One queued analysis is over (done or failed): count it, wake its waiters."""
        if future is not None and not future.cancelled():
            future.exception()  # retrieved: a failed analysis is retried when asked again
        waiter = self._queued.pop(key, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)
        self._queue_done += 1
        if not self._queue and self._queue_done >= self._queue_total:
            self.analysis_progress = (self._queue_total, self._queue_total)
            self._queue_done = self._queue_total = 0
        else:
            self.analysis_progress = (self._queue_done, self._queue_total)

    def want_visible(self) -> None:
        """Queue the library rows on screen (the start's only analysis work)."""
        from .screens.library import LibraryScreen

        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                self.want_analysis(visible_rows(screen))


# Rows queued beyond the visible ones: the next page is ready when the user scrolls.
LOOKAHEAD_ROWS = 0


def visible_rows(screen) -> list[Article]:
    """The library screen's articles on screen now (its table's scrolled window)."""
    from textual.widgets import DataTable

    shown = screen.shown
    try:
        table = screen.query_one(DataTable)
    except Exception:
        return shown
    height = table.scrollable_content_region.height or table.size.height or len(shown)
    top = int(table.scroll_y)
    return shown[top:top + height + LOOKAHEAD_ROWS]
