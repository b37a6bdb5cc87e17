"""Times a user feels: first paint, first highlighted article (cold cache), scrolling a long article.

Run: python benchmarks/reader_timings.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


async def cold_start(articles, scratch: Path) -> dict[str, float]:
    from tui.app import NewsdeskApp
    from tui.core.analysis import AnalysisCache
    from tui.core.config import Settings
    from tui.core.pool import AnalysisPool
    from tui.core.store import Store
    from tui.screens.reader import ReaderScreen

    started = time.perf_counter()
    store = Store(scratch / "db.json")
    app = NewsdeskApp(articles, settings=Settings(db=store.path), store=store,
                      pool=AnalysisPool(cache=AnalysisCache(scratch / "cache")))
    timings = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        timings["first paint (library on screen)"] = time.perf_counter() - started
        await pilot.press("enter")
        while not (isinstance(app.screen, ReaderScreen) and app.screen.analysis):
            await pilot.pause(0.01)
        timings["first article highlighted, cold cache"] = time.perf_counter() - started
        while app.analysis_progress[0] < app.analysis_progress[1]:
            await pilot.pause(0.01)
        timings["whole library analysed"] = time.perf_counter() - started
    return timings


async def long_article(scratch: Path) -> dict[str, float]:
    from tui.app import NewsdeskApp
    from tui.core.analysis import Analyser, AnalysisCache
    from tui.core.articles import Article
    from tui.core.config import Settings
    from tui.core.pool import AnalysisPool
    from tui.core.store import Store
    from tui.widgets.article_view import ArticleView

    seeds = sorted((Path(__file__).parents[1] / "seeds").glob("*.txt"))
    text = "\n\n".join(p.read_text("utf-8") for p in seeds) * 12
    article = Article(uri="bench:long", text=text, title="long")
    cache = AnalysisCache(scratch / "long-cache")
    t = time.perf_counter()
    Analyser(cache=cache).analyse(text, article.text_hash)
    analyse_seconds = time.perf_counter() - t
    store = Store(scratch / "long.json")
    app = NewsdeskApp([article], settings=Settings(db=store.path), store=store,
                      pool=AnalysisPool(cache=cache))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        frames = []
        for _ in range(200):
            t = time.perf_counter()
            await pilot.press("space")
            frames.append(time.perf_counter() - t)
    return {
        "long article: words": len(text.split()),
        "long article: NER + sentences in-process (s)": analyse_seconds,
        "long article: page-down, median ms (key to repaint)": statistics.median(frames) * 1000,
        "long article: page-down, p95 ms": sorted(frames)[int(len(frames) * 0.95)] * 1000,
        "long article: rows": len(view._rows),
    }


def main() -> None:
    from tui.core.articles import bundled_seeds_dir, load_paths

    articles = load_paths([bundled_seeds_dir()]).articles
    with tempfile.TemporaryDirectory() as scratch:
        results = asyncio.run(cold_start(articles, Path(scratch)))
        results.update(asyncio.run(long_article(Path(scratch))))
    for name, value in results.items():
        print(f"{name:55} {value:10.3f}" if isinstance(value, float) else f"{name:55} {value:10}")


if __name__ == "__main__":
    sys.exit(main())
