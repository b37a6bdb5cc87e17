"""The app's side of importing: `i` (pages, feeds, files) and `R` (refresh every feed).

The work (`tui.core.importer`, `tui.core.feeds`) runs in a thread, so keys keep
working; its progress is the app's `import_progress`, which the library's status line
shows. What arrives is added to the library at once. Each failure (a URL or file and
why) joins the load problems, so `L` lists it; the summary is one notification.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .core.articles import LoadProblem, display_path
from .core.sanitize import sanitize_line
from .mixins import AppMixin

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

SUMMARY_TIMEOUT = 8


@dataclass(frozen=True)
class ImportState:
    """What an import is doing now, for the status line."""

    verb: str  # "importing" or "refreshing feeds"
    done: int
    total: int | None
    current: str

    def line(self) -> str:
        count = f"{self.done}/{self.total}" if self.total else f"{self.done}"
        return f"{self.verb} {count}… {self.current}".rstrip()


class ImportAccess(AppMixin):
    """Mixed into the app: starts imports and refreshes, and takes in what they bring."""

    _import_cancel: threading.Event | None = None

    def import_running(self) -> bool:
        return self._import_cancel is not None

    def action_import(self) -> None:
        from .screens.import_dialog import ImportDialog

        if self._refuse_second():
            return

        def chosen(sources: list[str] | None) -> None:
            if sources:
                self.start_import(sources)

        self.push_screen(ImportDialog(display_path(self.settings.import_dir)), chosen)

    def action_refresh_feeds(self) -> None:
        if not self._refuse_second():
            self.start_import(None)

    def _refuse_second(self) -> bool:
        if self.import_running():
            self.notify("An import is running; its progress is in the status line",
                        severity="warning", timeout=3)
            return True
        return False

    def start_import(self, sources: list[str] | None) -> None:
        """Import `sources` (None: refresh every subscribed feed) in a thread."""
        from .core.paths import feeds_path

        dest = self.settings.import_dir
        cancel = self._import_cancel = threading.Event()
        verb = "refreshing feeds" if sources is None else "importing"
        self.import_progress = ImportState(verb, 0, None, "")

        def progress(state) -> None:  # `current` comes sanitized from the importer
            shown = ImportState(verb, state.done, state.total, state.current)
            self._from_thread(setattr, self, "import_progress", shown)

        def work() -> None:
            try:
                if sources is None:
                    from .core.feeds import refresh_feeds

                    result = refresh_feeds(dest, feeds_path(), on_progress=progress,
                                           cancel=cancel)
                    report, summary = result.report, result.summary()
                else:
                    from .core.importer import import_sources

                    report = import_sources(sources, dest, on_progress=progress, cancel=cancel)
                    summary = report.summary()
            except Exception as exc:  # never a traceback: one line, the app goes on
                report, summary = None, f"{verb} failed: {type(exc).__name__}: {exc}"
            self._from_thread(self._import_done, report, summary)

        self.run_worker(work, thread=True, group="import", exit_on_error=False)

    def _from_thread(self, callback, *args) -> None:
        try:
            self.call_from_thread(callback, *args)
        except RuntimeError:  # the app has closed meanwhile; what was saved stays saved
            pass

    def cancel_import(self) -> None:
        """Start no new fetch (on exit); what finished is kept."""
        if self._import_cancel is not None:
            self._import_cancel.set()

    def _import_done(self, report, summary: str) -> None:
        self._import_cancel = None
        self.import_progress = None
        added = self._take_in(report.saved) if report is not None else 0
        failures = [_failure(line) for line in (report.failures if report else [])]
        self.problems.extend(failures)
        message = sanitize_line(summary)
        if failures:
            from .screens.library import problems_key

            message += f" — {problems_key(self)} lists what failed"
        severity: SeverityLevel = "error" if report is None or (failures and not added) else (
            "warning" if failures else "information")
        self.notify(message, severity=severity, timeout=SUMMARY_TIMEOUT, markup=False)
        self._refresh_library()

    def _take_in(self, paths) -> int:
        """Add the files an import saved to the library (once each); how many were new."""
        return self.library.add_paths(paths)


def _failure(line: str) -> LoadProblem:
    """"URL: reason" as a load problem, so the Problems screen lists it."""
    source, _sep, reason = line.partition(": ")
    return LoadProblem(path=source, reason=reason or "failed")
