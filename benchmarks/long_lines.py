"""A 2 MB article on one line: analysis in the worker, row layout, page down to repaint.

Run: python benchmarks/long_lines.py [--chars 2000000] [--rule-based]

Prints timings; asserts nothing. The text is generated (tests/long_text.py):
realistic sentences with figures, one line. "key → repaint" is the time from a
key reaching the app to the screen being composed again (headless, so without
the terminal's own drawing); pilot's press also waits for the app to go idle.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

WIDTHS = (80, 120, 200)
PAGE_DOWNS = 40


def _row(name: str, value) -> None:
    print(f"{name:58} {value:12.3f}" if isinstance(value, float) else f"{name:58} {value:>12}")


def analyse_in_worker(text: str, digest: str, scratch: Path):
    """The reader's path: the pool's worker process, model already loaded."""
    from tui.core.analysis import AnalysisCache
    from tui.core.articles import text_hash
    from tui.core.pool import AnalysisPool

    pool = AnalysisPool(cache=AnalysisCache(scratch / "cache"), workers=1)
    try:
        started = time.perf_counter()
        pool.submit("Warm up the worker.", text_hash("Warm up the worker.")).result()
        _row("worker start and model load (s)", time.perf_counter() - started)
        started = time.perf_counter()
        analysis = pool.submit(text, digest).result()
        _row("analysis in the worker, model " + pool.choice.model_id + " (s)",
             time.perf_counter() - started)
        _row("  sentences", len(analysis.sentences))
        _row("  entities and figures", len(analysis.entities))
    finally:
        pool.shutdown()
    return analysis


def layout(text: str) -> None:
    """ArticleView's rows for the text, and rich's divide_line (the path before) for comparison."""
    from rich._wrap import divide_line

    from tui.widgets.article_view import GUTTER, ArticleView

    view = ArticleView(text)
    for width in WIDTHS:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            view._relayout(width)
            times.append(time.perf_counter() - started)
        _row(f"layout at width {width}: {len(view._rows):,} rows (ms, median of 3)",
             statistics.median(times) * 1000)
    line = max(text.split("\n"), key=len)
    started = time.perf_counter()
    divide_line(line, WIDTHS[1] - GUTTER, fold=True)
    _row(f"  rich divide_line on the line at width {WIDTHS[1]} (ms)",
         (time.perf_counter() - started) * 1000)


async def reader_keys(article, scratch: Path) -> None:
    """Open the analysed article and time keys to the next composed screen."""
    from tui.app import NewsdeskApp
    from tui.core.analysis import AnalysisCache
    from tui.core.config import Settings
    from tui.core.pool import AnalysisPool
    from tui.core.store import Store
    from tui.screens.reader import ReaderScreen
    from tui.widgets.article_view import ArticleView

    store = Store(scratch / "db.json")
    app = NewsdeskApp([article], settings=Settings(db=store.path), store=store,
                      pool=AnalysisPool(cache=AnalysisCache(scratch / "cache"), workers=1))
    composed: list[float] = []
    display = app._display

    def timed_display(screen, renderable):
        if renderable is not None:
            composed.append(time.perf_counter())
        return display(screen, renderable)

    app._display = timed_display

    async def key_to_repaint(pilot, key: str) -> tuple[float, float]:
        composed.clear()
        sent = time.perf_counter()
        await pilot.press(key)
        pressed = time.perf_counter() - sent
        return (composed[0] - sent if composed else float("nan")), pressed

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        started = time.perf_counter()
        await pilot.press("enter")
        while not (isinstance(app.screen, ReaderScreen) and app.screen.analysis):
            await pilot.pause(0.01)
        _row("open the analysed article: enter → reader with sentences (s)",
             time.perf_counter() - started)
        view = app.screen.query_one(ArticleView)
        await pilot.pause()
        for key, label in (("space", "page down"), ("j", "next sentence")):
            repaint, pressed = zip(*[await key_to_repaint(pilot, key) for _ in range(PAGE_DOWNS)])
            _row(f"{label}: key → repaint, median (ms)", statistics.median(repaint) * 1000)
            _row(f"{label}: key → repaint, worst of {PAGE_DOWNS} (ms)", max(repaint) * 1000)
            _row(f"{label}: pilot press incl. waiting for idle, median (ms)",
                 statistics.median(pressed) * 1000)
        repaint, _ = await key_to_repaint(pilot, "v")
        _row("v (tag, written to disk) → repaint (ms)", repaint * 1000)
        _row("  cursor at sentence", view.cursor)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=2_000_000)
    parser.add_argument("--rule-based", action="store_true",
                        help="the fallback without a model (seconds instead of a minute)")
    args = parser.parse_args()

    from tests.long_text import long_line
    from tui.core import analysis as analysis_module
    from tui.core.articles import Article

    if args.rule_based:
        analysis_module.DEFAULT_MODELS = ("no-model",)
    text = long_line(args.chars)
    article = Article(uri="bench:long-line", text=text, title="A very long article")
    _row("characters, all on one line", len(text))
    with tempfile.TemporaryDirectory() as scratch:
        for name in ("NEWSDESK_CACHE_DIR", "NEWSDESK_DB", "NEWSDESK_CONFIG"):
            os.environ[name] = str(Path(scratch) / name.lower())
        analyse_in_worker(text, article.text_hash, Path(scratch))
        layout(text)
        asyncio.run(reader_keys(article, Path(scratch)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
