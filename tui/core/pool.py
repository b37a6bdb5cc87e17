"""Analysis in worker processes: spaCy loads and runs off the interface's GIL.

Results are plain dictionaries of offsets (Analysis.to_dict), cached by the
caller's AnalysisCache, so an article is analysed once.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .analysis_cache import AnalysisCache

if TYPE_CHECKING:
    from spacy.language import Language

from .analysis import (
    Analysis,
    ModelChoice,
    add_roles,
    analyse_text,
    choose_model,
    load_pipeline,
)

_worker_nlp: Language | None = None
_worker_choice: ModelChoice | None = None

# How much the interface's workers lower their priority (os.nice increment): analysis
# in the background must not slow the keys down, nor the user's other programs.
WORKER_NICENESS = 10


def _worker_init(choice: ModelChoice, niceness: int = 0) -> None:
    global _worker_nlp, _worker_choice
    if niceness:
        try:
            os.nice(niceness)
        except (AttributeError, OSError):
            pass  # no os.nice (Windows) or not allowed: run at the normal priority
    _worker_nlp, _worker_choice = load_pipeline(choice)


def worker_niceness() -> int:
    """This process's niceness (os.nice(0)), to check a worker's priority."""
    return os.nice(0)


def _worker_analyse(text: str, text_hash: str, roles: bool = False) -> dict[str, Any]:
    assert _worker_nlp is not None and _worker_choice is not None
    analysis = analyse_text(
        _worker_nlp, _worker_choice.model_id, text, text_hash, _worker_choice.notice, roles
    )
    return analysis.to_dict()


def _worker_add_roles(text: str, analysis: dict[str, Any]) -> dict[str, Any]:
    assert _worker_nlp is not None
    return add_roles(_worker_nlp, text, Analysis.from_dict(analysis)).to_dict()


class AnalysisPool:
    """Analysis in worker processes: the model loads and runs off the UI's GIL, at a
    lower priority (`niceness`, added with os.nice when each worker starts)."""

    def __init__(
        self,
        requested_model: str | None = None,
        cache: AnalysisCache | None = None,
        workers: int | None = None,
        niceness: int = WORKER_NICENESS,
    ):
        self.choice = choose_model(requested_model)
        self.niceness = niceness
        self.cache = cache or AnalysisCache()
        self.workers = workers or max(1, min(4, (os.cpu_count() or 2) - 1))
        self._executor: ProcessPoolExecutor | None = None
        self._pending: dict[str, Future[Analysis]] = {}

    def cached(self, text_hash: str) -> Analysis | None:
        return self.cache.get(text_hash, self.choice.model_id)

    def _ensure_executor(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
                initargs=(self.choice, self.niceness),
            )
        return self._executor

    @staticmethod
    @contextmanager
    def _real_stderr() -> Iterator[None]:
        """Starting processes needs a real stderr descriptor; a TUI captures sys.stderr."""
        captured = sys.stderr
        sys.stderr = sys.__stderr__ or captured
        try:
            from multiprocessing import resource_tracker

            resource_tracker.ensure_running()
            yield
        finally:
            sys.stderr = captured

    def submit(self, text: str, text_hash: str, roles: bool = False) -> Future[Analysis]:
        """A future Analysis; resolved at once from the cache when possible.
        With `roles`, figures carry what they count (for comparing articles)."""
        result: Future[Analysis] = Future()
        found = self.cached(text_hash)
        if found and (found.roles or not roles):
            result.set_result(found)
            return result
        key = f"{text_hash}:{int(roles)}"
        if key in self._pending:
            return self._pending[key]
        with self._real_stderr():
            if found:
                inner = self._ensure_executor().submit(_worker_add_roles, text, found.to_dict())
            else:
                inner = self._ensure_executor().submit(_worker_analyse, text, text_hash, roles)
        self._pending[key] = result

        def _done(done: Future[dict[str, Any]]) -> None:
            self._pending.pop(key, None)
            if result.done():  # cancelled by its reader (the app quitting): nobody waits
                return
            try:
                analysis = Analysis.from_dict(done.result())
            except BaseException as exc:  # pool broken, worker killed
                result.set_exception(exc)
                return
            self.cache.put(analysis)
            result.set_result(analysis)

        inner.add_done_callback(_done)
        return result

    def shutdown(self) -> None:
        """Stop at once: a half-done analysis is not worth keeping the user waiting on exit."""
        if self._executor is not None:
            processes = list((getattr(self._executor, "_processes", None) or {}).values())
            self._executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                if process.is_alive():
                    process.terminate()
            self._executor = None
