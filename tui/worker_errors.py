"""One place where a background task's failure becomes a line, not a traceback.

Every `run_worker` in newsdesk passes `exit_on_error=False` (Textual's default would end
the app with a traceback); the failure then reaches the app as a Worker.StateChanged, and
`report_worker_failure` logs it in full (Textual's log, `textual console`) and tells the
user in one notification which task failed and why. The app goes on.
"""

from __future__ import annotations

from textual.app import App
from textual.worker import Worker, WorkerState

from .core.sanitize import sanitize_line

# Plain words for the worker groups a user could see fail.
TASK_NAMES = {
    "analysis": "analysis", "analysis-queue": "background analysis", "compare": "comparison",
    "sources": "source counts", "store-writes": "saving", "import": "import",
    "library-index": "library index", "open-url": "opening the browser",
    "timeline": "timeline",
}


def describe(worker: Worker) -> str:
    return TASK_NAMES.get(worker.group, worker.name or worker.group or "a background task")


def report_worker_failure(app: App, event: Worker.StateChanged) -> bool:
    """Log and notify a failed worker; True when it had failed."""
    if event.state != WorkerState.ERROR:
        return False
    error = event.worker.error
    app.log.error(f"worker {event.worker.name!r} ({event.worker.group}) failed", error)
    reason = sanitize_line(str(error) or type(error).__name__)
    app.notify(f"{describe(event.worker).capitalize()} failed: {type(error).__name__}: {reason}",
               severity="error", timeout=8, markup=False)
    return True


class ReportsWorkerFailures:
    """Mixin for the app and the screens that start workers: Worker.StateChanged does not
    bubble, so each node that runs workers hands failures to the one reporter."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_failure(self.app, event)  # type: ignore[attr-defined]
