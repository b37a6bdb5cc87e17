"""Fixtures for driving the real app headless with `App.run_test()`.

`warm_cache` analyses the seeds once per session with the real spaCy model so
most tests open articles instantly; `cold` apps start from an empty cache and
exercise the worker-process pool.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.app import NewsdeskApp
from tui.core.analysis import Analyser, AnalysisCache
from tui.core.articles import Article, load_paths
from tui.core.config import Settings
from tui.core.pool import AnalysisPool
from tui.core.store import Store

REPO = Path(__file__).resolve().parents[2]
SEEDS_DIR = REPO / "seeds"


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    loaded = load_paths([SEEDS_DIR])
    assert len(loaded.articles) == 5
    return loaded.articles


@pytest.fixture(scope="session")
def warm_cache(tmp_path_factory, seed_articles) -> AnalysisCache:
    cache = AnalysisCache(tmp_path_factory.mktemp("warm-cache"))
    analyser = Analyser(cache=cache)
    for article in seed_articles:
        analyser.analyse(article.text, article.text_hash)
    return cache


@pytest.fixture
def make_app(tmp_path, warm_cache, seed_articles) -> Callable[..., NewsdeskApp]:
    def factory(articles: list[Article] | None = None, *, cold: bool = False,
                db: Path | None = None) -> NewsdeskApp:
        db_path = db or tmp_path / "newsdesk.json"
        cache = AnalysisCache(tmp_path / "cold-cache") if cold else warm_cache
        return NewsdeskApp(
            articles if articles is not None else seed_articles,
            settings=Settings(db=db_path),
            store=Store(db_path),
            pool=AnalysisPool(cache=cache, workers=1),
        )

    return factory


async def wait_for(pilot, predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    """Let the app run until `predicate()` holds; fail after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        assert loop.time() < deadline, "the app did not reach the expected state in time"
        await pilot.pause(0.05)


async def open_reader(pilot, app, index: int):
    """Move to library row `index`, press enter, and wait for the analysed reader."""
    from tui.screens.reader import ReaderScreen

    for _ in range(index):
        await pilot.press("j")
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.analysis)
    await pilot.pause()
    return app.screen
