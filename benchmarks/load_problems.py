"""Load problems at scale: does a folder of 2,000 bad files still open the library at once?

Builds a folder of 2,000 empty `.txt` files and one real article, then times:

1. Loading: `load_paths` on the folder (what `newsdesk FOLDER` does before the app starts).
2. Start-up: app construction to the library painted with its one article, notifications
   on (`App.run_test(notifications=True)`: the toasts are mounted as in a terminal), and
   the app idle again, so the cost of whatever notices the problems raised is counted.
   Also printed: how many notifications the problems raised and how many toasts mounted,
   then `L` to the Problems screen listing all 2,000, and one key typed into its filter
   (which includes the screen's FILTER_DELAY, the pause it waits for a next key).

Before load problems became one notice, the start-up measured 33.7 s here (2,000 toasts).
3. `newsdesk check FOLDER` as a subprocess (Python start-up and imports included),
   and `newsdesk check FOLDER --json`.

Everything lives in a fresh temporary folder (database, cache, config), removed at the end.
Timings are printed, not asserted; a failed check (no library, wrong counts) exits 1.

Run: python benchmarks/load_problems.py [BAD_FILES]     (default 2000; medians of 3 runs)
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BAD_FILES = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
RUNS = 3
STARTUP_DEADLINE = 300.0  # seconds: give up (and say so) rather than wait forever
GOOD_ARTICLE = (
    "Ferry services resume after storm\n\n"
    "Ferry services between Dover and Calais resumed on Tuesday after a storm closed the port "
    "for two days, the operator said. About 12,000 passengers had been delayed.\n"
)
REPO = Path(__file__).resolve().parents[1]


def build_folder(root: Path) -> Path:
    folder = root / "library"
    folder.mkdir()
    for index in range(BAD_FILES):
        (folder / f"empty-{index:05}.txt").write_bytes(b"")
    (folder / "ferry.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    return folder


@dataclass
class Startup:
    seconds: float  # app construction to the library painted and the app idle
    notifications: int  # raised by the problems
    toasts: int  # mounted
    list_seconds: float  # `L` to the Problems screen holding every problem
    filter_seconds: float  # `/` and one key of a filter to the list redrawn


async def time_startup(folder: Path, scratch: Path, run: int) -> Startup:
    """Start the app on `folder` headless, notifications on, and time it."""
    from textual.widgets import DataTable
    from textual.widgets._toast import Toast

    from tui.app import NewsdeskApp
    from tui.core.articles import load_paths
    from tui.core.config import Settings
    from tui.core.store import Store
    from tui.screens.library import LibraryScreen
    from tui.screens.problems import ProblemsScreen

    loaded = load_paths([folder])
    db = scratch / f"newsdesk-{run}.json"
    started = time.perf_counter()
    app = NewsdeskApp(loaded.articles, settings=Settings(db=db), problems=loaded.problems,
                      store=Store(db))
    raised = []  # every notification, also those that expired before the count is read
    notify = app.notify
    app.notify = lambda message, **kwargs: (raised.append(message), notify(message, **kwargs))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        def painted() -> bool:
            screen = app.screen
            return (isinstance(screen, LibraryScreen)
                    and screen.query_one(DataTable).row_count == len(loaded.articles)
                    and len(app.screen.query(Toast)) >= len(app._notifications))
        while not painted():
            if time.perf_counter() - started > STARTUP_DEADLINE:
                raise SystemExit(f"library not painted within {STARTUP_DEADLINE:.0f} s")
            await pilot.pause(0.01)
        await pilot.pause()  # idle: every pending message (and toast) handled
        elapsed = time.perf_counter() - started
        toasts = len(app.screen.query(Toast))
        pressed = time.perf_counter()
        await pilot.press("L")
        table = app.screen.query_one(DataTable)
        if not isinstance(app.screen, ProblemsScreen) or table.row_count != len(loaded.problems):
            raise SystemExit("L did not list every problem")
        await pilot.pause()
        listed = time.perf_counter() - pressed
        pressed = time.perf_counter()
        await pilot.press("slash", "7")  # one key of a filter: every row is redrawn
        await pilot.pause()
        filtered = time.perf_counter() - pressed
        return Startup(elapsed, len(raised), toasts, listed, filtered)


def time_check(folder: Path, *flags: str) -> tuple[float, int, int]:
    """Seconds for `newsdesk check FOLDER [flags]`, its exit code and stdout lines."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tui", "check", str(folder), *flags],
                          capture_output=True, text=True, cwd=REPO, env=os.environ.copy())
    return time.perf_counter() - started, done.returncode, len(done.stdout.splitlines())


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="newsdesk-load-problems-"))
    os.environ["NEWSDESK_CACHE_DIR"] = str(scratch / "cache")
    os.environ["NEWSDESK_CONFIG"] = str(scratch / "config.toml")  # never the user's config
    os.environ["NEWSDESK_DB"] = str(scratch / "newsdesk.json")
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    sys.path.insert(0, str(REPO))
    try:
        folder = build_folder(scratch)
        from tui.core.articles import load_paths

        loads = []
        for _ in range(RUNS):
            started = time.perf_counter()
            loaded = load_paths([folder])
            loads.append(time.perf_counter() - started)
        if len(loaded.articles) != 1 or len(loaded.problems) != BAD_FILES:
            print(f"FAILED: {len(loaded.articles)} article(s), {len(loaded.problems)} problems")
            return 1
        startups = [asyncio.run(time_startup(folder, scratch, run)) for run in range(RUNS)]
        checks = [time_check(folder) for _ in range(RUNS)]
        checks_json = [time_check(folder, "--json") for _ in range(RUNS)]
        print(f"{BAD_FILES:,} empty files + 1 article, medians of {RUNS} runs:")
        print(f"  load_paths                               {statistics.median(loads):7.3f} s")
        last = startups[-1]
        print(f"  app constructed -> library painted, idle {statistics.median(s.seconds for s in startups):7.3f} s"
              f"   ({last.notifications} notification(s), {last.toasts} toast(s))")
        print(f"  L -> Problems screen, {len(loaded.problems):,} rows        "
              f"{statistics.median(s.list_seconds for s in startups):7.3f} s")
        print(f"  / and one filter key -> list redrawn     "
              f"{statistics.median(s.filter_seconds for s in startups):7.3f} s")
        print(f"  newsdesk check FOLDER                    {statistics.median(c[0] for c in checks):7.3f} s"
              f"   (exit {checks[-1][1]}, {checks[-1][2]:,} lines on stdout)")
        print(f"  newsdesk check FOLDER --json             {statistics.median(c[0] for c in checks_json):7.3f} s"
              f"   (exit {checks_json[-1][1]})")
        if checks[-1][1] != 1 or checks[-1][2] != BAD_FILES:
            print("FAILED: check should exit 1 with one line per bad file")
            return 1
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":  # the analysis pool spawns workers that import this module
    sys.exit(main())
