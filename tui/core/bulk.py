"""Many articles analysed at once, over a process pool, into the analysis cache.

What `newsdesk analyze` runs. Articles already in the cache are skipped; the rest
go to `jobs` worker processes in chunks of CHUNK_ARTICLES, each chunk through one
`nlp.pipe` stream (analysis.analyse_texts), so short articles fill spaCy's batches;
the workers also make each article's rows for the corroboration index
(sentence_index.py), which the parent adds.
The parent writes each finished chunk to the cache as it arrives: interrupted, the
work done so far is kept and the next run carries on from there.

Workers ignore SIGINT: Ctrl-C reaches the parent only, which stops the pool
without the workers' tracebacks.
"""

from __future__ import annotations

import multiprocessing
import signal
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .analysis import Analysis, ModelChoice, analyse_texts, choose_model, load_pipeline
from .analysis_cache import AnalysisCache
from .articles import Article

if TYPE_CHECKING:
    from spacy.language import Language

    from .sentence_index import SentenceIndex

# What `sentence_index.index_rows` gives for one article: (hash, sentence count), its sentences' rows.
_IndexRows = tuple[tuple[str, int], list[tuple[str, str, int]]]

# Articles per task: enough to fill a few spaCy batches, few enough that progress
# moves and an interruption loses little.
CHUNK_ARTICLES = 8
# Tasks waiting per worker: the pool never idles, and memory stays bounded.
TASKS_AHEAD = 2

_nlp: Language | None = None
_choice: ModelChoice | None = None


def _init(choice: ModelChoice) -> None:
    global _nlp, _choice
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _nlp, _choice = load_pipeline(choice)


def _analyse_chunk(items: list[tuple[str, str]]) -> list[tuple[dict[str, Any], _IndexRows]]:
    """Each article's analysis, with its rows for the corroboration index."""
    from .sentence_index import index_rows

    assert _nlp is not None and _choice is not None
    analyses = analyse_texts(_nlp, _choice.model_id, items, _choice.notice)
    return [(a.to_dict(), index_rows(text_hash, text, a))
            for (text, text_hash), a in zip(items, analyses)]


@dataclass
class Progress:
    """Where a bulk run is: what it had to do, what is done, how fast."""

    total: int  # articles to analyse (not cached)
    cached: int  # articles skipped, already in the cache
    done: int = 0
    failed: list[str] = field(default_factory=list)  # uris
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        """Articles per second so far."""
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the rate so far; None before the first result."""
        return (self.total - self.done) / self.rate if self.rate else None


def to_analyse(articles: Sequence[Article], cache: AnalysisCache, model_id: str) -> list[Article]:
    """The articles whose analysis is not in the cache, each text once."""
    seen: set[str] = set()
    todo = []
    for article in articles:
        if article.text_hash in seen:
            continue
        seen.add(article.text_hash)
        if cache.get(article.text_hash, model_id) is None:
            todo.append(article)
    return todo


def chunks(articles: Sequence[Article], size: int = CHUNK_ARTICLES) -> list[list[Article]]:
    return [list(articles[n:n + size]) for n in range(0, len(articles), size)]


STOP_WAIT_SECONDS = 5.0  # for each ended worker and the pool's manager thread, after Ctrl-C


def analyse_all(articles: Sequence[Article], *, jobs: int = 1, model: str | None = None,
                cache: AnalysisCache | None = None, indexed: bool = True,
                on_progress: Callable[[Progress], None] = lambda _p: None) -> Progress:
    """Analyse every article not yet cached, `jobs` processes at a time; each finished
    chunk is cached at once, and (with `indexed`) its sentences join the corroboration
    index, so the first "said by N sources" does not have to index the library.
    KeyboardInterrupt stops the pool and propagates (what finished is cached); the
    returned Progress says what was done."""
    cache = cache or AnalysisCache()
    choice = choose_model(model)
    todo = to_analyse(articles, cache, choice.model_id)
    unique = len({a.text_hash for a in articles})
    progress = Progress(total=len(todo), cached=unique - len(todo))
    on_progress(progress)
    if not todo:
        return progress
    index = _open_index(choice.model_id) if indexed else None
    pending = chunks(todo)
    pending.reverse()
    executor = ProcessPoolExecutor(max_workers=max(1, jobs), initializer=_init,
                                   initargs=(choice,),
                                   mp_context=multiprocessing.get_context("spawn"))
    running: dict[Future[list[tuple[dict[str, Any], _IndexRows]]], list[Article]] = {}
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs) * TASKS_AHEAD:
                chunk = pending.pop()
                running[executor.submit(_analyse_chunk, [(a.text, a.text_hash)
                                                         for a in chunk])] = chunk
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                chunk = running.pop(future)
                try:
                    results = future.result()
                except Exception:
                    progress.failed.extend(a.uri for a in chunk)
                    progress.done += len(chunk)
                    continue
                for data, _rows in results:
                    cache.put(Analysis.from_dict(data))
                _index(index, results)
                progress.done += len(chunk)
            on_progress(progress)
    except BaseException:
        _stop(executor)
        raise
    finally:
        if index is not None:
            index.close()
    executor.shutdown(wait=True)
    return progress


def _open_index(model_id: str) -> SentenceIndex | None:
    """The corroboration index, to fill beside the cache; None if it cannot be opened."""
    from .sentence_index import SentenceIndex

    try:
        return SentenceIndex(model_id)
    except (sqlite3.Error, OSError):
        return None


def _index(index: SentenceIndex | None, results: list[tuple[dict[str, Any], _IndexRows]]) -> None:
    """Add a chunk's sentences to the corroboration index (a cache: failures cost time)."""
    if index is None:
        return
    try:
        index.add_rows([rows[0] for _, rows in results],
                       [row for _, rows in results for row in rows[1]])
    except (sqlite3.Error, OSError):
        pass


def _stop(executor: ProcessPoolExecutor) -> None:
    """Stop at once: queued chunks are dropped, running workers ended, and the pool's
    manager thread waited for, so nothing of the pool is left for interpreter exit (on
    Python 3.11 exit otherwise woke a manager thread through a pipe it had closed, and
    printed "OSError: Bad file descriptor" with a traceback after the one-line summary)."""
    import concurrent.futures.process as pool_internals

    processes = list((getattr(executor, "_processes", None) or {}).values())
    manager = getattr(executor, "_executor_manager_thread", None)
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(STOP_WAIT_SECONDS)
    if manager is not None:
        manager.join(STOP_WAIT_SECONDS)
        if not manager.is_alive():
            getattr(pool_internals, "_threads_wakeups", {}).pop(manager, None)
