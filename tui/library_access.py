"""Files the library index did not know yet, read in the background after the first paint.

A first start on a big folder (or one after many files changed) would otherwise read
every file before anything shows. `Library.load(defer=True)` leaves those files in
`library.pending`; `LibraryAccess.read_pending_files` (mixed into the app) reads
them in a thread, a batch at a time, and each batch joins the list in its place
(load order) with "indexing N/M…" and a progress bar on the library's status line.
Leaving the app stops the reading after the current file; what was indexed stays
indexed, so the next start goes on from there.
"""

from __future__ import annotations

import threading
import time

from .core.articles import LoadResult
from .importing import ImportState
from .mixins import AppMixin

UPDATE_EVERY_S = 1.0  # the list and the progress are redrawn at most this often


class LibraryAccess(AppMixin):
    """Mixin for the App (which declares the `index_progress` reactive)."""

    _index_stop: threading.Event | None = None

    def read_pending_files(self) -> None:
        library = self.library
        if not library.pending:
            return
        self._index_stop = stop = threading.Event()
        total = len(library.pending)
        self.index_progress = ImportState("indexing", 0, total, "")

        def work() -> None:
            waiting = LoadResult()
            posted = None  # the first batch shows at once: a first start paints its rows
            try:
                for loaded, done, total in library.read_pending():
                    if stop.is_set():
                        return
                    waiting.extend(loaded)
                    # Redrawing the list costs the interface thread: once a second at most.
                    if (done < total and posted is not None
                            and time.monotonic() - posted < UPDATE_EVERY_S):
                        continue
                    self.call_from_thread(self._take_indexed, waiting, done, total)
                    waiting, posted = LoadResult(), time.monotonic()
            except RuntimeError:  # the app closed meanwhile: what was indexed stays indexed
                pass

        self.run_worker(work, thread=True, group="library-index", exclusive=True,
                        exit_on_error=False)

    def _take_indexed(self, loaded, done: int, total: int) -> None:
        self.library.take(loaded)
        finished = done >= total
        self.index_progress = None if finished else ImportState("indexing", done, total, "")
        if finished:  # claims of files that moved can now find their new file
            from .core.claims import follow_moved_files

            self.write_store(lambda: follow_moved_files(self.store, self.articles), None,
                             done=lambda moved: self._refresh_library() if moved else None)
        from .screens.library import LibraryScreen

        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                screen.refresh_articles()

    def stop_indexing(self) -> None:
        if self._index_stop is not None:
            self._index_stop.set()
