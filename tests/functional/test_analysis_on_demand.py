"""Analysis on demand: a start queues only the rows on screen, a feature that needs
the whole library queues the rest, and the workers run at a lower priority."""

from __future__ import annotations

import os

import pytest
from textual.widgets import DataTable

from tui.app import NewsdeskApp
from tui.core.analysis import AnalysisCache
from tui.core.articles import load_paths
from tui.core.config import Settings
from tui.core.pool import WORKER_NICENESS, AnalysisPool, worker_niceness
from tui.core.store import Store
from tui.screens.claims import ClaimsScreen

from .conftest import wait_for

SIZE = (120, 36)
ARTICLES = 60  # more than one screen of library rows


def short_library(folder, count=ARTICLES):
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:03}.txt").write_text(
            f"Report number {n} from Kyiv\n"
            f"Officials in Kyiv said {n + 3} drones were shot down on Tuesday.\n"
            f"The mayor, Vitali Klitschko, said repairs would take {n + 2} days.\n", "utf-8")
    return load_paths([folder]).articles


def app_for(articles, tmp_path, cache):
    db = tmp_path / "newsdesk.json"
    return NewsdeskApp(articles, settings=Settings(db=db), store=Store(db),
                       pool=AnalysisPool(cache=cache, workers=1))


@pytest.mark.slow
async def test_start_queues_only_the_visible_rows_then_claims_queue_the_rest(tmp_path):
    articles = short_library(tmp_path / "library")
    cache = AnalysisCache(tmp_path / "cache")
    app = app_for(articles, tmp_path, cache)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.analysis_progress[1] > 0)
        visible = app.screen.query_one(DataTable).scrollable_content_region.height
        queued = app.analysis_progress[1]
        assert 0 < queued <= visible < ARTICLES
        await wait_for(pilot, lambda: app.analysis_progress == (queued, queued), timeout=120)
        await pilot.pause(0.3)
        assert len(app.analyses) == queued, "nothing beyond the visible rows was analysed"
        assert len(list(cache.directory.iterdir())) == queued

        # The claims screen counts sources over the whole library: it asks for the rest.
        await pilot.press("C")
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        await wait_for(pilot, lambda: screen.sources_ready, timeout=180)
        assert len(app.analyses) == ARTICLES


@pytest.mark.slow
async def test_scrolling_queues_the_rows_that_come_into_view(tmp_path):
    articles = short_library(tmp_path / "library")
    app = app_for(articles, tmp_path, AnalysisCache(tmp_path / "cache"))
    last = articles[-1].text_hash
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.analysis_progress[1] > 0)
        assert last not in app._queued and last not in app.analyses
        await pilot.press(*"j" * (ARTICLES - 1))
        await wait_for(pilot, lambda: last in app._queued or last in app.analyses, timeout=30)


async def test_a_restart_analyses_nothing_already_cached(tmp_path):
    articles = short_library(tmp_path / "library", count=8)
    cache = AnalysisCache(tmp_path / "cache")
    app = app_for(articles, tmp_path, cache)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.analysis_progress == (8, 8), timeout=120)
    again = app_for(articles, tmp_path, cache)
    async with again.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: again.analysis_progress == (8, 8), timeout=30)
        assert again.pool._executor is None, "every analysis came from the cache"


def test_pool_workers_run_at_a_lower_priority(tmp_path):
    pool = AnalysisPool(cache=AnalysisCache(tmp_path / "cache"), workers=1)
    try:
        with pool._real_stderr():
            theirs = pool._ensure_executor().submit(worker_niceness).result(timeout=120)
    finally:
        pool.shutdown()
    mine = os.nice(0)
    assert theirs == min(19, mine + WORKER_NICENESS)


async def test_a_pool_that_refuses_work_does_not_stop_the_queue_or_the_app(tmp_path):
    from concurrent.futures.process import BrokenProcessPool

    articles = short_library(tmp_path / "library", count=6)
    app = app_for(articles, tmp_path, AnalysisCache(tmp_path / "cache"))

    def broken(*_args, **_kwargs):
        raise BrokenProcessPool("a worker was killed")

    app.pool.submit = broken
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.analysis_progress == (6, 6), timeout=30)
        await pilot.pause()
        assert app.is_running and not app.analyses
