"""The one path from the UI to the store: faults become messages, the lock never blocks.

Every read and write the screens make goes through `StoreAccess` (mixed into the
app). A write first tries the lock without waiting; when another newsdesk holds
it, the write waits in a thread ("waiting for another newsdesk…") so keys keep
working, and writes stay in the order they were made. Storage and OS errors
become one notification naming the file and what to do; the app keeps running.
A database damaged by another program while the app runs is kept untouched and
the session goes on read-only, with a banner on every screen. Rows the store
could not use are reported once each.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from .core.claims import reanchored
from .core.store import LockBusy, StoreError
from .mixins import AppMixin
from .widgets.store_banner import StoreBanner

Done = Callable[[Any], None]
Failed = Callable[[Exception], None]
# At most this many bad-row notifications at once; the rest are summed up in one more.
MAX_ROW_NOTICES = 3


class StoreAccess(AppMixin):
    """Mixin for the App: `read_store` and `write_store` are how screens reach `self.store`."""

    _queued_writes = 0
    _read_only_shown = False

    def read_store(self, read: Callable[[], Any], default: Any = None) -> Any:
        """`read()`, or `default` with a message when the database cannot be read."""
        try:
            value = read()
        except (StoreError, OSError) as exc:
            self.notify(f"Database not readable: {exc}", severity="error", markup=False,
                        timeout=10)
            return default
        self.check_store()
        return value

    def write_store(self, write: Callable[[], Any], confirmation: str | None, *,
                    done: Done | None = None, failed: Failed | None = None) -> None:
        """Run a store write; once it is on disk confirm it and call `done(result)`.

        When the write cannot be made, say why and call `failed(error)` (a screen
        keeps what the user typed). When another process holds the lock, wait for
        it off the event loop.
        """
        if self._queued_writes:  # keep the order: behind the writes already waiting
            self._notify_waiting()
            self._queue_write(write, confirmation, done, failed)
            return
        try:
            with self.store.lock_wait(0):
                result = write()
        except LockBusy:
            self._notify_waiting()
            self._queue_write(write, confirmation, done, failed)
            return
        except (StoreError, OSError) as exc:
            self._write_failed(exc, failed)
            return
        self._write_done(result, confirmation, done)

    def reanchored(self, annotations: list, articles: list) -> list:
        """`annotations` re-attached to the articles' current text, to show at once; the
        changes are saved like any write, without waiting for another process's lock."""
        annotations, changes = reanchored(annotations, articles)
        if changes:
            self.write_store(lambda: self.store.apply(changes), None)
        return annotations

    def _notify_waiting(self, still: bool = False) -> None:
        self.notify(f"{'still ' if still else ''}waiting for another newsdesk… "
                    f"({self.store.shown} is locked); this will be saved when it is free",
                    timeout=4, markup=False)

    def _queue_write(self, write, confirmation, done, failed) -> None:
        self._queued_writes += 1
        self.run_worker(self._write_when_free(write, confirmation, done, failed),
                        group="store-writes", exit_on_error=False)

    async def _write_when_free(self, write, confirmation, done, failed) -> None:
        lock = getattr(self, "_write_order", None)
        if lock is None:
            lock = self._write_order = asyncio.Lock()
        try:
            async with lock:
                while True:  # as promised: saved when the other process lets go, however long
                    try:
                        result = await asyncio.to_thread(write)
                        break
                    except LockBusy:
                        self._notify_waiting(still=True)
                    except (StoreError, OSError) as exc:
                        self._write_failed(exc, failed)
                        return
                self._write_done(result, confirmation, done)
        finally:
            self._queued_writes -= 1

    def _write_done(self, result: Any, confirmation: str | None, done: Done | None) -> None:
        if confirmation:
            self.notify(confirmation, timeout=2, markup=False)
        self.check_store()
        if done is not None:
            done(result)

    def _write_failed(self, exc: Exception, failed: Failed | None) -> None:
        self.notify(f"NOT saved: {exc}", severity="error", markup=False, timeout=10)
        self.check_store()
        if failed is not None:
            failed(exc)

    def check_store(self) -> None:
        """Report rows the store skipped (once each) and show the read-only banner."""
        for notice in self.store.new_notices():  # an upgrade and where its backup is
            self.notify(notice, title="Database upgraded", timeout=12, markup=False)
        problems = self.store.new_problems()
        for problem in problems[:MAX_ROW_NOTICES]:
            self.notify(problem, severity="warning", markup=False, timeout=10)
        if len(problems) > MAX_ROW_NOTICES:
            self.notify(f"… and {len(problems) - MAX_ROW_NOTICES} more row(s) of "
                        f"{self.store.shown} not shown (kept in the file)",
                        severity="warning", markup=False, timeout=10)
        if self.store.read_only and not self._read_only_shown:
            self._read_only_shown = True
            for screen in self.screen_stack:
                for banner in screen.query(StoreBanner):
                    banner.refresh_state()
