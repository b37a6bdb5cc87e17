"""Quitting while worker processes still analyse leaves no unread error behind: asyncio
would log "Future exception was never retrieved" with a traceback on the terminal."""

from __future__ import annotations

import asyncio
import gc
import logging

import pytest

from tui.app import NewsdeskApp
from tui.core.analysis import AnalysisCache
from tui.core.articles import Article
from tui.core.config import Settings
from tui.core.pool import AnalysisPool
from tui.core.store import Store


def _articles(count: int) -> list[Article]:
    found = []
    for n in range(count):
        text = (f"Report {n}: the council in Springfield approved {n + 3} new buses on Monday. "
                f"Mayor Ada Jones said {n * 7 + 11} drivers would be hired. ") * 20
        found.append(Article(uri=f"file:///tmp/exit-{n}.txt", text=text, title=f"Report {n}"))
    return found


@pytest.mark.process
def test_quitting_mid_analysis_logs_no_unretrieved_future(tmp_path, caplog):
    articles = _articles(12)

    unfinished: list[asyncio.Future] = []

    async def quit_while_analysing() -> None:
        db = tmp_path / "newsdesk.json"
        app = NewsdeskApp(articles, settings=Settings(db=db), store=Store(db),
                          pool=AnalysisPool(cache=AnalysisCache(tmp_path / "cache"), workers=1))
        async with app.run_test() as pilot:
            app.want_analysis(app.articles)
            await pilot.pause(0.3)
            assert app.analysis_progress[0] < app.analysis_progress[1]  # still at work
            unfinished.extend(f for f in app._futures.values() if not f.done())
        assert unfinished and all(f.cancelled() for f in unfinished)  # none left to fail

    with caplog.at_level(logging.ERROR, logger="asyncio"):
        asyncio.run(quit_while_analysing())
        gc.collect()
    assert not [r for r in caplog.records if "never retrieved" in r.getMessage()]


@pytest.mark.process
def test_an_analysis_its_reader_cancelled_finishes_quietly(tmp_path, caplog):
    """The worker's answer to a cancelled request is dropped, not forced into the
    cancelled future (concurrent.futures would log "exception calling callback")."""
    pool = AnalysisPool(cache=AnalysisCache(tmp_path / "cache"), workers=1)
    try:
        article = _articles(1)[0]
        with caplog.at_level(logging.ERROR, logger="concurrent.futures"):
            future = pool.submit(article.text, article.text_hash)
            assert future.cancel()
            again = pool.submit(article.text + " More.", "other-hash")
            again.result(timeout=120)  # one worker: the cancelled one's answer came first
        assert not [r for r in caplog.records if "callback" in r.getMessage()], caplog.text
    finally:
        pool.shutdown()
